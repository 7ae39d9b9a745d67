#include "sim/replication/Failover.h"

namespace replsim {

std::optional<NodeId> Failover::chooseNewLeader(const DatacenterDirectory& dcs, uint32_t dc,
                                                const std::vector<Replica>& replicas, const Topology& topology) {
  std::optional<NodeId> best;
  size_t bestCount = 0;
  for (NodeId f : dcs.followers(dc)) {
    if (replicas[f].crashed) continue;
    const size_t count = replicas[f].processed.count();
    if (!best || count > bestCount || (count == bestCount && topology.name(f) < topology.name(*best))) {
      best = f;
      bestCount = count;
    }
  }
  return best;
}

std::vector<WriteIndex> Failover::lostWrites(const Replica& oldLeader, const Replica& newLeader, const WriteLog& log) {
  std::vector<WriteIndex> lost;
  for (uint32_t seq = 1; seq <= oldLeader.writesOriginated; ++seq) {
    const Dot d{oldLeader.id, seq};
    if (newLeader.processed.contains(d)) continue;
    if (const WriteIndex w = log.find(d); w != kNone) lost.push_back(w);
  }
  return lost;
}

std::optional<size_t> Failover::pendingRejoin(NodeId n) const {
  for (size_t i = 0; i < records_.size(); ++i)
    if (records_[i].oldLeader == n && !records_[i].rejoinedAt) return i;
  return std::nullopt;
}

}  // namespace replsim
