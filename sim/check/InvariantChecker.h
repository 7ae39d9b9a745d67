#pragma once
// InvariantChecker: judges every run against what replication promises.
//
// An observer like the report writers (it never changes the run): it keeps
// its own account of what the engine announced — applies, conflicts, commits,
// aborts, failovers — and at the end of the run (and, with Mode::Each, after
// every hook) compares it with the replicas' state:
//
//   applied_once        no write is applied twice at one replica;
//   confirmed_writes    every write confirmed to its client is held by every
//                       live replica its origin can reach over the links
//                       there are, or accounted for: discarded by a named
//                       conflict, aborted, lost in a failover or a removed
//                       stream, or still in flight (pending) at the end;
//   aborted_no_trace    (sync) no replica holds or has applied an aborted write;
//   converged           with a resolver that promises convergence
//                       (ConflictResolver::convergent: lww, merge, siblings,
//                       replica-priority, first-update-wins with causal
//                       ordering; any under sync), a topology over which
//                       every write can reach every node, every fault healed,
//                       no failover, no update skipped for a missing row
//                       (ordering none diverges that way on purpose) and the
//                       run quiescent: all replicas hold the same data;
//   merge_counters      under merge (a resolver that countsIncrements), a key
//                       written only by increments holds,
//                       at every replica, the sum of the increments applied
//                       there;
//   sync_commits        (sync) no confirmed write is discarded; each write's
//                       outcome is published at most once; committed +
//                       aborted + uncommitted = issued;
//   causal_order        with causal ordering (and under sync) no update or
//                       delete is skipped for a missing row;
//   nothing_pending     quiescent with every fault healed: no message in
//                       flight, stalled or held;
//   quorum_once         (leaderless) each write's and read's quorum is
//                       published at most once: reached with at least w acks
//                       (r answers), or failed with fewer; a write's commit
//                       (onCommit) comes only with its quorum reached.
//
// Conditions an invariant depends on are decided from the scenario and the
// final state; an invariant whose conditions do not hold is not checked and
// not listed in checked().

#include <cstdint>
#include <string>
#include <vector>

#include "sim/check/WriteNodeBits.h"
#include "sim/core/SimObserver.h"
#include "sim/replication/Simulation.h"

namespace replsim {

struct InvariantViolation {
  std::string invariant;
  std::string message;
};

class InvariantChecker final : public SimObserver {
 public:
  enum class Mode { End, Each };
  // Keeps at most this many violations (the rest are counted).
  static constexpr size_t kMaxViolations = 50;

  explicit InvariantChecker(const Simulation& sim, Mode mode = Mode::End);

  // REQUIRES: the run is over (Simulation::run returned `outcome`).
  void finish(const RunOutcome& outcome);

  const std::vector<std::string>& checked() const { return checked_; }
  const std::vector<InvariantViolation>& violations() const { return violations_; }
  uint64_t violationCount() const { return violationCount_; }

  void onApplied(const ApplyEvent& e) override;
  void onConflict(const ConflictEvent& e) override;
  void onCommit(const CommitEvent& e) override;
  void onFailover(const FailoverEvent& e) override;
  void onRejoin(const RejoinEvent& e) override;
  void onClientOp(const ClientOpEvent& e) override;
  void onDelivered(const MessageEvent& e) override;
  bool wantsQuorumEvents() const override { return leaderless_; }
  void onQuorum(const QuorumEvent& e) override;

 private:
  void violate(const std::string& invariant, std::string message);
  void markChecked(const char* invariant);
  bool mark(std::vector<uint8_t>& flags, uint32_t w);
  void checkNode(uint32_t node);  // the state checks that hold at every moment
  void resynced(NodeId n);        // n's applied-once bits become what it now holds
  bool convergentResolver() const;
  bool faultsHealed() const;
  std::vector<uint8_t> pendingWrites() const;

  const Simulation& sim_;
  Mode mode_;
  // (write, node): applied there (nodes x writes bits: 10 million on a ring of 1,000 x 10)
  WriteNodeBits applied_;
  std::vector<uint8_t> discarded_, committed_, aborted_, lost_, published_;
  std::vector<std::string> checked_;
  std::vector<InvariantViolation> violations_;
  uint64_t violationCount_ = 0;
  uint64_t skippedUpdates_ = 0;
  bool failovers_ = false;
  bool leaderless_ = false;
  std::vector<uint8_t> quorumWrites_, quorumReached_, quorumReads_;  // by write / read number
};

}  // namespace replsim
