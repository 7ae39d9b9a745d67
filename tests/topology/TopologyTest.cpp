#include <catch2/catch.hpp>

#include "tests/TestSupport.h"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/topology/Topology.h"

using namespace replsim;

namespace {

using testing::Edges;
using testing::edgesOf;

EdgeSpec edge(std::string from, std::string to, bool both = false, LinkSettings settings = {}) {
  EdgeSpec e;
  e.from = std::move(from);
  e.to = std::move(to);
  e.both = both;
  e.settings = std::move(settings);
  return e;
}

LinkSettings latency(double ms) {
  LinkSettings s;
  s.latency = LatencyDistribution::fixed(ms);
  return s;
}

TopologySpec customSpec(std::vector<std::string> leaders, std::vector<EdgeSpec> edges) {
  TopologySpec spec;
  spec.kind = TopologyKind::Custom;
  spec.leaders = std::move(leaders);
  spec.edges = std::move(edges);
  return spec;
}

double meanOf(const Topology& t, const std::string& from, const std::string& to) {
  for (const TopologyLink& l : t.links())
    if (t.name(l.from) == from && t.name(l.to) == to) return l.params().latency.meanMs();
  FAIL("no link " << from << "->" << to);
  return 0.0;
}

}  // namespace

TEST_CASE("topology::Topology: edges of every built-in kind", "[topology]") {
  SECTION("all-to-all: every ordered pair, by origin then target") {
    CHECK(edgesOf(Topology::builtIn(TopologyKind::AllToAll, 3)) ==
          Edges{{"L1", "L2"}, {"L1", "L3"}, {"L2", "L1"}, {"L2", "L3"}, {"L3", "L1"}, {"L3", "L2"}});
  }
  SECTION("ring: one direction, closing back to L1") {
    CHECK(edgesOf(Topology::builtIn(TopologyKind::Ring, 4)) ==
          Edges{{"L1", "L2"}, {"L2", "L3"}, {"L3", "L4"}, {"L4", "L1"}});
  }
  SECTION("ring of one leader: no self-loop") {
    const Topology t = Topology::builtIn(TopologyKind::Ring, 1);
    CHECK(t.nodeCount() == 1);
    CHECK(t.links().empty());
  }
  SECTION("bidirectional ring: clockwise links, then counter-clockwise") {
    CHECK(edgesOf(Topology::builtIn(TopologyKind::BidirectionalRing, 4)) == Edges{{"L1", "L2"},
                                                                                  {"L2", "L3"},
                                                                                  {"L3", "L4"},
                                                                                  {"L4", "L1"},
                                                                                  {"L1", "L4"},
                                                                                  {"L2", "L1"},
                                                                                  {"L3", "L2"},
                                                                                  {"L4", "L3"}});
  }
  SECTION("bidirectional ring of two: the two directions coincide and merge") {
    CHECK(edgesOf(Topology::builtIn(TopologyKind::BidirectionalRing, 2)) ==
          Edges{{"L1", "L2"}, {"L2", "L1"}});
  }
  SECTION("star: hub L1 by default, hub->leaf then leaf->hub per leaf") {
    CHECK(edgesOf(Topology::builtIn(TopologyKind::Star, 4)) ==
          Edges{{"L1", "L2"}, {"L2", "L1"}, {"L1", "L3"}, {"L3", "L1"}, {"L1", "L4"}, {"L4", "L1"}});
  }
  SECTION("star with another hub: leaves in leader order, skipping the hub") {
    CHECK(edgesOf(Topology::builtIn(TopologyKind::Star, 3, {}, "L2")) ==
          Edges{{"L2", "L1"}, {"L1", "L2"}, {"L2", "L3"}, {"L3", "L2"}});
  }
  SECTION("line: a chain, both directions") {
    CHECK(edgesOf(Topology::builtIn(TopologyKind::Line, 3)) ==
          Edges{{"L1", "L2"}, {"L2", "L1"}, {"L2", "L3"}, {"L3", "L2"}});
  }
  SECTION("tree with fanout 2: parent of i is (i-1)/2") {
    CHECK(edgesOf(Topology::builtIn(TopologyKind::Tree, 6, {}, "", 2)) == Edges{{"L1", "L2"},
                                                                                {"L2", "L1"},
                                                                                {"L1", "L3"},
                                                                                {"L3", "L1"},
                                                                                {"L2", "L4"},
                                                                                {"L4", "L2"},
                                                                                {"L2", "L5"},
                                                                                {"L5", "L2"},
                                                                                {"L3", "L6"},
                                                                                {"L6", "L3"}});
  }
  SECTION("tree with fanout 3") {
    CHECK(edgesOf(Topology::builtIn(TopologyKind::Tree, 5, {}, "", 3)) == Edges{{"L1", "L2"},
                                                                                {"L2", "L1"},
                                                                                {"L1", "L3"},
                                                                                {"L3", "L1"},
                                                                                {"L1", "L4"},
                                                                                {"L4", "L1"},
                                                                                {"L2", "L5"},
                                                                                {"L5", "L2"}});
  }
  SECTION("tree with fanout 0 is rejected") {
    CHECK_THROWS_AS(Topology::builtIn(TopologyKind::Tree, 3, {}, "", 0), std::invalid_argument);
  }
  SECTION("single-leader: L1 to every follower, nothing back") {
    CHECK(edgesOf(Topology::builtIn(TopologyKind::SingleLeader, 3)) == Edges{{"L1", "L2"}, {"L1", "L3"}});
  }
  SECTION("custom and file are not built in; a leader count below 1 is rejected") {
    CHECK_THROWS_AS(Topology::builtIn(TopologyKind::Custom, 3), std::invalid_argument);
    CHECK_THROWS_AS(Topology::builtIn(TopologyKind::File, 3), std::invalid_argument);
    CHECK_THROWS_AS(Topology::builtIn(TopologyKind::Ring, 0), std::invalid_argument);
  }
  SECTION("a hub that is not a leader is rejected") {
    CHECK_THROWS_AS(Topology::builtIn(TopologyKind::Star, 3, {}, "X"), std::invalid_argument);
  }
}

TEST_CASE("topology::Topology: custom and file edges follow the spec", "[topology]") {
  SECTION("edges in spec order, both adds the reverse right after") {
    const Topology t =
        Topology::build(customSpec({"A", "B", "C"}, {edge("B", "C", true), edge("A", "B")}), {});
    CHECK(edgesOf(t) == Edges{{"B", "C"}, {"C", "B"}, {"A", "B"}});
    CHECK(t.names() == std::vector<std::string>{"A", "B", "C"});
  }
  SECTION("kind file is built from the edges the loader read, like custom") {
    TopologySpec spec = customSpec({"x", "y"}, {edge("y", "x")});
    spec.kind = TopologyKind::File;
    spec.filePath = "/does/not/matter.dot";  // build never reads files
    const Topology t = Topology::build(spec, {});
    CHECK(t.kind() == TopologyKind::File);
    CHECK(edgesOf(t) == Edges{{"y", "x"}});
  }
  SECTION("an unconnected leader is still a node") {
    const Topology t = Topology::build(customSpec({"A", "B", "lonely"}, {edge("A", "B")}), {});
    CHECK(t.nodeCount() == 3);
    CHECK(boost::num_vertices(t.graph()) == 3);
  }
  SECTION("self-loops are dropped") {
    const Topology t = Topology::build(customSpec({"A", "B"}, {edge("A", "A"), edge("A", "B", true)}), {});
    CHECK(edgesOf(t) == Edges{{"A", "B"}, {"B", "A"}});
  }
  SECTION("an edge naming an unknown node is a programming error") {
    CHECK_THROWS_AS(Topology::build(customSpec({"A"}, {edge("A", "Z")}), {}), std::invalid_argument);
  }
}

TEST_CASE("topology::Topology: duplicate edges merge, later settings win", "[topology]") {
  LinkSettings first = latency(30);
  first.loss = 0.25;
  LinkSettings second = latency(50);
  second.fifo = false;
  const Topology t = Topology::build(
      customSpec({"A", "B", "C"},
                 {edge("A", "B", false, first), edge("B", "C"), edge("A", "B", true, second)}),
      {});

  SECTION("the merged link keeps its first position") {
    CHECK(edgesOf(t) == Edges{{"A", "B"}, {"B", "C"}, {"B", "A"}});
  }
  SECTION("fields the later edge sets win, the others stay") {
    const LinkParams& ab = t.links()[0].params();
    CHECK(ab.latency.meanMs() == 50.0);
    CHECK(ab.fifo == false);
    CHECK(ab.loss == 0.25);
  }
  SECTION("the reverse link only has the later edge's settings") {
    const LinkParams& ba = t.links()[2].params();
    CHECK(ba.latency.meanMs() == 50.0);
    CHECK(ba.loss == 0.0);
  }
  SECTION("the graph has no parallel edges") { CHECK(boost::num_edges(t.graph()) == 3); }
}

TEST_CASE("topology::Topology: link params are default <- edge <- overrides", "[topology]") {
  LinksSpec links;
  links.defaults.latency = LatencyDistribution::fixed(10);
  links.defaults.loss = 0.5;

  SECTION("defaults apply to every link of a built-in kind") {
    const Topology t = Topology::builtIn(TopologyKind::Ring, 3, links);
    for (const TopologyLink& l : t.links()) {
      CHECK(l.params().latency.meanMs() == 10.0);
      CHECK(l.params().loss == 0.5);
    }
  }
  SECTION("an edge's settings override the defaults field by field") {
    const Topology t = Topology::build(customSpec({"A", "B"}, {edge("A", "B", true, latency(30))}), links);
    CHECK(meanOf(t, "A", "B") == 30.0);
    CHECK(meanOf(t, "B", "A") == 30.0);
    CHECK(t.links()[0].params().loss == 0.5);
  }
  SECTION("overrides win over the edge, in order; both covers the reverse link") {
    links.overrides.push_back({"A", "B", false, latency(70), "/links/overrides/0"});
    links.overrides.push_back({"B", "C", true, latency(80), "/links/overrides/1"});
    links.overrides.push_back({"A", "B", false, latency(90), "/links/overrides/2"});
    const Topology t = Topology::build(
        customSpec({"A", "B", "C"}, {edge("A", "B", true, latency(30)), edge("B", "C", true, latency(40))}),
        links);
    CHECK(meanOf(t, "A", "B") == 90.0);
    CHECK(meanOf(t, "B", "A") == 30.0);
    CHECK(meanOf(t, "B", "C") == 80.0);
    CHECK(meanOf(t, "C", "B") == 80.0);
  }
  SECTION("an override for a pair without a link creates no link") {
    links.overrides.push_back({"L1", "L3", true, latency(70), "/links/overrides/0"});
    const Topology t = Topology::builtIn(TopologyKind::Line, 3, links);
    CHECK(t.links().size() == 4);
    CHECK_NOTHROW(meanOf(t, "L1", "L2"));
  }
  SECTION("the graph's edges carry the resolved params and their link index") {
    links.overrides.push_back({"L2", "L3", false, latency(25), "/links/overrides/0"});
    const Topology t = Topology::builtIn(TopologyKind::Ring, 3, links);
    const TopologyGraph& g = t.graph();
    REQUIRE(boost::num_edges(g) == t.links().size());
    for (auto e : boost::make_iterator_range(boost::edges(g))) {
      const TopologyLink& l = t.links()[g[e].linkIndex];
      CHECK(boost::source(e, g) == l.from);
      CHECK(boost::target(e, g) == l.to);
      CHECK(g[e].params.latency.meanMs() == l.params().latency.meanMs());
    }
    CHECK(meanOf(t, "L2", "L3") == 25.0);
    CHECK(g[boost::vertex(1, g)].name == "L2");
  }
}

TEST_CASE("topology::Topology: find and defaultForward", "[topology]") {
  SECTION("find maps names to their index, and unknown names to nothing") {
    const Topology t = Topology::builtIn(TopologyKind::Ring, 3);
    CHECK(t.find("L1") == NodeId{0});
    CHECK(t.find("L3") == NodeId{2});
    CHECK_FALSE(t.find("L4").has_value());
  }
  SECTION("all-to-all and single-leader do not forward, every other kind does") {
    CHECK_FALSE(Topology::builtIn(TopologyKind::AllToAll, 3).defaultForward());
    CHECK_FALSE(Topology::builtIn(TopologyKind::SingleLeader, 3).defaultForward());
    CHECK(Topology::builtIn(TopologyKind::Ring, 3).defaultForward());
    CHECK(Topology::builtIn(TopologyKind::BidirectionalRing, 3).defaultForward());
    CHECK(Topology::builtIn(TopologyKind::Star, 3).defaultForward());
    CHECK(Topology::builtIn(TopologyKind::Line, 3).defaultForward());
    CHECK(Topology::builtIn(TopologyKind::Tree, 3).defaultForward());
    CHECK(Topology::build(customSpec({"A", "B"}, {edge("A", "B")}), {}).defaultForward());
  }
}

TEST_CASE("topology::Topology: links share one copy of equal settings, never of different ones", "[topology]") {
  // Mixtures share kind, a, b and floor (all unset): only their parts tell them apart.
  const auto mixture = [](double fastMs) {
    LatencyDistribution d;
    d.kind = LatencyDistribution::Kind::Mixture;
    d.parts = {LatencyMixturePart{0.9, LatencyDistribution::fixed(fastMs)},
               LatencyMixturePart{0.1, LatencyDistribution::fixed(200)}};
    return d;
  };
  LinkSettings slow, fast, fastAgain;
  slow.latency = mixture(50);
  fast.latency = mixture(5);
  fastAgain.latency = mixture(5);
  const Topology t = Topology::build(
      customSpec({"A", "B", "C"}, {edge("A", "B", false, slow), edge("B", "C", false, fast), edge("C", "A", false, fastAgain)}),
      LinksSpec{});
  REQUIRE(t.links().size() == 3u);
  CHECK(t.links()[0].params().latency.parts[0].dist.a == 50.0);
  CHECK(t.links()[1].params().latency.parts[0].dist.a == 5.0);
  CHECK(&t.links()[1].params() == &t.links()[2].params());  // equal settings: one copy
  CHECK(&t.links()[0].params() != &t.links()[1].params());
  CHECK(t.links()[0].params().latency.meanMs() == 0.9 * 50 + 0.1 * 200);
}
