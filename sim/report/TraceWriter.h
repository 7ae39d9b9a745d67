#pragma once
// TraceWriter: the `--trace` timeline, one event a line, in simulated-time
// order, aligned so a person can follow a write by eye (cli.md "The trace"):
//
//    10.000 ms  A → B   deliver  A#1 x=1 (insert)   path A
//    30.000 ms  B → C   deliver  B#1 x=2 (update)   path B   OVERTAKES A#1: update before insert at C
//
// Lines: client writes and reads, deliveries, drops (with the loop reason),
// conflicts and their resolution, writes released after being held for
// causal order, faults, streams stopped or resumed by outages, and
// datacenter failovers and rejoins.

#include <ostream>
#include <string>
#include <vector>

#include "sim/core/SimObserver.h"

namespace replsim {

class Simulation;

class TraceWriter final : public SimObserver {
 public:
  TraceWriter(const Simulation& sim, std::ostream& out);
  void onClientOp(const ClientOpEvent& e) override;
  void onRead(const ReadEvent& e) override;
  void onDelivered(const MessageEvent& e) override;
  void onDropped(const MessageEvent& e) override;
  void onApplied(const ApplyEvent& e) override;
  void onConflict(const ConflictEvent& e) override;
  // A scenario fault, quoted as the input states it (the one observer that
  // needs the input rather than its effects).
  void onFault(const FaultEvent& e) override;
  // Only auto_reconfigure's bypasses get a line (a fault's link changes are
  // in its fault line; a failover's in its failover line).
  void onLinkChange(const LinkChangeEvent& e) override;
  void onStream(const StreamEvent& e) override;
  void onCommit(const CommitEvent& e) override;
  void onFailover(const FailoverEvent& e) override;
  void onRejoin(const RejoinEvent& e) override;

 private:
  void line(SimTime at, const std::string& who, const std::string& what, const std::string& detail,
            const std::string& path = "", const std::string& note = "");
  std::string writeText(uint32_t w) const;  // A#1 x=1 (insert)
  std::string pathText(uint32_t path, int extraNode = -1) const;
  std::string writeList(const std::vector<uint32_t>& writes) const;  // "A#1,A#2" or "none"
  const Simulation& sim_;
  std::ostream& out_;
  size_t whoWidth_;
};

}  // namespace replsim
