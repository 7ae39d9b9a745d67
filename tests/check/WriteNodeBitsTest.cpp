#include "sim/check/WriteNodeBits.h"

#include <catch2/catch.hpp>

#include <set>
#include <utility>

#include "sim/core/Random.h"

using namespace replsim;

TEST_CASE("check::WriteNodeBits: one bit per (write, node)", "[check]") {
  SECTION("testAndSet reports the bit as it was, and sets it") {
    WriteNodeBits b(3);
    CHECK_FALSE(b.test(0, 2));
    CHECK_FALSE(b.testAndSet(0, 2));
    CHECK(b.test(0, 2));
    CHECK(b.testAndSet(0, 2));
    CHECK_FALSE(b.test(0, 1));
    CHECK_FALSE(b.test(1, 2));  // the next write's bits are its own
  }
  SECTION("set clears as well as sets; clearing past the end changes nothing") {
    WriteNodeBits b(70);
    b.set(5, 69, true);
    CHECK(b.test(5, 69));
    b.set(5, 69, false);
    CHECK_FALSE(b.test(5, 69));
    b.set(1000, 3, false);
    CHECK_FALSE(b.test(1000, 3));
  }
  SECTION("randomized against a set of pairs, across word and growth boundaries") {
    for (size_t nodes : {1u, 63u, 64u, 65u, 130u, 1000u}) {
      WriteNodeBits b(nodes);
      std::set<std::pair<uint32_t, uint32_t>> ref;
      Random rng(nodes);
      for (int i = 0; i < 5000; ++i) {
        const auto w = static_cast<uint32_t>(rng.below(300));
        const auto n = static_cast<uint32_t>(rng.below(nodes));
        if (rng.below(4) == 0) {
          const bool v = rng.below(2) == 0;
          b.set(w, n, v);
          if (v) ref.insert({w, n}); else ref.erase({w, n});
        } else {
          REQUIRE(b.testAndSet(w, n) == (ref.count({w, n}) == 1));
          ref.insert({w, n});
        }
      }
      for (uint32_t w = 0; w < 300; ++w)
        for (uint32_t n = 0; n < nodes; ++n) REQUIRE(b.test(w, n) == (ref.count({w, n}) == 1));
    }
  }
}
