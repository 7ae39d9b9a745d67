#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "sim/topology/TopologyAnalysis.h"

using namespace replsim;

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

Pairs named(const Topology& t, const std::vector<ReplicationPair>& pairs) {
  Pairs out;
  for (const ReplicationPair& p : pairs) out.emplace_back(t.name(p.origin), t.name(p.replica));
  return out;
}

std::vector<std::string> named(const Topology& t, const std::vector<NodeId>& nodes) {
  std::vector<std::string> out;
  for (NodeId v : nodes) out.push_back(t.name(v));
  return out;
}

// The pairs cut by the failure of link from->to.
Pairs linkCut(const Topology& t, const TopologyAnalysis& a, const std::string& from, const std::string& to) {
  for (const LinkFailure& f : a.linkFailures) {
    const TopologyLink& l = t.links()[f.link];
    if (t.name(l.from) == from && t.name(l.to) == to) return named(t, f.cut);
  }
  FAIL("no link " << from << "->" << to);
  return {};
}

Pairs nodeCut(const Topology& t, const TopologyAnalysis& a, const std::string& node) {
  return named(t, a.nodeFailures.at(*t.find(node)).cut);
}

// A custom topology from (from, to, latency ms, both) edges.
struct E {
  std::string from, to;
  double ms = 10;
  bool both = false;
};
Topology custom(std::vector<std::string> leaders, const std::vector<E>& edges) {
  TopologySpec spec;
  spec.kind = TopologyKind::Custom;
  spec.leaders = std::move(leaders);
  for (const E& e : edges) {
    EdgeSpec& s = spec.edges.emplace_back();
    s.from = e.from;
    s.to = e.to;
    s.both = e.both;
    s.settings.latency = LatencyDistribution::fixed(e.ms);
  }
  return Topology::build(spec, {});
}

// Every ordered pair of distinct nodes within `group`, both directions.
std::vector<E> clique(const std::vector<std::string>& group) {
  std::vector<E> out;
  for (size_t i = 0; i < group.size(); ++i)
    for (size_t j = i + 1; j < group.size(); ++j) out.push_back({group[i], group[j], 10, true});
  return out;
}

}  // namespace

TEST_CASE("topology::TopologyAnalysis: ring of 4 with forwarding", "[topology][analysis]") {
  const Topology t = Topology::builtIn(TopologyKind::Ring, 4);
  const TopologyAnalysis a = analyzeTopology(t, true);

  SECTION("summary") {
    CHECK(a.forward);
    CHECK(a.stronglyConnected);
    CHECK(a.vertexConnectivity == 1);
    CHECK(a.edgeConnectivity == 1);
    CHECK(a.articulationPoints.empty());  // as an undirected graph it is a cycle
    CHECK(a.pairsTotal == 12);
    CHECK(a.diameterHops == 3);
    CHECK(a.diameterLatencyMs == Approx(30.0));
  }
  SECTION("a node failure cuts the 3 pairs whose only path passes through it") {
    // Through L2: L1->L3 and L1->L4 (L1->L2->...), and L4->L3 (L4->L1->L2->L3).
    CHECK(nodeCut(t, a, "L1") == Pairs{{"L3", "L2"}, {"L4", "L2"}, {"L4", "L3"}});
    CHECK(nodeCut(t, a, "L2") == Pairs{{"L1", "L3"}, {"L1", "L4"}, {"L4", "L3"}});
    CHECK(nodeCut(t, a, "L3") == Pairs{{"L1", "L4"}, {"L2", "L1"}, {"L2", "L4"}});
    CHECK(nodeCut(t, a, "L4") == Pairs{{"L2", "L1"}, {"L3", "L1"}, {"L3", "L2"}});
  }
  SECTION("a link failure cuts the 6 pairs whose path uses it") {
    CHECK(linkCut(t, a, "L1", "L2") ==
          Pairs{{"L1", "L2"}, {"L1", "L3"}, {"L1", "L4"}, {"L3", "L2"}, {"L4", "L2"}, {"L4", "L3"}});
    for (const LinkFailure& f : a.linkFailures) CHECK(f.cut.size() == 6);
  }
  SECTION("every node and link is critical") {
    CHECK(a.criticalNodes() == std::vector<NodeId>{0, 1, 2, 3});
    CHECK(a.criticalLinks() == std::vector<uint32_t>{0, 1, 2, 3});
  }
  SECTION("failures are listed in node and links() order") {
    REQUIRE(a.nodeFailures.size() == 4);
    REQUIRE(a.linkFailures.size() == 4);
    for (uint32_t i = 0; i < 4; ++i) {
      CHECK(a.nodeFailures[i].node == i);
      CHECK(a.linkFailures[i].link == i);
    }
  }
}

TEST_CASE("topology::TopologyAnalysis: star of 4", "[topology][analysis]") {
  const Topology t = Topology::builtIn(TopologyKind::Star, 4);  // hub L1, leaves L2..L4
  const TopologyAnalysis a = analyzeTopology(t, true);

  SECTION("summary") {
    CHECK(a.stronglyConnected);
    CHECK(a.vertexConnectivity == 1);
    CHECK(a.edgeConnectivity == 1);
    CHECK(named(t, a.articulationPoints) == std::vector<std::string>{"L1"});
    CHECK(a.pairsTotal == 12);
    CHECK(a.diameterHops == 2);
    CHECK(a.diameterLatencyMs == Approx(20.0));
  }
  SECTION("the hub's failure cuts all 6 leaf pairs") {
    CHECK(nodeCut(t, a, "L1") ==
          Pairs{{"L2", "L3"}, {"L2", "L4"}, {"L3", "L2"}, {"L3", "L4"}, {"L4", "L2"}, {"L4", "L3"}});
  }
  SECTION("a leaf's failure cuts nothing among the others") {
    CHECK(nodeCut(t, a, "L2").empty());
    CHECK(nodeCut(t, a, "L3").empty());
    CHECK(nodeCut(t, a, "L4").empty());
    CHECK(named(t, a.criticalNodes()) == std::vector<std::string>{"L1"});
  }
  SECTION("a spoke's failure cuts the leaf off in that direction") {
    CHECK(linkCut(t, a, "L1", "L2") == Pairs{{"L1", "L2"}, {"L3", "L2"}, {"L4", "L2"}});
    CHECK(linkCut(t, a, "L2", "L1") == Pairs{{"L2", "L1"}, {"L2", "L3"}, {"L2", "L4"}});
    CHECK(a.criticalLinks().size() == 6);
  }
}

TEST_CASE("topology::TopologyAnalysis: all-to-all", "[topology][analysis]") {
  const Topology t = Topology::builtIn(TopologyKind::AllToAll, 4);

  SECTION("without forwarding: no node failure cuts a surviving pair, a link only its own") {
    const TopologyAnalysis a = analyzeTopology(t, false);
    CHECK_FALSE(a.forward);
    CHECK(a.stronglyConnected);
    CHECK(a.vertexConnectivity == 3);  // complete graph: n - 1
    CHECK(a.edgeConnectivity == 3);
    CHECK(a.articulationPoints.empty());
    CHECK(a.pairsTotal == 12);
    CHECK(a.diameterHops == 1);
    CHECK(a.diameterLatencyMs == Approx(10.0));
    for (const NodeFailure& f : a.nodeFailures) CHECK(f.cut.empty());
    REQUIRE(a.linkFailures.size() == 12);
    for (const LinkFailure& f : a.linkFailures) {
      const TopologyLink& l = t.links()[f.link];
      CHECK(f.cut == std::vector<ReplicationPair>{{l.from, l.to}});
    }
    CHECK(a.criticalNodes().empty());
    CHECK(a.criticalLinks().size() == 12);
  }
  SECTION("with forwarding nothing single can cut a pair") {
    const TopologyAnalysis a = analyzeTopology(t, true);
    CHECK(a.pairsTotal == 12);
    CHECK(a.criticalNodes().empty());
    CHECK(a.criticalLinks().empty());
  }
}

TEST_CASE("topology::TopologyAnalysis: line of 3", "[topology][analysis]") {
  const Topology t = Topology::builtIn(TopologyKind::Line, 3);
  const TopologyAnalysis a = analyzeTopology(t, true);

  SECTION("summary") {
    CHECK(a.vertexConnectivity == 1);
    CHECK(a.edgeConnectivity == 1);
    CHECK(named(t, a.articulationPoints) == std::vector<std::string>{"L2"});
    CHECK(a.pairsTotal == 6);
    CHECK(a.diameterHops == 2);
    CHECK(a.diameterLatencyMs == Approx(20.0));
  }
  SECTION("only the middle node is critical: it cuts the two end-to-end pairs") {
    CHECK(nodeCut(t, a, "L1").empty());
    CHECK(nodeCut(t, a, "L2") == Pairs{{"L1", "L3"}, {"L3", "L1"}});
    CHECK(nodeCut(t, a, "L3").empty());
  }
  SECTION("each link cuts its own pair and the one relayed over it") {
    CHECK(linkCut(t, a, "L1", "L2") == Pairs{{"L1", "L2"}, {"L1", "L3"}});
    CHECK(linkCut(t, a, "L2", "L1") == Pairs{{"L2", "L1"}, {"L3", "L1"}});
    CHECK(linkCut(t, a, "L2", "L3") == Pairs{{"L1", "L3"}, {"L2", "L3"}});
    CHECK(linkCut(t, a, "L3", "L2") == Pairs{{"L3", "L1"}, {"L3", "L2"}});
  }
}

TEST_CASE("topology::TopologyAnalysis: bidirectional ring of 5", "[topology][analysis]") {
  const Topology t = Topology::builtIn(TopologyKind::BidirectionalRing, 5);
  const TopologyAnalysis a = analyzeTopology(t, true);
  CHECK(a.vertexConnectivity == 2);
  CHECK(a.edgeConnectivity == 2);
  CHECK(a.articulationPoints.empty());
  CHECK(a.pairsTotal == 20);
  CHECK(a.diameterHops == 2);
  CHECK(a.diameterLatencyMs == Approx(20.0));
  CHECK(a.criticalNodes().empty());
  CHECK(a.criticalLinks().empty());
}

TEST_CASE("topology::TopologyAnalysis: connectivity by max-flow", "[topology][analysis]") {
  SECTION("two cliques sharing one node: vertex 1, edge 3") {
    std::vector<E> edges = clique({"a1", "a2", "a3", "hub"});
    for (const E& e : clique({"hub", "b1", "b2", "b3"})) edges.push_back(e);
    const Topology t = custom({"a1", "a2", "a3", "hub", "b1", "b2", "b3"}, edges);
    const TopologyAnalysis a = analyzeTopology(t, true);
    CHECK(a.vertexConnectivity == 1);
    CHECK(a.edgeConnectivity == 3);
    CHECK(named(t, a.articulationPoints) == std::vector<std::string>{"hub"});
    CHECK(nodeCut(t, a, "hub").size() == 18);  // 3 x 3 pairs each way
    CHECK(a.criticalLinks().empty());
  }
  SECTION("two cliques joined by two disjoint links: vertex 2, edge 2") {
    std::vector<E> edges = clique({"x1", "x2", "x3", "x4"});
    for (const E& e : clique({"y1", "y2", "y3", "y4"})) edges.push_back(e);
    edges.push_back({"x1", "y1", 10, true});
    edges.push_back({"x2", "y2", 10, true});
    const Topology t = custom({"x1", "x2", "x3", "x4", "y1", "y2", "y3", "y4"}, edges);
    const TopologyAnalysis a = analyzeTopology(t, true);
    CHECK(a.vertexConnectivity == 2);
    CHECK(a.edgeConnectivity == 2);
    CHECK(a.articulationPoints.empty());
    CHECK(a.criticalNodes().empty());
    CHECK(a.criticalLinks().empty());
  }
  SECTION("directed: a one-way link to a leaf leaves it not strongly connected") {
    const Topology t = custom({"A", "B", "C"}, {{"A", "B", 10, true}, {"B", "C"}});
    const TopologyAnalysis a = analyzeTopology(t, true);
    CHECK_FALSE(a.stronglyConnected);
    CHECK(a.vertexConnectivity == 0);
    CHECK(a.edgeConnectivity == 0);
    CHECK(a.pairsTotal == 4);  // A<->B, A->C, B->C
    CHECK(nodeCut(t, a, "B") == Pairs{{"A", "C"}});
  }
  SECTION("single-leader: not strongly connected, followers only receive") {
    const Topology t = Topology::builtIn(TopologyKind::SingleLeader, 3);
    const TopologyAnalysis a = analyzeTopology(t, t.defaultForward());
    CHECK_FALSE(a.stronglyConnected);
    CHECK(a.vertexConnectivity == 0);
    CHECK(a.pairsTotal == 2);
    CHECK(named(t, a.articulationPoints) == std::vector<std::string>{"L1"});
    CHECK(a.criticalNodes().empty());  // followers never replicated to each other
    CHECK(a.criticalLinks().size() == 2);
  }
  SECTION("a single node: nothing to connect") {
    const TopologyAnalysis a = analyzeTopology(Topology::builtIn(TopologyKind::Ring, 1), true);
    CHECK(a.stronglyConnected);
    CHECK(a.vertexConnectivity == 0);
    CHECK(a.edgeConnectivity == 0);
    CHECK(a.pairsTotal == 0);
    CHECK(a.diameterHops == 0);
    CHECK(a.diameterLatencyMs == 0.0);
  }
}

TEST_CASE("topology::TopologyAnalysis: nodes that some origin cannot reach", "[topology][analysis]") {
  // Nobody reaches B, yet B links into C and E, which A does reach. Boost
  // 1.74's three-argument dominator tree gets E wrong seen from A (E's
  // in-neighbour B is unreachable); the analysis must not.
  const Topology t = custom({"A", "B", "C", "D", "E"}, {{"A", "C"},
                                                        {"A", "D"},
                                                        {"B", "A"},
                                                        {"B", "C"},
                                                        {"B", "E"},
                                                        {"C", "A"},
                                                        {"C", "E"},
                                                        {"D", "E"},
                                                        {"E", "A"}});
  const TopologyAnalysis a = analyzeTopology(t, true);
  CHECK_FALSE(a.stronglyConnected);
  CHECK(a.pairsTotal == 4 * 3 + 4);  // A, C, D, E reach each other; B reaches all four
  SECTION("A's failure cuts every pair that needs A to reach D or C") {
    CHECK(nodeCut(t, a, "A") == Pairs{{"B", "D"}, {"C", "D"}, {"D", "C"}, {"E", "C"}, {"E", "D"}});
  }
  SECTION("A reaches E through C or D, so neither alone cuts A->E") {
    CHECK(nodeCut(t, a, "C").empty());
    CHECK(nodeCut(t, a, "D").empty());
  }
  SECTION("A->D is the only way into D") {
    CHECK(linkCut(t, a, "A", "D") == Pairs{{"A", "D"}, {"B", "D"}, {"C", "D"}, {"E", "D"}});
  }
}

TEST_CASE("topology::TopologyAnalysis: diameters in hops and latency", "[topology][analysis]") {
  // A->B 10, B->C 10, A->C 50, C->D 5, D->A 7. Fewest hops from D to C is
  // D->A->C (57 ms); the fastest is D->A->B->C (27 ms), the latency diameter.
  const Topology t = custom({"A", "B", "C", "D"},
                            {{"A", "B", 10}, {"B", "C", 10}, {"A", "C", 50}, {"C", "D", 5}, {"D", "A", 7}});

  SECTION("with forwarding: shortest paths, by hops and by latency separately") {
    const TopologyAnalysis a = analyzeTopology(t, true);
    CHECK(a.pairsTotal == 12);
    CHECK(a.diameterHops == 3);  // B->A and C->B
    CHECK(a.diameterLatencyMs == Approx(27.0));
  }
  SECTION("without forwarding: direct links only") {
    const TopologyAnalysis a = analyzeTopology(t, false);
    CHECK(a.pairsTotal == 5);
    CHECK(a.diameterHops == 1);
    CHECK(a.diameterLatencyMs == Approx(50.0));
  }
  SECTION("the shipped three-datacenter triangle: eu reaches asia faster through us") {
    const Topology dc = custom({"eu", "us", "asia"},
                               {{"eu", "us", 40, true}, {"us", "asia", 60, true}, {"eu", "asia", 110, true}});
    CHECK(analyzeTopology(dc, true).diameterLatencyMs == Approx(100.0));
    CHECK(analyzeTopology(dc, false).diameterLatencyMs == Approx(110.0));
  }
}

TEST_CASE("topology::TopologyAnalysis: a ring of 200", "[topology][analysis]") {
  // Each failure cuts the pairs whose one path passes it: for a node,
  // sum over d = 1..n-1 of (n-1-d) = (n-1)(n-2)/2; for a link n(n-1)/2.
  const Topology t = Topology::builtIn(TopologyKind::Ring, 200);
  const TopologyAnalysis a = analyzeTopology(t, true);
  CHECK(a.pairsTotal == 200u * 199u);
  CHECK(a.diameterHops == 199);
  for (const NodeFailure& f : a.nodeFailures) REQUIRE(f.cut.size() == 199u * 198u / 2);
  for (const LinkFailure& f : a.linkFailures) REQUIRE(f.cut.size() == 200u * 199u / 2);
}

// Two datacenters: leaders L1, L2 linked both ways, each with one follower
// (F1, F2) it sends to. Only L1 and L2 write.
TEST_CASE("topology::TopologyAnalysis: only some nodes write", "[topology][analysis]") {
  const Topology t = custom({"L1", "F1", "L2", "F2"}, {{"L1", "L2", 10, true}, {"L1", "F1"}, {"L2", "F2"}});
  const NodeId l1 = *t.find("L1"), l2 = *t.find("L2");

  SECTION("with forwarding: each writer reaches the 3 other nodes, 6 pairs, and the writers are strongly connected") {
    const TopologyAnalysis a = analyzeTopology(t, true, {l2, l1});
    CHECK(named(t, a.writers) == std::vector<std::string>{"L1", "L2"});
    CHECK(a.pairsTotal == 6);  // L1->{F1,L2,F2}, L2->{L1,F1,F2}
    CHECK(a.stronglyConnected);
    CHECK(a.vertexConnectivity == 1);  // the two writers: n-1 for a complete graph of 2
    CHECK(a.edgeConnectivity == 1);
    // L1 down: L2's writes no longer reach F1 (F1's own pairs never existed).
    CHECK(nodeCut(t, a, "L1") == Pairs{{"L2", "F1"}});
    CHECK(nodeCut(t, a, "F1").empty());
    CHECK(linkCut(t, a, "L1", "F1") == Pairs{{"L1", "F1"}, {"L2", "F1"}});
    // Articulation points stay those of the whole graph.
    CHECK(named(t, a.articulationPoints) == std::vector<std::string>{"L1", "L2"});
  }
  SECTION("every node as a writer: the followers make the graph not strongly connected") {
    const TopologyAnalysis a = analyzeTopology(t, true);
    CHECK(a.writers.size() == 4);
    CHECK_FALSE(a.stronglyConnected);
    CHECK(a.pairsTotal == 6);  // the followers reach nobody
  }
  SECTION("without forwarding: only the writers' direct links replicate") {
    const TopologyAnalysis a = analyzeTopology(t, false, {l1, l2});
    CHECK(a.pairsTotal == 4);  // L1->L2, L2->L1, L1->F1, L2->F2
    CHECK(a.stronglyConnected);
    CHECK(linkCut(t, a, "L2", "F2") == Pairs{{"L2", "F2"}});
  }
  SECTION("writers not linked to each other are not strongly connected") {
    const Topology apart = custom({"L1", "F1", "L2"}, {{"L1", "F1"}, {"L2", "F1"}});
    const TopologyAnalysis a = analyzeTopology(apart, true, {*apart.find("L1"), *apart.find("L2")});
    CHECK_FALSE(a.stronglyConnected);
    CHECK(a.pairsTotal == 2);
  }
}
