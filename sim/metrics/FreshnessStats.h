#pragma once
// FreshnessStats: an observer that measures how far behind the replicas are
// — replication lag per node and the staleness of every read — and keeps the
// failovers of a run with what they lost (docs/datacenters.md).
//
//   * lag: for each node, apply time − issue time of every write from
//     another origin it applied (superseded ones included);
//   * staleness: a read of key k at replica R at time t is stale when some
//     write to k had been applied at its origin before t and R has not
//     processed it yet; its staleness is t − the issue time of the oldest
//     such write. A write a failover threw away (failover_rejoin discard) no
//     longer counts from that failover on: it is gone, not late;
//   * failovers: each FailoverEvent with the RejoinEvent of its old leader.
//
// Like RunStats it counts and records, and formats nothing. It asks the
// Simulation it watches (read-only) what a replica has processed at the
// moment of a read.

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/core/Ids.h"
#include "sim/core/SimObserver.h"
#include "sim/metrics/SampleCounts.h"

namespace replsim {

class Simulation;

class FreshnessStats final : public SimObserver {
 public:
  // Reads whose staleness is kept one by one (in RunStats::readLog order).
  static constexpr size_t kLogCap = 1000;

  explicit FreshnessStats(const Simulation& sim);

  void onClientOp(const ClientOpEvent& e) override;
  void onRead(const ReadEvent& e) override;
  void onApplied(const ApplyEvent& e) override;
  void onFailover(const FailoverEvent& e) override;
  void onRejoin(const RejoinEvent& e) override;

  struct FailoverRecord {
    FailoverEvent failover;
    std::optional<RejoinEvent> rejoin;
  };

  // Per node: apply − issue of the remote writes it applied, µs.
  const SampleCounts& lagUs(NodeId node) const {
    flushLag();
    return lagUs_[node];
  }
  uint64_t staleReads = 0;
  std::vector<int64_t> stalenessUs;         // per stale read, µs
  std::vector<std::optional<SimTime>> readStaleness;  // the first kLogCap reads: staleness if stale
  std::vector<FailoverRecord> failovers;

 private:
  // Lag samples are appended to one buffer and handed to their node's
  // counts in batches: appending to the applying node's own buffer at every
  // apply was a cache miss per apply on big runs (7.5 % of an all-to-all of
  // 2,000 leaders); a batch's adds run back to back, their misses
  // overlapping. (Grouping a batch by node first measured no faster.) The
  // counts are a multiset, so when a sample reaches them changes nothing.
  struct LagSample {
    NodeId node;
    int64_t us;
  };
  static constexpr size_t kLagBatch = size_t{1} << 15;
  void flushLag() const;
  mutable std::vector<SampleCounts> lagUs_;
  mutable std::vector<LagSample> pendingLag_;

  const Simulation& sim_;
  std::vector<std::vector<uint32_t>> writesByKey_;  // in issue order
  std::vector<uint8_t> thrownAway_;                 // per write: lost by a failover under discard
};

}  // namespace replsim
