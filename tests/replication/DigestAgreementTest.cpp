// DigestAgreement answers "are the digests held all equal?" as a multiset
// of them would, through adds, removes and changes in any order.
#include "sim/replication/DigestAgreement.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <vector>

#include "sim/core/Random.h"

using namespace replsim;

TEST_CASE("replication::DigestAgreement: all equal exactly when a multiset says so", "[replication]") {
  SECTION("none held: agreed") { CHECK(DigestAgreement().allEqual(12345)); }
  SECTION("two equal, then one moves, then back") {
    DigestAgreement a;
    a.add(7);
    a.add(7);
    CHECK(a.allEqual(7));
    a.change(7, 9);
    CHECK_FALSE(a.allEqual(9));
    CHECK_FALSE(a.allEqual(7));
    a.change(9, 7);
    CHECK(a.allEqual(7));
    a.remove(7);
    CHECK(a.count() == 1);
    CHECK(a.allEqual(7));
  }
  SECTION("randomized: replicas whose digests move among a few values, crash and recover") {
    // Few values, so agreement happens often; a wide one too (0 is every
    // replica's digest at the start, as in ReplicaSet).
    const std::vector<uint64_t> values{0, 1, 2, 0x8000000000000000ULL, 0xDEADBEEFCAFEF00DULL};
    Random rng(99);
    size_t agreements = 0;
    for (int round = 0; round < 200; ++round) {
      const size_t n = 1 + rng.next() % 9;
      std::vector<uint64_t> digest(n, 0);
      std::vector<bool> live(n, true);
      DigestAgreement a;
      for (size_t i = 0; i < n; ++i) a.add(0);
      for (int step = 0; step < 300; ++step) {
        const size_t i = rng.next() % n;
        const uint64_t roll = rng.next() % 10;
        if (roll == 0) {  // crash or recover
          if (live[i]) a.remove(digest[i]); else a.add(digest[i]);
          live[i] = !live[i];
        } else if (live[i]) {
          const uint64_t next = values[rng.next() % values.size()];
          a.change(digest[i], next);
          digest[i] = next;
        }
        std::map<uint64_t, int> held;
        uint64_t one = 0;
        for (size_t k = 0; k < n; ++k)
          if (live[k]) ++held[digest[k]], one = digest[k];
        REQUIRE(a.count() == static_cast<uint64_t>(std::count(live.begin(), live.end(), true)));
        REQUIRE(a.allEqual(one) == (held.size() <= 1));
        agreements += held.size() <= 1;
      }
    }
    CHECK(agreements > 1000);  // both answers were exercised
  }
}
