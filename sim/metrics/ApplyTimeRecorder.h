#pragma once
// ApplyTimeRecorder: an observer that keeps, for every write of a run, its
// origin, its issue time and when each replica first took it in — the raw
// material of `replsim compare`'s outage metrics (OutageMetrics.h).
//
// "Took in" means applied (onApplied: its origin included, a superseded
// no-op included) or skipped as the update-before-insert anomaly (a
// ConflictEvent of type update_missing / delete_missing): either way the
// replica has received and processed the write, which is what replication
// is about; the anomaly is counted by the run report, not here.
//
// Storage is compact: three flat arrays indexed by write (and write * nodes
// + replica), grown with the run; no allocation per event beyond vector
// growth. Times are integer microseconds, kNever for "not by the end".

#include <cstdint>
#include <vector>

#include "sim/core/SimObserver.h"
#include "sim/replication/WriteLog.h"
#include "sim/topology/Topology.h"

namespace replsim {

class ApplyTimeRecorder final : public SimObserver {
 public:
  static constexpr int64_t kNever = INT64_MAX;

  explicit ApplyTimeRecorder(size_t nodes) : nodes_(nodes) {}

  void onClientOp(const ClientOpEvent& e) override;
  void onSent(const MessageEvent&) override { ++sent_; }
  void onApplied(const ApplyEvent& e) override { reached(e.write, e.node, e.at); }
  void onConflict(const ConflictEvent& e) override;

  size_t nodeCount() const { return nodes_; }
  size_t writeCount() const { return origin_.size(); }
  NodeId origin(uint32_t write) const { return origin_[write]; }
  int64_t issuedUs(uint32_t write) const { return issuedUs_[write]; }
  // When `replica` first took the write in, in us; kNever if it did not.
  int64_t reachedUs(uint32_t write, NodeId replica) const { return reachedUs_[write * nodes_ + replica]; }
  uint64_t messagesSent() const { return sent_; }
  // When the client issued its last operation (any operation: reads and
  // refused ones too; a routed operation counts from the client's request).
  // Zero when there was none.
  SimTime lastClientOp() const { return lastClientOp_; }

 private:
  void reached(uint32_t write, uint32_t node, SimTime at);

  size_t nodes_;
  std::vector<NodeId> origin_;
  std::vector<int64_t> issuedUs_;
  std::vector<int64_t> reachedUs_;  // [write * nodes_ + replica]
  uint64_t sent_ = 0;
  SimTime lastClientOp_;
};

}  // namespace replsim
