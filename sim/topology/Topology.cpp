#include "sim/topology/Topology.h"

#include <map>
#include <stdexcept>
#include <utility>

#include "sim/topology/DatacenterTopology.h"

namespace replsim {

namespace {

// Collects the directed links of a topology in generation order, merging
// duplicates and dropping self-loops, so that the kinds below only have to
// say which edges exist. A link's params start at the links' defaults and
// then take every settings layer given for it, in the order given.
class LinkCollector {
 public:
  explicit LinkCollector(const LinkParams& defaults) : defaults_(defaults) {}

  // Adds from->to (or finds it when it already exists) and applies
  // `settings` over its params when given. A self-loop is ignored: a node
  // never replicates to itself.
  void add(NodeId from, NodeId to, const LinkSettings* settings = nullptr) {
    if (from == to) return;
    auto [it, inserted] = index_.try_emplace({from, to}, links_.size());
    if (inserted) links_.push_back(TopologyLink{from, to, defaults_});
    if (settings) links_[it->second].params.apply(*settings);
  }

  // Applies `settings` to from->to if that link exists; an override naming a
  // pair the topology does not connect does not create a link.
  void applyIfPresent(NodeId from, NodeId to, const LinkSettings& settings) {
    auto it = index_.find({from, to});
    if (it != index_.end()) links_[it->second].params.apply(settings);
  }

  std::vector<TopologyLink> take() { return std::move(links_); }

 private:
  LinkParams defaults_;
  std::vector<TopologyLink> links_;
  std::map<std::pair<NodeId, NodeId>, size_t> index_;
};

}  // namespace

Topology Topology::build(const TopologySpec& spec, const LinksSpec& links) {
  if (!spec.datacenters.empty()) return DatacenterTopology::build(spec, links);
  Topology t;
  t.kind_ = spec.kind;
  t.names_ = spec.leaders;
  // Names come from a validated scenario; a name that is still unknown here
  // is a programming error, reported rather than turned into a wrong NodeId.
  auto id = [&t](const std::string& name) {
    if (auto n = t.find(name)) return *n;
    throw std::invalid_argument("topology: unknown node \"" + name + "\"");
  };

  const auto n = static_cast<NodeId>(t.names_.size());
  LinkCollector collector(links.defaults);
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
  return fromLinks(spec.kind, std::move(t.names_), collector.take());
}

Topology Topology::fromLinks(TopologyKind kind, std::vector<std::string> names, std::vector<TopologyLink> links) {
  Topology t;
  t.kind_ = kind;
  t.names_ = std::move(names);
  t.links_ = std::move(links);
  for (const std::string& name : t.names_) t.graph_[boost::add_vertex(t.graph_)].name = name;
  for (size_t i = 0; i < t.links_.size(); ++i) {
    const TopologyLink& l = t.links_[i];
    if (l.from >= t.names_.size() || l.to >= t.names_.size() || l.from == l.to)
      throw std::invalid_argument("topology: a link between unknown or identical nodes");
    boost::add_edge(l.from, l.to, TopologyEdge{l.params, static_cast<uint32_t>(i)}, t.graph_);
  }
  return t;
}

Topology Topology::builtIn(TopologyKind kind, int leaders, const LinksSpec& links, const std::string& hub,
                           int fanout) {
  if (kind == TopologyKind::Custom || kind == TopologyKind::File)
    throw std::invalid_argument("topology: custom and file topologies are not built in");
  if (leaders < 1) throw std::invalid_argument("topology: needs at least one leader");
  TopologySpec spec;
  spec.kind = kind;
  for (int i = 1; i <= leaders; ++i) spec.leaders.push_back(std::string("L").append(std::to_string(i)));
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
