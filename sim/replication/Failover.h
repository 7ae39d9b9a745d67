#pragma once
// Failover: the bookkeeping of leader failover in datacenters, and the
// choice of whom to promote (docs/datacenters.md).
//
// It records when each node last crashed (a failover is due when a
// datacenter's leader has been down for failover_after_ms without a break),
// every promotion made, with the writes it lost, and which old leaders have
// not rejoined yet. The Simulation carries the promotion out (links,
// catch-up, hooks); this class only decides and remembers, so the rules can
// be tested on their own. Invariant: at most one record per old leader is
// pending (an old leader rejoins before it can lead and fail again).

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/core/SimTime.h"
#include "sim/replication/DatacenterDirectory.h"
#include "sim/replication/Replica.h"
#include "sim/replication/WriteLog.h"
#include "sim/topology/Topology.h"

namespace replsim {

class Failover {
 public:
  struct Record {
    SimTime at;
    uint32_t dc = 0;
    NodeId oldLeader = 0, newLeader = 0;
    std::vector<WriteIndex> lost;       // the old leader's writes the new one had not processed
    std::optional<SimTime> rejoinedAt;  // when the old leader came back as a follower
  };

  explicit Failover(size_t nodes) : crashedSince_(nodes) {}

  void noteCrash(NodeId n, SimTime at) { crashedSince_[n] = at; }
  // When n last crashed (meaningful while it is crashed).
  SimTime crashedSince(NodeId n) const { return crashedSince_[n]; }

  // The most up-to-date live follower of dc: the one that has processed the
  // most writes; ties go to the name first in sorted order. nullopt when no
  // follower is live.
  static std::optional<NodeId> chooseNewLeader(const DatacenterDirectory& dcs, uint32_t dc,
                                               const std::vector<Replica>& replicas, const Topology& topology);
  // The writes `oldLeader` originated that `newLeader` has not processed, in
  // sequence order: what a promotion loses.
  static std::vector<WriteIndex> lostWrites(const Replica& oldLeader, const Replica& newLeader, const WriteLog& log);

  size_t add(Record r) {
    records_.push_back(std::move(r));
    return records_.size() - 1;
  }
  Record& operator[](size_t i) { return records_[i]; }
  const std::vector<Record>& records() const { return records_; }
  // The failover whose old leader is n and that n has not rejoined yet.
  std::optional<size_t> pendingRejoin(NodeId n) const;

 private:
  std::vector<SimTime> crashedSince_;
  std::vector<Record> records_;
};

}  // namespace replsim
