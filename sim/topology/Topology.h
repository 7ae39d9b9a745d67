#pragma once
// Topology: who replicates to whom, as a Boost.Graph directed graph of
// leaders with resolved link parameters on every edge.
//
// Built from a validated TopologySpec plus LinksSpec. Invariants:
//   * vertex i is topology.leaders[i] (file order), so NodeId is stable —
//     with datacenters, the layout of DatacenterTopology (every datacenter's
//     leader, then its followers);
//   * no self-loops, no parallel edges (a duplicate edge is merged, the later
//     settings win);
//   * links() lists every directed edge in a deterministic order (the order
//     the topology kind generates them, then custom edges in file order);
//   * each link's params are default <- per-edge settings <- overrides.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "sim/core/Ids.h"
#include "sim/model/Scenario.h"

namespace replsim {


struct TopologyVertex {
  std::string name;
};
struct TopologyEdge {
  LinkParams params;
  uint32_t linkIndex = 0;  // index into Topology::links()
};
using TopologyGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                            TopologyVertex, TopologyEdge>;

// A link as the topology keeps it: 16 bytes, its settings shared with every
// link that has the same (an all-to-all of 2,000 leaders has 4 million links
// and usually one set of settings).
struct TopologyLink {
  NodeId from = 0, to = 0;
  const LinkParams& params() const { return *params_; }

 private:
  friend class Topology;
  const LinkParams* params_ = nullptr;  // into Topology's table, shared by its copies
};

// A link while a topology is being built: its settings by index.
struct CompactLink {
  NodeId from = 0, to = 0;
  uint32_t paramsId = 0;
};

// A link with its own settings: what fromLinks() takes.
struct LinkSpec {
  NodeId from = 0, to = 0;
  LinkParams params;
};

class Topology {
 public:
  // REQUIRES: spec and links come from a successfully loaded Scenario
  // (names valid). For kind File the loader has already turned the DOT file
  // into spec.edges and spec.leaders.
  static Topology build(const TopologySpec& spec, const LinksSpec& links);

  // The built-in kinds, for `replsim topology --kind K --leaders N` and
  // `replsim compare`: leaders L1..Ln, default links.
  static Topology builtIn(TopologyKind kind, int leaders, const LinksSpec& links = {},
                          const std::string& hub = "", int fanout = 2);

  // A topology from its parts (DatacenterTopology composes one).
  // REQUIRES: every link's ends are indices into names; no self-loops, no
  // two links with the same ends.
  static Topology fromLinks(TopologyKind kind, std::vector<std::string> names, const std::vector<LinkSpec>& links);

  TopologyKind kind() const { return kind_; }
  size_t nodeCount() const { return names_.size(); }
  const std::string& name(NodeId n) const { return names_[n]; }
  const std::vector<std::string>& names() const { return names_; }
  std::optional<NodeId> find(const std::string& name) const;
  const std::vector<TopologyLink>& links() const { return links_; }
  // The Boost graph, built on first use (only the analyses need it: a run
  // does not pay for its ~200 bytes a link). Thread-safe.
  const TopologyGraph& graph() const;
  // The spec's default for replication.forward: false for all-to-all and
  // single-leader, true otherwise.
  bool defaultForward() const;

 private:
  // Takes links whose params_ hold indices into `params` (as pointers-to-be).
  static Topology assemble(TopologyKind kind, std::vector<std::string> names, const std::vector<CompactLink>& links,
                           std::vector<LinkParams> params);
  friend class LinkCollector;
  struct GraphCache {
    std::once_flag built;
    TopologyGraph graph;
  };

  TopologyKind kind_ = TopologyKind::AllToAll;
  std::vector<std::string> names_;
  std::vector<TopologyLink> links_;
  std::shared_ptr<const std::vector<LinkParams>> params_;  // what links_ point into
  std::shared_ptr<GraphCache> graph_ = std::make_shared<GraphCache>();
};

}  // namespace replsim
