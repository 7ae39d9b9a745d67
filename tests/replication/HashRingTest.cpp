#include "sim/replication/HashRing.h"

#include <algorithm>

#include <catch2/catch.hpp>

using namespace replsim;

// The expected preference lists were computed by an independent
// re-implementation of the ring in Python (FNV-1a 64 of the name, the
// splitmix64 finaliser mix64, token = mix64(fnv(node) + mix64(vnode + 1)),
// key hash = mix64(fnv(key)), walk clockwise from the first token >= the
// key hash), not by this class.
TEST_CASE("replication::HashRing: preference lists are the first n distinct nodes clockwise") {
  const HashRing ring({"A", "B", "C", "D"}, 16);
  CHECK(ring.tokens().size() == 64);
  CHECK(std::is_sorted(ring.tokens().begin(), ring.tokens().end(),
                       [](const HashRing::Token& a, const HashRing::Token& b) { return a.value < b.value; }));
  CHECK(ring.preferenceList("x", 3) == std::vector<NodeId>{0, 3, 1});  // A D B
  CHECK(ring.preferenceList("y", 3) == std::vector<NodeId>{3, 1, 2});  // D B C
  CHECK(ring.preferenceList("z", 3) == std::vector<NodeId>{2, 3, 1});  // C D B
  // n larger than the node count: every node once.
  auto all = ring.preferenceList("x", 9);
  CHECK(all.size() == 4);
  std::sort(all.begin(), all.end());
  CHECK(all == std::vector<NodeId>{0, 1, 2, 3});
}

TEST_CASE("replication::HashRing: the scenarios' rings") {
  // scenarios/leaderless-strict-quorum-not-linearizable.json relies on key
  // "k" living on R3, R2, R1 and not on the coordinator W.
  const HashRing four({"W", "R1", "R2", "R3"}, 16);
  CHECK(four.preferenceList("k", 3) == std::vector<NodeId>{3, 2, 1});
  // The hinted-handoff scenarios: x on A, D, E, then fallbacks B and C.
  const HashRing five({"A", "B", "C", "D", "E"}, 16);
  CHECK(five.preferenceList("x", 5) == std::vector<NodeId>{0, 3, 4, 1, 2});
  const HashRing three({"A", "B", "C"}, 16);
  CHECK(three.preferenceList("x", 3) == std::vector<NodeId>{0, 1, 2});
  CHECK(three.preferenceList("y", 3) == std::vector<NodeId>{1, 2, 0});
}

TEST_CASE("replication::HashRing: the ring depends on names and vnodes only") {
  const HashRing a({"A", "B", "C"}, 4);
  const HashRing b({"A", "B", "C"}, 4);
  REQUIRE(a.tokens().size() == 12);
  for (size_t i = 0; i < a.tokens().size(); ++i) {
    CHECK(a.tokens()[i].value == b.tokens()[i].value);
    CHECK(a.tokens()[i].node == b.tokens()[i].node);
  }
  CHECK(HashRing::token("A", 0) != HashRing::token("A", 1));
  CHECK(HashRing::token("A", 0) != HashRing::token("B", 0));
}
