#include <catch2/catch.hpp>

#include <vector>

#include "sim/core/Random.h"
#include "sim/replication/SeqTracker.h"

using namespace replsim;

TEST_CASE("replication::SeqTracker: which writes have been seen", "[replication][seq]") {
  SeqTracker t;
  SECTION("empty: nothing with seq >= 1 is contained") {
    CHECK_FALSE(t.contains(Dot{0, 1}));
    CHECK_FALSE(t.contains(Dot{2, 5}));
    CHECK(t.contiguous(0) == 0u);
  }
  SECTION("in-order inserts extend the contiguous prefix") {
    CHECK(t.insert(Dot{1, 1}));
    CHECK(t.insert(Dot{1, 2}));
    CHECK(t.insert(Dot{1, 3}));
    CHECK(t.contiguous(1) == 3u);
    CHECK(t.contains(Dot{1, 1}));
    CHECK(t.contains(Dot{1, 3}));
    CHECK_FALSE(t.contains(Dot{1, 4}));
    // Other origins are untouched.
    CHECK(t.contiguous(0) == 0u);
    CHECK_FALSE(t.contains(Dot{0, 1}));
    CHECK_FALSE(t.contains(Dot{2, 1}));
  }
  SECTION("a repeat insert returns false") {
    CHECK(t.insert(Dot{0, 1}));
    CHECK_FALSE(t.insert(Dot{0, 1}));
    CHECK(t.insert(Dot{0, 3}));  // ahead of a gap
    CHECK_FALSE(t.insert(Dot{0, 3}));
    CHECK(t.contiguous(0) == 1u);
  }
  SECTION("out of order: ahead of a gap, then the gap closes and absorbs what waited") {
    CHECK(t.insert(Dot{2, 3}));
    CHECK(t.insert(Dot{2, 5}));
    CHECK(t.contains(Dot{2, 3}));
    CHECK(t.contains(Dot{2, 5}));
    CHECK_FALSE(t.contains(Dot{2, 1}));
    CHECK_FALSE(t.contains(Dot{2, 4}));
    CHECK(t.contiguous(2) == 0u);
    CHECK(t.insert(Dot{2, 1}));
    CHECK(t.contiguous(2) == 1u);
    CHECK(t.insert(Dot{2, 2}));  // absorbs 3
    CHECK(t.contiguous(2) == 3u);
    CHECK_FALSE(t.contains(Dot{2, 4}));
    CHECK(t.contains(Dot{2, 5}));
    CHECK(t.insert(Dot{2, 4}));  // absorbs 5
    CHECK(t.contiguous(2) == 5u);
    CHECK_FALSE(t.insert(Dot{2, 5}));
    CHECK_FALSE(t.contains(Dot{2, 6}));
  }
  SECTION("reverse order insertion of 100 seqs ends contiguous") {
    for (uint32_t s = 100; s >= 2; --s) REQUIRE(t.insert(Dot{0, s}));
    CHECK(t.contiguous(0) == 0u);
    CHECK(t.insert(Dot{0, 1}));
    CHECK(t.contiguous(0) == 100u);
    for (uint32_t s = 1; s <= 100; ++s) REQUIRE_FALSE(t.insert(Dot{0, s}));
    CHECK_FALSE(t.contains(Dot{0, 101}));
  }
  SECTION("gaps of different origins do not interfere") {
    CHECK(t.insert(Dot{0, 2}));
    CHECK(t.insert(Dot{1, 2}));
    CHECK(t.insert(Dot{0, 1}));
    CHECK(t.contiguous(0) == 2u);
    CHECK(t.contiguous(1) == 0u);
    CHECK(t.contains(Dot{1, 2}));
    CHECK_FALSE(t.contains(Dot{1, 1}));
  }
}

TEST_CASE("replication::OriginCounters: a sparse counter per origin", "[replication][seq]") {
  OriginCounters c;
  SECTION("absent origins read 0 and find() does not insert") {
    CHECK(c.get(7) == 0u);
    CHECK(c.find(7) == nullptr);
  }
  SECTION("at() creates, get() and find() see it, through many growths and far-apart ids") {
    // Ids spread over the whole range (a ring of 100,000 nodes, and the largest id).
    std::vector<NodeId> ids;
    for (NodeId i = 0; i < 5000; ++i) ids.push_back(i * 37 % 100000);
    ids.push_back(UINT32_MAX - 1);
    for (NodeId id : ids) c.at(id) = id + 1;
    for (NodeId id : ids) {
      CHECK(c.get(id) == id + 1);
      REQUIRE(c.find(id) != nullptr);
    }
    CHECK(c.get(100001) == 0u);
    uint64_t sum = 0, n = 0;
    c.forEach([&](NodeId id, uint32_t v) { sum += v - id; ++n; });
    CHECK(n == ids.size());
    CHECK(sum == ids.size());  // every value is its id + 1
  }
  SECTION("origins 0..n-1 turn it dense; a far origin turns it back, keeping every counter") {
    for (NodeId id = 0; id < 300; ++id) c.at(id) = id + 1;
    for (NodeId id = 0; id < 300; ++id) REQUIRE(c.get(id) == id + 1);
    CHECK(c.get(300) == 0u);
    c.at(5000000) = 7;  // far beyond: back to a hash, not a 5-million array
    CHECK(c.get(5000000) == 7u);
    for (NodeId id = 0; id < 300; ++id) REQUIRE(c.get(id) == id + 1);
    uint64_t nonzero = 0;
    c.forEach([&](NodeId, uint32_t v) { nonzero += v != 0; });
    CHECK(nonzero == 301u);
  }
  SECTION("a reference from at() is the counter itself, in either layout") {
    for (NodeId id = 0; id < 40; ++id) ++c.at(id);
    for (NodeId id = 0; id < 40; ++id) ++c.at(id);
    for (NodeId id = 0; id < 40; ++id) REQUIRE(c.get(id) == 2u);
  }
  SECTION("a SeqTracker over a huge node id costs one slot, not a vector up to it") {
    SeqTracker t;
    CHECK(t.insert(Dot{99999, 1}));
    CHECK(t.contains(Dot{99999, 1}));
    CHECK_FALSE(t.contains(Dot{5, 1}));
    CHECK(t.count() == 1u);
  }
}

TEST_CASE("replication::SeqTracker: the floor settles a whole dependency list at once", "[replication][seq]") {
  SeqTracker t;
  t.keepFloor();
  SECTION("a tracker not asked to keep one never claims anything") {
    SeqTracker plain;
    for (NodeId o = 0; o < 4; ++o) plain.insert(Dot{o, 1});
    CHECK_FALSE(plain.containsEveryUpTo(3, 1));
    t = plain;  // (a copy takes the other's state, flag included)
    CHECK_FALSE(t.containsEveryUpTo(3, 1));
  }
  SECTION("no floor before every origin below the largest has a prefix") {
    CHECK_FALSE(t.containsEveryUpTo(0, 0));
    t.insert(Dot{0, 1});
    t.insert(Dot{2, 1});  // origin 1 has nothing: the floor is 0
    CHECK_FALSE(t.containsEveryUpTo(2, 1));
  }
  SECTION("origins advancing in lockstep raise it; one behind holds it") {
    for (uint32_t seq = 1; seq <= 5; ++seq)
      for (NodeId o = 0; o < 8; ++o) t.insert(Dot{o, seq});
    CHECK(t.containsEveryUpTo(7, 5));
    CHECK_FALSE(t.containsEveryUpTo(7, 6));
    CHECK_FALSE(t.containsEveryUpTo(8, 1));  // an origin it has never counted
    for (NodeId o = 1; o < 8; ++o) t.insert(Dot{o, 6});
    CHECK_FALSE(t.containsEveryUpTo(7, 6));  // origin 0 is still at 5
    t.insert(Dot{0, 7});                     // ahead of its gap: still 5
    CHECK_FALSE(t.containsEveryUpTo(0, 6));
    t.insert(Dot{0, 6});                     // the gap closes: 0 is at 7, the rest at 6
    CHECK(t.containsEveryUpTo(7, 6));
  }
  SECTION("never claims a dot it does not contain, on random histories") {
    for (uint64_t seed = 1; seed <= 100; ++seed) {
      Random rng(seed);
      SeqTracker s;
      s.keepFloor();
      const uint32_t origins = 1 + static_cast<uint32_t>(rng.below(300));  // dense and hashed both
      for (int step = 0; step < 2000; ++step) {
        const NodeId o = static_cast<NodeId>(rng.below(origins));
        s.insert(Dot{o, s.contiguous(o) + 1 + static_cast<uint32_t>(rng.below(3))});  // sometimes ahead of a gap
        const NodeId maxOrigin = static_cast<NodeId>(rng.below(origins + 2));
        const uint32_t maxSeq = static_cast<uint32_t>(rng.below(12));
        if (!s.containsEveryUpTo(maxOrigin, maxSeq)) continue;
        INFO("seed " << seed << " step " << step);
        for (NodeId x = 0; x <= maxOrigin; ++x) REQUIRE(s.contiguous(x) >= maxSeq);
      }
    }
  }
}
