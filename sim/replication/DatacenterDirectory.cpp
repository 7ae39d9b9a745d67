#include "sim/replication/DatacenterDirectory.h"

#include <stdexcept>

#include "sim/topology/DatacenterTopology.h"

namespace replsim {

DatacenterDirectory::DatacenterDirectory(const TopologySpec& spec, const Topology& topology)
    : dcOf_(topology.nodeCount(), kNoDatacenter) {
  auto id = [&](const std::string& name) {
    if (auto n = topology.find(name)) return *n;
    throw std::invalid_argument("datacenters: unknown node \"" + name + "\"");
  };
  for (const DatacenterSpec& s : spec.datacenters) {
    Datacenter dc;
    dc.name = s.name;
    dc.spec = &s;
    dc.leader = id(s.leader);
    dc.members.push_back(dc.leader);
    for (const std::string& f : s.followers) dc.members.push_back(id(f));
    dc.clientLatency = SimTime::fromMs(DatacenterTopology::intraLatency(s).meanMs());
    for (NodeId m : dc.members) dcOf_[m] = static_cast<uint32_t>(dcs_.size());
    if (spec.kind == TopologyKind::SingleLeader && s.leader == spec.leader) root_ = static_cast<uint32_t>(dcs_.size());
    dcs_.push_back(std::move(dc));
  }
  for (uint32_t d : dcOf_)
    if (d == kNoDatacenter) throw std::invalid_argument("datacenters: a node belongs to no datacenter");
}

std::optional<uint32_t> DatacenterDirectory::find(const std::string& name) const {
  for (uint32_t d = 0; d < dcs_.size(); ++d)
    if (dcs_[d].name == name) return d;
  return std::nullopt;
}

std::vector<NodeId> DatacenterDirectory::followers(uint32_t dc) const {
  std::vector<NodeId> out;
  for (NodeId m : dcs_[dc].members)
    if (m != dcs_[dc].leader) out.push_back(m);
  return out;
}

void DatacenterDirectory::promote(uint32_t dc, NodeId newLeader) {
  if (dcOf_.at(newLeader) != dc) throw std::invalid_argument("datacenters: promoting a node of another datacenter");
  dcs_[dc].leader = newLeader;
}

}  // namespace replsim
