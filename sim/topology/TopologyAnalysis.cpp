#include "sim/topology/TopologyAnalysis.h"

#include <algorithm>
#include <boost/graph/biconnected_components.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/dominator_tree.hpp>
#include <boost/graph/edmonds_karp_max_flow.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/property_map/function_property_map.hpp>
#include <iterator>
#include <limits>
#include <set>
#include <utility>

namespace replsim {

std::vector<NodeId> TopologyAnalysis::criticalNodes() const {
  std::vector<NodeId> out;
  for (const NodeFailure& f : nodeFailures)
    if (!f.cut.empty()) out.push_back(f.node);
  return out;
}

std::vector<uint32_t> TopologyAnalysis::criticalLinks() const {
  std::vector<uint32_t> out;
  for (const LinkFailure& f : linkFailures)
    if (!f.cut.empty()) out.push_back(f.link);
  return out;
}

namespace {

// A link's weight for latency diameters. Dijkstra needs non-negative
// weights; a mean below 0 can only come from a distribution truncated at 0,
// whose samples are never negative.
double meanLatencyMs(const LinkParams& p) { return std::max(0.0, p.latency.meanMs()); }

// ---------------------------------------------------------------------------
// Connectivity, by max-flow on a unit-capacity helper network.

// A flow network in Boost's convention: every arc has a reverse arc of
// capacity 0, and edmonds_karp_max_flow resets the residual capacities on
// each call, so one network serves any number of (source, sink) queries.
class FlowNetwork {
  using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
  using Graph = boost::adjacency_list<
      boost::vecS, boost::vecS, boost::directedS, boost::no_property,
      boost::property<boost::edge_capacity_t, long,
                      boost::property<boost::edge_residual_capacity_t, long,
                                      boost::property<boost::edge_reverse_t, Traits::edge_descriptor>>>>;

 public:
  explicit FlowNetwork(size_t vertices) : g_(vertices) {}

  void addArc(size_t from, size_t to) {
    auto forward = boost::add_edge(from, to, g_).first;
    auto backward = boost::add_edge(to, from, g_).first;
    boost::put(boost::edge_capacity, g_, forward, 1L);
    boost::put(boost::edge_capacity, g_, backward, 0L);
    boost::put(boost::edge_reverse, g_, forward, backward);
    boost::put(boost::edge_reverse, g_, backward, forward);
  }

  int maxFlow(size_t source, size_t sink) {
    return static_cast<int>(boost::edmonds_karp_max_flow(g_, source, sink));
  }

 private:
  Graph g_;
};

// Vertex connectivity of a strongly connected digraph with n >= 2 nodes, by
// Even's algorithm: a minimum separator S misses one of the first |S| + 1
// nodes, say v_i with i minimal, and then separates v_i from (or to) some v_j
// with j > i, as every v_k with k < i is in S. So only pairs (v_i, v_j) with
// i <= kappa need a max-flow, and only non-adjacent ones (an arc cannot be
// cut by removing nodes). Max-flow counts node-disjoint paths in the usual
// split network: node v becomes v_in = 2v -> v_out = 2v + 1 with capacity 1.
int vertexConnectivity(const Topology& t, const std::vector<char>& adjacent, int upperBound) {
  const size_t n = t.nodeCount();
  FlowNetwork net(2 * n);
  for (size_t v = 0; v < n; ++v) net.addArc(2 * v, 2 * v + 1);
  for (const TopologyLink& l : t.links()) net.addArc(2 * l.from + 1, 2 * l.to);

  int kappa = upperBound;
  for (size_t i = 0; i < n && static_cast<int>(i) <= kappa; ++i) {
    for (size_t j = i + 1; j < n; ++j) {
      if (!adjacent[i * n + j]) kappa = std::min(kappa, net.maxFlow(2 * i + 1, 2 * j));
      if (!adjacent[j * n + i]) kappa = std::min(kappa, net.maxFlow(2 * j + 1, 2 * i));
    }
  }
  return kappa;
}

// Edge connectivity of a strongly connected digraph with n >= 2 nodes: a
// minimum cut separates node 0 from some v or some v from node 0.
int edgeConnectivity(const Topology& t, int upperBound) {
  const size_t n = t.nodeCount();
  FlowNetwork net(n);
  for (const TopologyLink& l : t.links()) net.addArc(l.from, l.to);
  int lambda = upperBound;
  for (size_t v = 1; v < n; ++v) lambda = std::min({lambda, net.maxFlow(0, v), net.maxFlow(v, 0)});
  return lambda;
}

void analyzeConnectivity(const Topology& t, TopologyAnalysis& a) {
  const TopologyGraph& g = t.graph();
  const size_t n = t.nodeCount();

  std::vector<size_t> component(n);
  const size_t components = boost::strong_components(
      g, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, g)));
  a.stronglyConnected = components <= 1;

  // Links without direction, each unordered pair once.
  using Undirected = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  Undirected u(n);
  std::set<std::pair<NodeId, NodeId>> pairs;
  for (const TopologyLink& l : t.links())
    if (pairs.insert(std::minmax(l.from, l.to)).second) boost::add_edge(l.from, l.to, u);
  boost::articulation_points(u, std::back_inserter(a.articulationPoints));
  std::sort(a.articulationPoints.begin(), a.articulationPoints.end());

  if (!a.stronglyConnected || n < 2) return;  // both connectivities are 0
  // kappa <= lambda <= delta (Whitney), delta = the smallest in- or out-degree.
  std::vector<char> adjacent(n * n, 0);
  std::vector<int> inDegree(n, 0), outDegree(n, 0);
  for (const TopologyLink& l : t.links()) {
    adjacent[l.from * n + l.to] = 1;
    ++outDegree[l.from];
    ++inDegree[l.to];
  }
  const int delta = std::min(*std::min_element(inDegree.begin(), inDegree.end()),
                             *std::min_element(outDegree.begin(), outDegree.end()));
  a.vertexConnectivity = vertexConnectivity(t, adjacent, delta);
  // When kappa reaches delta, lambda is squeezed to it without any max-flow.
  a.edgeConnectivity = a.vertexConnectivity == delta ? delta : edgeConnectivity(t, delta);
}

// ---------------------------------------------------------------------------
// Replication reachability.

// Everything that depends on forward == true: writes travel along paths, so
// origin o replicates to r iff r is reachable from o.
//
// Which pairs a single failure cuts comes from dominator trees: with node x
// down, r is unreachable from o iff x dominates r in the graph seen from o
// (every path o -> r passes x). Links are handled the same way: link u -> v
// lies on every path o -> r iff it lies on every path o -> v and v dominates
// r (or is r). And it lies on every path o -> v iff it is v's only "entry":
// the last link of a simple path o -> v comes from an in-neighbour w of v
// that o reaches without passing v, i.e. one that v does not dominate.
// Walking each replica's dominator chain up to its origin then lists exactly
// the failures that cut the pair, so the sweep costs one Lengauer-Tarjan run
// and one pass over the links per origin, plus the size of the answer.
class ForwardingSweep {
  using Vertex = boost::graph_traits<TopologyGraph>::vertex_descriptor;
  using Edge = boost::graph_traits<TopologyGraph>::edge_descriptor;
  static constexpr uint32_t kNoLink = std::numeric_limits<uint32_t>::max();

 public:
  ForwardingSweep(const Topology& t, TopologyAnalysis& a)
      : g_(t.graph()),
        a_(a),
        n_(t.nodeCount()),
        hops_(n_),
        latency_(n_),
        idom_(n_),
        dfnum_(n_),
        dfsParent_(n_),
        byDfnum_(n_),
        entered_(n_),
        finished_(n_),
        entry_(n_) {
    for (NodeId v = 0; v < n_; ++v) a_.nodeFailures.push_back({v, {}});
    for (uint32_t i = 0; i < t.links().size(); ++i) {
      a_.linkFailures.push_back({i, {}});
      weights_.push_back(meanLatencyMs(t.links()[i].params()));
    }
  }

  // Origins in order, replicas in order: every failure's list of cut pairs
  // comes out sorted.
  void run() {
    for (NodeId o : a_.writers) {
      searchFrom(o);
      findEntryLinks(o);
      for (NodeId r = 0; r < n_; ++r) {
        if (r == o || hops_[r] < 0) continue;
        ++a_.pairsTotal;
        a_.diameterHops = std::max(a_.diameterHops, hops_[r]);
        a_.diameterLatencyMs = std::max(a_.diameterLatencyMs, latency_[r]);
        for (Vertex x = r;;) {
          if (entry_[x] != kNoLink) a_.linkFailures[entry_[x]].cut.push_back({o, r});
          x = idom_[x];
          if (x == o) break;
          a_.nodeFailures[x].cut.push_back({o, r});
        }
      }
    }
  }

 private:
  // Hops and latency from o, and o's dominator tree, numbered by a
  // depth-first walk so that dominance is an interval test.
  void searchFrom(NodeId o) {
    const auto index = boost::get(boost::vertex_index, g_);
    auto map = [&index](auto& v) { return boost::make_iterator_property_map(v.begin(), index); };

    std::fill(hops_.begin(), hops_.end(), -1);
    hops_[o] = 0;
    boost::breadth_first_search(
        g_, o,
        boost::visitor(boost::make_bfs_visitor(boost::record_distances(map(hops_), boost::on_tree_edge()))));
    auto weight =
        boost::make_function_property_map<Edge, double>([this](Edge e) { return weights_[g_[e].linkIndex]; });
    boost::dijkstra_shortest_paths(g_, o, boost::weight_map(weight).distance_map(map(latency_)));

    // The full overload, with unreachable nodes masked as its preconditions
    // ask: Boost 1.74's three-argument one numbers them 0 like the entry, and
    // a node reachable only from them then gets a wrong immediate dominator
    // (boostorg/graph pull request #97).
    const Vertex none = boost::graph_traits<TopologyGraph>::null_vertex();
    std::fill(idom_.begin(), idom_.end(), none);
    std::fill(dfnum_.begin(), dfnum_.end(), std::numeric_limits<size_t>::max());
    std::fill(dfsParent_.begin(), dfsParent_.end(), none);
    std::fill(byDfnum_.begin(), byDfnum_.end(), none);
    boost::lengauer_tarjan_dominator_tree(g_, o, index, map(dfnum_), map(dfsParent_), byDfnum_, map(idom_));
    using Tree = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
    Tree tree(n_);
    for (NodeId v = 0; v < n_; ++v)
      if (v != o && hops_[v] >= 0) boost::add_edge(idom_[v], v, tree);
    int time = 0;
    std::vector<boost::default_color_type> color(n_);
    boost::depth_first_visit(tree, o,
                             boost::make_dfs_visitor(std::make_pair(
                                 boost::stamp_times(map(entered_), time, boost::on_discover_vertex()),
                                 boost::stamp_times(map(finished_), time, boost::on_finish_vertex()))),
                             map(color));
  }

  // Whether v dominates w (v != w) in the current origin's dominator tree.
  bool dominates(Vertex v, Vertex w) const {
    return entered_[v] < entered_[w] && finished_[w] < finished_[v];
  }

  // entry_[v]: the link through which every path from o enters v, if any.
  void findEntryLinks(NodeId o) {
    for (Vertex v = 0; v < n_; ++v) {
      entry_[v] = kNoLink;
      if (v == o || hops_[v] < 0) continue;
      int entries = 0;
      for (Edge e : boost::make_iterator_range(boost::in_edges(v, g_))) {
        const Vertex w = boost::source(e, g_);
        if (hops_[w] < 0 || dominates(v, w)) continue;
        ++entries;
        entry_[v] = g_[e].linkIndex;
      }
      if (entries > 1) entry_[v] = kNoLink;
    }
  }

  const TopologyGraph& g_;
  TopologyAnalysis& a_;
  const NodeId n_;
  std::vector<double> weights_;  // by link index: Dijkstra asks for them over and over
  // Per origin, indexed by node.
  std::vector<int> hops_;        // -1: not reachable
  std::vector<double> latency_;  // shortest path by mean latency
  std::vector<Vertex> idom_;     // immediate dominator
  std::vector<size_t> dfnum_;    // Lengauer-Tarjan's own depth-first numbering
  std::vector<Vertex> dfsParent_, byDfnum_;
  std::vector<int> entered_, finished_;  // DFS times in the dominator tree
  std::vector<uint32_t> entry_;          // the sole entry link, or kNoLink
};

// forward == false: a pair replicates exactly when it has a direct link, so
// no node failure cuts a surviving pair and each link failure cuts its own.
void analyzeDirect(const Topology& t, TopologyAnalysis& a) {
  std::vector<char> writes(t.nodeCount(), 0);
  for (NodeId w : a.writers) writes[w] = 1;
  for (NodeId v = 0; v < t.nodeCount(); ++v) a.nodeFailures.push_back({v, {}});
  for (uint32_t i = 0; i < t.links().size(); ++i) {
    const TopologyLink& l = t.links()[i];
    a.linkFailures.push_back({i, {}});
    if (!writes[l.from]) continue;
    ++a.pairsTotal;
    a.diameterHops = 1;
    a.diameterLatencyMs = std::max(a.diameterLatencyMs, meanLatencyMs(l.params()));
    a.linkFailures.back().cut.push_back({l.from, l.to});
  }
}

// The writers and the links between them, as a topology of their own.
Topology writersOnly(const Topology& t, const std::vector<NodeId>& writers) {
  std::vector<NodeId> index(t.nodeCount(), std::numeric_limits<NodeId>::max());
  std::vector<std::string> names;
  for (NodeId w : writers) {
    index[w] = static_cast<NodeId>(names.size());
    names.push_back(t.name(w));
  }
  std::vector<LinkSpec> links;
  for (const TopologyLink& l : t.links())
    if (index[l.from] != std::numeric_limits<NodeId>::max() && index[l.to] != std::numeric_limits<NodeId>::max())
      links.push_back({index[l.from], index[l.to], l.params()});
  return Topology::fromLinks(t.kind(), std::move(names), std::move(links));
}

}  // namespace

TopologyAnalysis analyzeTopology(const Topology& topology, bool forward, std::vector<NodeId> writers) {
  TopologyAnalysis a;
  a.forward = forward;
  std::sort(writers.begin(), writers.end());
  const bool everyNode = writers.empty() || writers.size() == topology.nodeCount();
  if (everyNode) {
    writers.resize(topology.nodeCount());
    for (NodeId v = 0; v < topology.nodeCount(); ++v) writers[v] = v;
  }
  a.writers = writers;
  analyzeConnectivity(topology, a);
  if (!everyNode) {
    // Strong connectivity among the writers; articulation points stay the
    // whole graph's.
    TopologyAnalysis among;
    analyzeConnectivity(writersOnly(topology, writers), among);
    a.stronglyConnected = among.stronglyConnected;
    a.vertexConnectivity = among.vertexConnectivity;
    a.edgeConnectivity = among.edgeConnectivity;
  }
  if (forward)
    ForwardingSweep(topology, a).run();
  else
    analyzeDirect(topology, a);
  return a;
}

}  // namespace replsim
