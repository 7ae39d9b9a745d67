#include <catch2/catch.hpp>

#include <vector>

#include "sim/replication/PathTable.h"

using namespace replsim;

TEST_CASE("replication::PathTable: roots and extension", "[replication][path]") {
  // Every section in each layout: 12-byte entries; 8-byte ones; 8-byte ones
  // whose lengths saturate above 15 (node ids of 28 bits leave 4 for the
  // length), so length() must count the longer paths.
  const int layout = GENERATE(0, 1, 2);
  PathTable t = layout == 0 ? PathTable() : layout == 1 ? PathTable(4096, 3000) : PathTable(size_t{1} << 28, 14);
  CHECK(t.entryBytes() == (layout == 0 ? 12u : 8u));
  SECTION("a root is a path of one node and zero hops") {
    const PathId r = t.root(3);
    CHECK(t.last(r) == 3u);
    CHECK(t.length(r) == 1u);
    CHECK(t.hops(r) == 0u);
    CHECK(t.nodes(r) == std::vector<NodeId>{3});
    CHECK(t.contains(r, 3));
    CHECK_FALSE(t.contains(r, 0));
    CHECK(t.size() == 1);
  }
  SECTION("extending appends one hop; nodes() lists origin first") {
    const PathId r = t.root(0);
    const PathId a = t.extend(r, 1);
    const PathId b = t.extend(a, 2);
    CHECK(t.last(b) == 2u);
    CHECK(t.length(b) == 3u);
    CHECK(t.hops(b) == 2u);
    CHECK(t.nodes(b) == std::vector<NodeId>{0, 1, 2});
    CHECK(t.contains(b, 0));
    CHECK(t.contains(b, 1));
    CHECK(t.contains(b, 2));
    CHECK_FALSE(t.contains(b, 3));
    // The prefix is unchanged.
    CHECK(t.nodes(a) == std::vector<NodeId>{0, 1});
    CHECK_FALSE(t.contains(a, 2));
    CHECK(t.size() == 3);
  }
  SECTION("branches share their prefix and do not see each other") {
    const PathId r = t.root(0);
    const PathId left = t.extend(r, 1);
    const PathId right = t.extend(r, 2);
    const PathId leftDeep = t.extend(left, 3);
    CHECK(t.nodes(leftDeep) == std::vector<NodeId>{0, 1, 3});
    CHECK(t.nodes(right) == std::vector<NodeId>{0, 2});
    CHECK_FALSE(t.contains(right, 1));
    CHECK_FALSE(t.contains(leftDeep, 2));
    CHECK(t.size() == 4);  // one entry per hop, no copying
  }
  SECTION("independent roots do not share anything") {
    const PathId a = t.root(0);
    const PathId b = t.root(1);
    const PathId b2 = t.extend(b, 2);
    CHECK_FALSE(t.contains(b2, 0));
    CHECK(t.nodes(b2) == std::vector<NodeId>{1, 2});
    CHECK(t.nodes(a) == std::vector<NodeId>{0});
  }
  SECTION("a loop: a node can appear twice (loop_prevention none), and contains() still finds it") {
    PathId p = t.root(0);
    for (int lap = 0; lap < 3; ++lap)
      for (NodeId n : {1u, 2u, 0u}) p = t.extend(p, n);
    CHECK(t.length(p) == 10u);
    CHECK(t.hops(p) == 9u);
    CHECK(t.nodes(p) == std::vector<NodeId>{0, 1, 2, 0, 1, 2, 0, 1, 2, 0});
    CHECK(t.contains(p, 2));
    CHECK_FALSE(t.contains(p, 5));
  }
  SECTION("a long path") {
    PathId p = t.root(0);
    for (NodeId n = 1; n <= 2000; ++n) p = t.extend(p, n);
    CHECK(t.hops(p) == 2000u);
    CHECK(t.contains(p, 0));
    CHECK(t.contains(p, 1000));
    CHECK_FALSE(t.contains(p, 2001));
    const auto nodes = t.nodes(p);
    REQUIRE(nodes.size() == 2001);
    CHECK(nodes.front() == 0u);
    CHECK(nodes.back() == 2000u);
    CHECK(t.length(p) == 2001u);
    for (PathId q = 0; q < t.size(); ++q) CHECK(t.length(q) == q + 1);  // (the chain's entries, in order)
  }
}

TEST_CASE("replication::PathTable: which layout", "[replication][path]") {
  SECTION("8 bytes when the node ids and the lengths fit in 32 bits together") {
    CHECK(PathTable(100, 1000001).entryBytes() == 8u);   // 7 + 20 bits
    CHECK(PathTable(1000, 1001).entryBytes() == 8u);     // 10 + 10 bits
    CHECK(PathTable(100000, 100001).entryBytes() == 12u);  // 17 + 17 bits: too many
    CHECK(PathTable(2, UINT32_MAX).entryBytes() == 12u);
    CHECK(PathTable().entryBytes() == 12u);
  }
  SECTION("the largest node id and the longest exact length survive packing") {
    PathTable t(1000, 1001);
    PathId p = t.root(999);
    for (uint32_t i = 1; i < 1001; ++i) p = t.extend(p, i % 2 ? 998 : 999);
    CHECK(t.length(p) == 1001u);
    CHECK(t.last(p) == 999u);
    CHECK(t.contains(p, 998));
    CHECK_FALSE(t.contains(p, 997));
  }
}
