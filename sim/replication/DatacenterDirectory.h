#pragma once
// DatacenterDirectory: which datacenter each node belongs to and which node
// leads each datacenter now (docs/datacenters.md).
//
// Built once from the scenario's datacenters and the topology; only a
// failover changes it (promote). Invariants:
//   * every node belongs to exactly one datacenter; a datacenter's members
//     keep the topology's order (its original leader first);
//   * each datacenter has exactly one current leader, one of its members;
//     every other member is a follower of it;
//   * multi-leader: every datacenter's leader takes writes; single-leader
//     (topology.kind "single-leader"): only the leader of the root
//     datacenter (the one whose leader is topology.leader) takes writes, and
//     the other datacenters' leaders are its followers that still feed their
//     own followers.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/SimTime.h"
#include "sim/model/LatencyDistribution.h"
#include "sim/model/Scenario.h"
#include "sim/topology/Topology.h"

namespace replsim {

class DatacenterDirectory {
 public:
  static constexpr uint32_t kNoDatacenter = UINT32_MAX;

  struct Datacenter {
    std::string name;
    std::vector<NodeId> members;  // the original leader first, then its followers in file order
    NodeId leader = 0;            // the current leader
    SimTime clientLatency;        // a client to any node of the datacenter: the mean intra latency
    const DatacenterSpec* spec = nullptr;
  };

  // REQUIRES: spec.datacenters is not empty; topology was built from spec.
  DatacenterDirectory(const TopologySpec& spec, const Topology& topology);

  size_t size() const { return dcs_.size(); }
  const Datacenter& operator[](uint32_t dc) const { return dcs_[dc]; }
  uint32_t dcOf(NodeId n) const { return dcOf_[n]; }
  std::optional<uint32_t> find(const std::string& name) const;
  NodeId leader(uint32_t dc) const { return dcs_[dc].leader; }
  // Whether n leads its datacenter now.
  bool leads(NodeId n) const { return dcs_[dcOf_[n]].leader == n; }
  // The single-leader root datacenter, or kNoDatacenter (multi-leader).
  uint32_t rootDc() const { return root_; }
  // Whether n executes client writes: a datacenter's leader (single-leader:
  // only the root's).
  bool takesWrites(NodeId n) const { return leads(n) && (root_ == kNoDatacenter || dcOf_[n] == root_); }
  // The datacenter's members other than its leader, in member order.
  std::vector<NodeId> followers(uint32_t dc) const;

  // REQUIRES: newLeader is a member of dc.
  void promote(uint32_t dc, NodeId newLeader);

 private:
  std::vector<Datacenter> dcs_;
  std::vector<uint32_t> dcOf_;
  uint32_t root_ = kNoDatacenter;
};

}  // namespace replsim
