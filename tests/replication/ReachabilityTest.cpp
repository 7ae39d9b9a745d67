// Simulation::everyNodeReachesEveryNode is a fast shortcut (one pass over
// the links) for "reachableFrom(s) covers every node, for every s" — the
// search per node it replaces, which costs nodes × links (a ring of 20,000
// leaders spent 13 s in it). Here the two must agree on every topology kind,
// with and without forwarding, and on graphs that are not strongly connected.
#include <catch2/catch.hpp>

#include "tests/TestSupport.h"

#include <algorithm>
#include <string>

#include "sim/replication/Simulation.h"

using namespace replsim;

namespace {

// The independent derivation: a search from every node.
bool searchFromEveryNode(const Simulation& sim) {
  for (NodeId s = 0; s < sim.nodeCount(); ++s) {
    const std::vector<uint8_t> seen = sim.reachableFrom(s);
    if (std::find(seen.begin(), seen.end(), 0) != seen.end()) return false;
  }
  return true;
}

void agree(const std::string& topology, const std::string& replication, bool expected) {
  const Scenario sc = testing::loadScenario(R"({"replsim": 1, "name": "t", "topology": )" + topology +
                                            R"(, "replication": )" + replication + "}");
  Simulation sim(sc, SimulationOptions{});
  INFO(topology << " " << replication);
  CHECK(searchFromEveryNode(sim) == expected);
  // The shortcut never claims more than the search, and here decides.
  CHECK(sim.everyNodeReachesEveryNode() == expected);
}

}  // namespace

TEST_CASE("sim::Simulation: every node reaches every node, decided without a search per node", "[replication]") {
  SECTION("a ring forwards around: strongly connected") {
    agree(R"({"kind": "ring", "leaders": {"count": 7}})", "{}", true);
  }
  SECTION("a ring without forwarding: each leader reaches only its successor") {
    agree(R"({"kind": "ring", "leaders": {"count": 4}})", R"({"forward": false})", false);
  }
  SECTION("all-to-all without forwarding: a direct link to everyone") {
    agree(R"({"kind": "all-to-all", "leaders": {"count": 6}})", "{}", true);
  }
  SECTION("a star relays through its hub") {
    agree(R"({"kind": "star", "leaders": {"count": 5}, "hub": "L1"})", "{}", true);
  }
  SECTION("a star without forwarding: leaves do not reach each other") {
    agree(R"({"kind": "star", "leaders": {"count": 5}, "hub": "L1"})", R"({"forward": false})", false);
  }
  SECTION("a one-way chain: the last node reaches nobody") {
    agree(R"({"kind": "custom", "edges": [["A", "B"], ["B", "C"]]})", "{}", false);
  }
  SECTION("a one-way chain closed into a cycle") {
    agree(R"({"kind": "custom", "edges": [["A", "B"], ["B", "C"], ["C", "A"]]})", "{}", true);
  }
  SECTION("two cycles joined one way: reachable from one side only") {
    agree(R"({"kind": "custom", "edges": [["A", "B", {"both": true}], ["B", "C"], ["C", "D", {"both": true}]]})",
          "{}", false);
  }
  SECTION("all-to-all with a missing direction and no forwarding") {
    agree(R"({"kind": "custom", "edges": [["A", "B", {"both": true}], ["A", "C", {"both": true}], ["B", "C"]]})",
          R"({"forward": false})", false);
  }
}
