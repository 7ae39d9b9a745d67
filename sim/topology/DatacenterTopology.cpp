#include "sim/topology/DatacenterTopology.h"

#include <map>
#include <stdexcept>
#include <utility>

namespace replsim {

LatencyDistribution DatacenterTopology::intraLatency(const DatacenterSpec& dc) {
  return dc.intraLatency.value_or(LatencyDistribution::fixed(kDefaultIntraLatencyMs));
}

LinkParams DatacenterTopology::intraLink(const LinksSpec& links, const DatacenterSpec& dc, const std::string& from,
                                         const std::string& to) {
  LinkParams params = links.defaults;
  params.latency = intraLatency(dc);
  for (const LinkOverride& o : links.overrides)
    if ((o.from == from && o.to == to) || (o.both && o.from == to && o.to == from)) params.apply(o.settings);
  return params;
}

LinkParams DatacenterTopology::meshLink(const LinksSpec& links, const DatacenterSpec& fromDc, const std::string& from,
                                        const DatacenterSpec& toDc, const std::string& to) {
  const bool same = fromDc.name == toDc.name;
  LinkParams params = links.defaults;
  if (same) params.latency = intraLatency(fromDc);
  const auto names = [](const LinkOverride& o, const std::string& a, const std::string& b) {
    return (o.from == a && o.to == b) || (o.both && o.from == b && o.to == a);
  };
  for (const LinkOverride& o : links.overrides)
    if (names(o, from, to) || (!same && names(o, fromDc.leader, toDc.leader))) params.apply(o.settings);
  return params;
}

Topology DatacenterTopology::build(const TopologySpec& spec, const LinksSpec& links) {
  if (spec.datacenters.empty()) throw std::invalid_argument("topology: no datacenters to build");
  if (spec.datacenterMesh) {
    if (spec.kind != TopologyKind::AllToAll)
      throw std::invalid_argument("topology: a datacenter mesh is all-to-all");
    std::vector<std::string> names;
    std::vector<const DatacenterSpec*> dcOf;  // by node
    for (const DatacenterSpec& dc : spec.datacenters) {
      names.push_back(dc.leader);
      dcOf.push_back(&dc);
      for (const std::string& f : dc.followers) {
        names.push_back(f);
        dcOf.push_back(&dc);
      }
    }
    std::vector<LinkSpec> all;
    for (NodeId a = 0; a < names.size(); ++a)
      for (NodeId b = 0; b < names.size(); ++b)
        if (a != b) all.push_back(LinkSpec{a, b, meshLink(links, *dcOf[a], names[a], *dcOf[b], names[b])});
    return Topology::fromLinks(spec.kind, std::move(names), all);
  }
  std::vector<std::string> names;
  std::vector<NodeId> leaderIds;  // the i-th datacenter's leader
  for (const DatacenterSpec& dc : spec.datacenters) {
    leaderIds.push_back(static_cast<NodeId>(names.size()));
    names.push_back(dc.leader);
    names.insert(names.end(), dc.followers.begin(), dc.followers.end());
  }

  // The topology between the leaders, built as for plain leaders; the
  // overrides come last, over every link.
  TopologySpec between = spec;
  between.datacenters.clear();
  between.leaders.clear();
  for (const DatacenterSpec& dc : spec.datacenters) between.leaders.push_back(dc.leader);
  LinksSpec plain = links;
  plain.overrides.clear();
  const Topology leaders = Topology::build(between, plain);

  std::vector<LinkSpec> all;
  for (const TopologyLink& l : leaders.links())
    all.push_back(LinkSpec{leaderIds[l.from], leaderIds[l.to], l.params()});
  for (size_t d = 0; d < spec.datacenters.size(); ++d) {
    LinkParams intra = links.defaults;
    intra.latency = intraLatency(spec.datacenters[d]);
    for (size_t f = 0; f < spec.datacenters[d].followers.size(); ++f)
      all.push_back(LinkSpec{leaderIds[d], static_cast<NodeId>(leaderIds[d] + 1 + f), intra});
  }

  std::map<std::pair<std::string, std::string>, size_t> byEnds;
  for (size_t i = 0; i < all.size(); ++i) byEnds.emplace(std::pair{names[all[i].from], names[all[i].to]}, i);
  for (const LinkOverride& o : links.overrides) {
    if (auto it = byEnds.find({o.from, o.to}); it != byEnds.end()) all[it->second].params.apply(o.settings);
    if (!o.both) continue;
    if (auto it = byEnds.find({o.to, o.from}); it != byEnds.end()) all[it->second].params.apply(o.settings);
  }
  return Topology::fromLinks(spec.kind, std::move(names), all);
}

}  // namespace replsim
