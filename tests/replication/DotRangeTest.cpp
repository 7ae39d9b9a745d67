// DotRange: the branch-free search must give std::lower_bound's answer on
// every size and every query (present, absent, below and above all).
#include "sim/replication/DotRange.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "sim/core/Random.h"

using namespace replsim;

TEST_CASE("replication::DotRange: lowerBoundByOrigin is std::lower_bound by origin", "[replication]") {
  SECTION("empty") {
    const std::vector<Dot> none;
    CHECK(lowerBoundByOrigin(none.data(), none.data(), 5) == none.data());
  }
  SECTION("one dot") {
    const std::vector<Dot> one{{7, 3}};
    CHECK(lowerBoundByOrigin(one.data(), one.data() + 1, 6) == one.data());
    CHECK(lowerBoundByOrigin(one.data(), one.data() + 1, 7) == one.data());
    CHECK(lowerBoundByOrigin(one.data(), one.data() + 1, 8) == one.data() + 1);
  }
  SECTION("randomized: sizes 0 to 140, every origin from below the first to above the last") {
    Random rng(4242);
    for (int round = 0; round < 400; ++round) {
      const size_t size = rng.next() % 141;
      std::vector<Dot> ctx;
      NodeId origin = static_cast<NodeId>(rng.next() % 3);
      for (size_t i = 0; i < size; ++i) {
        ctx.push_back(Dot{origin, static_cast<uint32_t>(1 + rng.next() % 9)});
        origin += 1 + static_cast<NodeId>(rng.next() % 3);  // gaps of 0 to 2 absent origins
      }
      const Dot* b = ctx.data();
      const Dot* e = ctx.data() + ctx.size();
      for (NodeId q = 0; q <= origin + 1; ++q) {
        const Dot* expected = std::lower_bound(b, e, q, [](const Dot& d, NodeId o) { return d.origin < o; });
        REQUIRE(lowerBoundByOrigin(b, e, q) == expected);
        const uint32_t seq = expected != e && expected->origin == q ? expected->seq : 0;
        REQUIRE(seqOf(DotRange{b, e}, q) == seq);
      }
    }
  }
}
