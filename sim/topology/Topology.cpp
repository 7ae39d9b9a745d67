#include "sim/topology/Topology.h"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "sim/topology/DatacenterTopology.h"

namespace replsim {

// Collects a topology's links in generation order, each with its settings
// interned (one copy of each distinct LinkParams). Kinds that generate each
// pair of ends once need no index; custom and DOT edges may repeat a pair
// (the later settings win), so they look it up. Overrides look links up in
// an index sorted by ends, made only when there are overrides.
class LinkCollector {
 public:
  LinkCollector(const LinkParams& defaults, bool mayRepeat) : mayRepeat_(mayRepeat) { defaults_ = intern(defaults); }

  void add(NodeId from, NodeId to, const LinkSettings* settings = nullptr) {
    if (from == to) return;
    size_t at = links_.size();
    if (mayRepeat_) {
      auto [it, inserted] = index_.try_emplace({from, to}, links_.size());
      at = it->second;
      if (inserted) links_.push_back(CompactLink{from, to, defaults_});
    } else {
      links_.push_back(CompactLink{from, to, defaults_});
    }
    if (settings) apply(at, *settings);
  }

  // Applies an override to the link from→to, if there is one.
  void applyIfPresent(NodeId from, NodeId to, const LinkSettings& settings) {
    if (mayRepeat_) {
      if (auto it = index_.find({from, to}); it != index_.end()) apply(it->second, settings);
      return;
    }
    if (sorted_.size() != links_.size()) {
      sorted_.resize(links_.size());
      for (uint32_t i = 0; i < sorted_.size(); ++i) sorted_[i] = i;
      std::sort(sorted_.begin(), sorted_.end(), [&](uint32_t a, uint32_t b) { return ends(a) < ends(b); });
    }
    auto it = std::lower_bound(sorted_.begin(), sorted_.end(), std::pair{from, to},
                               [&](uint32_t i, const std::pair<NodeId, NodeId>& e) { return ends(i) < e; });
    if (it != sorted_.end() && ends(*it) == std::pair{from, to}) apply(*it, settings);
  }

  Topology finish(TopologyKind kind, std::vector<std::string> names) {
    return Topology::assemble(kind, std::move(names), links_, std::move(params_));
  }

 private:
  std::pair<NodeId, NodeId> ends(uint32_t i) const { return {links_[i].from, links_[i].to}; }
  void apply(size_t link, const LinkSettings& settings) {
    LinkParams p = params_[links_[link].paramsId];
    p.apply(settings);
    links_[link].paramsId = intern(p);
  }
  uint32_t intern(const LinkParams& p) {
    auto [it, inserted] = ids_.try_emplace(p.key(), static_cast<uint32_t>(params_.size()));
    if (inserted) params_.push_back(p);
    return it->second;
  }

  bool mayRepeat_;
  uint32_t defaults_ = 0;
  std::vector<CompactLink> links_;
  std::vector<LinkParams> params_;
  std::map<decltype(LinkParams{}.key()), uint32_t> ids_;
  std::map<std::pair<NodeId, NodeId>, size_t> index_;  // mayRepeat_ only
  std::vector<uint32_t> sorted_;                        // link indices by ends, for overrides
};


Topology Topology::build(const TopologySpec& spec, const LinksSpec& links) {
  if (!spec.datacenters.empty()) return DatacenterTopology::build(spec, links);
  Topology t;
  t.kind_ = spec.kind;
  t.names_ = spec.leaders;
  // Names come from a validated scenario; a name that is still unknown here
  // is a programming error, reported rather than turned into a wrong NodeId.
  std::map<std::string, NodeId> ids;  // (find() is a linear search: custom graphs name every edge's ends)
  for (NodeId i = 0; i < t.names_.size(); ++i) ids.emplace(t.names_[i], i);
  auto id = [&ids](const std::string& name) {
    if (auto it = ids.find(name); it != ids.end()) return it->second;
    throw std::invalid_argument(fmt::format("topology: unknown node \"{}\"", name));
  };

  const auto n = static_cast<NodeId>(t.names_.size());
  // (a bidirectional ring of two generates each link twice; custom and DOT edges may repeat)
  LinkCollector collector(links.defaults, spec.kind == TopologyKind::Custom || spec.kind == TopologyKind::File ||
                                              spec.kind == TopologyKind::BidirectionalRing);
  switch (spec.kind) {
    case TopologyKind::AllToAll:
      for (NodeId i = 0; i < n; ++i)
        for (NodeId j = 0; j < n; ++j) collector.add(i, j);
      break;
    case TopologyKind::Ring:
      for (NodeId i = 0; i < n; ++i) collector.add(i, (i + 1) % n);
      break;
    case TopologyKind::BidirectionalRing:
      for (NodeId i = 0; i < n; ++i) collector.add(i, (i + 1) % n);
      for (NodeId i = 0; i < n; ++i) collector.add(i, (i + n - 1) % n);
      break;
    case TopologyKind::Star: {
      const NodeId hub = id(spec.hub);
      for (NodeId leaf = 0; leaf < n; ++leaf) {
        collector.add(hub, leaf);
        collector.add(leaf, hub);
      }
      break;
    }
    case TopologyKind::Line:
      for (NodeId i = 0; i + 1 < n; ++i) {
        collector.add(i, i + 1);
        collector.add(i + 1, i);
      }
      break;
    case TopologyKind::Tree: {
      if (spec.fanout < 1) throw std::invalid_argument("topology: tree fanout must be at least 1");
      const auto fanout = static_cast<NodeId>(spec.fanout);
      for (NodeId i = 1; i < n; ++i) {
        collector.add((i - 1) / fanout, i);
        collector.add(i, (i - 1) / fanout);
      }
      break;
    }
    case TopologyKind::Custom:
    case TopologyKind::File:
      for (const EdgeSpec& e : spec.edges) {
        const NodeId from = id(e.from), to = id(e.to);
        collector.add(from, to, &e.settings);
        if (e.both) collector.add(to, from, &e.settings);
      }
      break;
    case TopologyKind::SingleLeader: {
      const NodeId leader = id(spec.leader);
      for (NodeId follower = 0; follower < n; ++follower) collector.add(leader, follower);
      break;
    }
  }
  for (const LinkOverride& o : links.overrides) {
    const NodeId from = id(o.from), to = id(o.to);
    collector.applyIfPresent(from, to, o.settings);
    if (o.both) collector.applyIfPresent(to, from, o.settings);
  }
  return collector.finish(spec.kind, std::move(t.names_));
}

Topology Topology::fromLinks(TopologyKind kind, std::vector<std::string> names, const std::vector<LinkSpec>& links) {
  std::vector<CompactLink> compact;
  compact.reserve(links.size());
  std::vector<LinkParams> params;
  std::map<decltype(LinkParams{}.key()), uint32_t> ids;
  for (const LinkSpec& l : links) {
    auto [it, inserted] = ids.try_emplace(l.params.key(), static_cast<uint32_t>(params.size()));
    if (inserted) params.push_back(l.params);
    compact.push_back(CompactLink{l.from, l.to, it->second});
  }
  return assemble(kind, std::move(names), compact, std::move(params));
}

Topology Topology::assemble(TopologyKind kind, std::vector<std::string> names, const std::vector<CompactLink>& links,
                            std::vector<LinkParams> params) {
  Topology t;
  t.kind_ = kind;
  t.names_ = std::move(names);
  auto table = std::make_shared<const std::vector<LinkParams>>(std::move(params));
  t.links_.reserve(links.size());
  for (const CompactLink& c : links) {
    if (c.from >= t.names_.size() || c.to >= t.names_.size() || c.from == c.to)
      throw std::invalid_argument("topology: a link between unknown or identical nodes");
    TopologyLink l;
    l.from = c.from;
    l.to = c.to;
    l.params_ = &(*table)[c.paramsId];
    t.links_.push_back(l);
  }
  t.params_ = std::move(table);
  t.graph_ = std::make_shared<GraphCache>();
  return t;
}

const TopologyGraph& Topology::graph() const {
  std::call_once(graph_->built, [this] {
    TopologyGraph& g = graph_->graph;
    for (const std::string& name : names_) g[boost::add_vertex(g)].name = name;
    for (size_t i = 0; i < links_.size(); ++i)
      boost::add_edge(links_[i].from, links_[i].to, TopologyEdge{links_[i].params(), static_cast<uint32_t>(i)}, g);
  });
  return graph_->graph;
}

Topology Topology::builtIn(TopologyKind kind, int leaders, const LinksSpec& links, const std::string& hub,
                           int fanout) {
  if (kind == TopologyKind::Custom || kind == TopologyKind::File)
    throw std::invalid_argument("topology: custom and file topologies are not built in");
  if (leaders < 1) throw std::invalid_argument("topology: needs at least one leader");
  TopologySpec spec;
  spec.kind = kind;
  for (int i = 1; i <= leaders; ++i) spec.leaders.push_back(fmt::format("L{}", i));
  spec.hub = hub.empty() ? spec.leaders.front() : hub;
  spec.fanout = fanout;
  spec.leader = spec.leaders.front();
  return build(spec, links);
}

std::optional<NodeId> Topology::find(const std::string& name) const {
  for (NodeId i = 0; i < names_.size(); ++i)
    if (names_[i] == name) return i;
  return std::nullopt;
}

bool Topology::defaultForward() const {
  return kind_ != TopologyKind::AllToAll && kind_ != TopologyKind::SingleLeader;
}

}  // namespace replsim
