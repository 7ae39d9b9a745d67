#include <catch2/catch.hpp>

#include "tests/TestSupport.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/Random.h"
#include "sim/core/Scheduler.h"

using namespace replsim;

namespace {
SimTime us(int64_t v) { return SimTime::fromUs(v); }

std::vector<uint32_t> drainTargets(Scheduler& s) {
  std::vector<uint32_t> out;
  while (!s.empty()) out.push_back(s.pop().target);
  return out;
}
}  // namespace

TEST_CASE("core::Scheduler: events pop in time order", "[core][scheduler]") {
  Scheduler s;
  SECTION("scheduled out of order") {
    s.schedule(us(30), 1, 3);
    s.schedule(us(10), 1, 1);
    s.schedule(us(20), 1, 2);
    s.schedule(us(5), 1, 0);
    CHECK(s.size() == 4);
    CHECK(s.peekKey().time == us(5));
    CHECK(drainTargets(s) == std::vector<uint32_t>{0, 1, 2, 3});
    CHECK(s.empty());
  }
  SECTION("many random times come out sorted") {
    Random rng(3);
    std::vector<int64_t> times;
    for (uint32_t i = 0; i < 2000; ++i) {
      const int64_t t = static_cast<int64_t>(rng.below(100000));
      times.push_back(t);
      s.schedule(us(t), 7, i);
    }
    std::vector<int64_t> popped;
    while (!s.empty()) {
      const Event e = s.pop();
      CHECK(e.kind == 7u);
      CHECK(times[e.target] == e.key.time.us());
      popped.push_back(e.key.time.us());
    }
    REQUIRE(popped.size() == 2000);
    std::sort(times.begin(), times.end());
    CHECK(popped == times);
  }
  SECTION("kind and target are carried through") {
    const EventKey k = s.schedule(us(1), 42, 99);
    const Event e = s.pop();
    CHECK(e.kind == 42u);
    CHECK(e.target == 99u);
    CHECK(e.key.seq == k.seq);
    CHECK(e.key.time == us(1));
  }
}

TEST_CASE("core::Scheduler: ties at equal time run in scheduling order", "[core][scheduler]") {
  Scheduler s;
  SECTION("all at one time") {
    for (uint32_t i = 0; i < 500; ++i) s.schedule(us(100), 0, i);
    const auto got = drainTargets(s);
    REQUIRE(got.size() == 500);
    for (uint32_t i = 0; i < 500; ++i) REQUIRE(got[i] == i);
  }
  SECTION("interleaved scheduling across a few times") {
    // Targets encode (time, order scheduled at that time).
    std::vector<std::pair<int64_t, uint32_t>> expected;
    uint32_t counter[3] = {0, 0, 0};
    for (uint32_t i = 0; i < 300; ++i) {
      const int64_t slot = static_cast<int64_t>((i * 7) % 3);  // 0,1,2,0,1,2... in a scrambled order
      const uint32_t target = static_cast<uint32_t>(slot) * 1000 + counter[slot]++;
      s.schedule(us(10 * (3 - slot)), 0, target);  // slot 0 is the latest time
    }
    std::vector<uint32_t> got = drainTargets(s);
    REQUIRE(got.size() == 300);
    // First all of slot 2 (time 10) in order, then slot 1 (time 20), then slot 0 (time 30).
    size_t i = 0;
    for (int slot = 2; slot >= 0; --slot)
      for (uint32_t k = 0; k < 100; ++k, ++i) REQUIRE(got[i] == static_cast<uint32_t>(slot) * 1000 + k);
  }
  SECTION("events scheduled while draining, at the current time, run after earlier ones at that time") {
    s.schedule(us(50), 0, 1);
    s.schedule(us(50), 0, 2);
    const Event first = s.pop();
    CHECK(first.target == 1u);
    s.schedule(us(50), 0, 3);  // same time as now: after 2
    s.schedule(us(60), 0, 4);
    CHECK(drainTargets(s) == std::vector<uint32_t>{2, 3, 4});
  }
  SECTION("randomised interleaving: ties by seq, checked against a reference sort") {
    Random rng(11);
    std::vector<EventKey> keys;
    for (uint32_t i = 0; i < 3000; ++i) keys.push_back(s.schedule(us(static_cast<int64_t>(rng.below(20))), 0, i));
    std::vector<EventKey> sorted = keys;
    std::sort(sorted.begin(), sorted.end());
    for (const EventKey& k : sorted) {
      const Event e = s.pop();
      REQUIRE(e.key.time == k.time);
      REQUIRE(e.key.seq == k.seq);
    }
  }
}

TEST_CASE("core::Scheduler: now, processed and sequence numbers", "[core][scheduler]") {
  Scheduler s;
  SECTION("a fresh scheduler") {
    CHECK(s.empty());
    CHECK(s.size() == 0);
    CHECK(s.now() == SimTime::zero());
    CHECK(s.processed() == 0);
  }
  SECTION("now() advances to each popped event's time and processed() counts pops") {
    s.schedule(us(10), 0, 0);
    s.schedule(us(25), 0, 0);
    s.schedule(us(25), 0, 0);
    CHECK(s.now() == us(0));  // scheduling does not move time
    s.pop();
    CHECK(s.now() == us(10));
    CHECK(s.processed() == 1);
    s.pop();
    CHECK(s.now() == us(25));
    s.pop();
    CHECK(s.now() == us(25));
    CHECK(s.processed() == 3);
    CHECK(s.empty());
    s.schedule(us(40), 0, 0);
    CHECK(s.processed() == 3);
    s.pop();
    CHECK(s.now() == us(40));
    CHECK(s.processed() == 4);
  }
  SECTION("seq is never 0, strictly increasing, and unique") {
    std::set<uint64_t> seen;
    uint64_t last = 0;
    for (int i = 0; i < 1000; ++i) {
      const EventKey k = s.schedule(us(100 + i / 5), 0, 0);  // REQUIRES: never before now()
      REQUIRE(k.seq != 0);
      REQUIRE(k.seq > last);
      last = k.seq;
      seen.insert(k.seq);
      if (i % 3 == 0) s.pop();
    }
    CHECK(seen.size() == 1000);
    CHECK(*seen.begin() == 1);
  }
  SECTION("peekKey is the key pop() returns") {
    s.schedule(us(7), 0, 0);
    const EventKey k2 = s.schedule(us(3), 0, 1);
    CHECK(s.peekKey().seq == k2.seq);
    CHECK(s.peekKey().time == us(3));
    const Event e = s.pop();
    CHECK(e.key.seq == k2.seq);
  }
}

TEST_CASE("core::Scheduler: runs of same-time events pop exactly as single entries would", "[core][scheduler]") {
  Scheduler s;
  // An event far ahead takes the lane's back, so that what follows is
  // earlier than it and goes to the heap (as runs).
  const EventKey far = s.schedule(us(1000000), 9, 999);
  SECTION("a run across chunk boundaries keeps kinds, targets and seqs") {
    for (uint32_t len : {2u, 15u, 16u, 17u, 31u, 63u, 100u}) {
      std::vector<EventKey> keys;
      for (uint32_t i = 0; i < len; ++i) keys.push_back(s.schedule(us(50), i % 5, 1000 + i));
      CHECK(s.size() == len + 1);  // and the far one
      for (uint32_t i = 0; i < len; ++i) {
        REQUIRE_FALSE(s.empty());
        CHECK(s.peekKey().seq == keys[i].seq);
        const Event e = s.pop();
        REQUIRE(e.key.seq == keys[i].seq);
        REQUIRE(e.key.time == us(50));
        REQUIRE(e.kind == i % 5);
        REQUIRE(e.target == 1000 + i);
      }
      CHECK(s.size() == 1);
    }
    CHECK(s.pop().key.seq == far.seq);
    CHECK(s.empty());
  }
  SECTION("an event at another time ends the run; one later at the run's time sorts after it") {
    s.schedule(us(20), 0, 1);
    s.schedule(us(20), 0, 2);
    s.schedule(us(10), 0, 3);
    s.schedule(us(20), 0, 4);  // a new entry: seq after 3's
    s.schedule(us(20), 0, 5);
    CHECK(drainTargets(s) == std::vector<uint32_t>{3, 1, 2, 4, 5, 999});
  }
  SECTION("a pop in between closes the run: an event scheduled at now runs after the rest of it") {
    for (uint32_t i = 0; i < 20; ++i) s.schedule(us(30), 0, i);
    CHECK(s.pop().target == 0u);
    s.schedule(us(30), 0, 100);  // at now, after the run's 19 pending events
    s.schedule(us(30), 0, 101);
    std::vector<uint32_t> want;
    for (uint32_t i = 1; i < 20; ++i) want.push_back(i);
    want.push_back(100);
    want.push_back(101);
    want.push_back(999);
    CHECK(drainTargets(s) == want);
  }
  SECTION("forUpcoming names the next event first, then the rest of its run") {
    for (uint32_t i = 0; i < 20; ++i) s.schedule(us(30), 2, i);
    std::vector<uint32_t> seen;
    s.forUpcoming(5, [&](uint32_t kind, uint32_t target) {
      CHECK(kind == 2u);
      seen.push_back(target);
    });
    CHECK(seen == std::vector<uint32_t>{0, 1, 2, 3, 4});
    seen.clear();
    s.forUpcoming(25, [&](uint32_t, uint32_t target) { seen.push_back(target); });
    REQUIRE(seen.size() == 21);
    CHECK(seen.back() == 999u);  // then the lane
    seen.clear();
    s.forUpcoming(0, [&](uint32_t, uint32_t target) { seen.push_back(target); });
    CHECK(seen.empty());
  }
  SECTION("randomised bursts, pops and fresh runs, against a sorted reference") {
    Random rng(29);
    std::set<std::pair<std::pair<int64_t, uint64_t>, uint32_t>> reference;  // ((time, seq), target)
    reference.insert({{far.time.us(), far.seq}, 999});
    uint32_t nextTarget = 0;
    uint64_t popped = 0;
    for (int step = 0; step < 20000; ++step) {
      if (rng.below(3) != 0 || reference.empty()) {
        // A burst at one time, as a send to every peer schedules them.
        const int64_t at = s.now().us() + static_cast<int64_t>(rng.below(4) == 0 ? 0 : rng.below(40));
        const uint32_t burst = 1 + static_cast<uint32_t>(rng.below(rng.below(4) == 0 ? 70 : 3));
        for (uint32_t i = 0; i < burst; ++i) {
          const EventKey k = s.schedule(us(at), nextTarget % 7, nextTarget);
          reference.insert({{k.time.us(), k.seq}, nextTarget});
          ++nextTarget;
        }
      } else {
        const auto want = *reference.begin();
        reference.erase(reference.begin());
        REQUIRE(s.peekKey().time.us() == want.first.first);
        REQUIRE(s.peekKey().seq == want.first.second);
        const Event e = s.pop();
        ++popped;
        REQUIRE(e.key.time.us() == want.first.first);
        REQUIRE(e.key.seq == want.first.second);
        REQUIRE(e.target == want.second);
        if (want.second != 999) REQUIRE(e.kind == want.second % 7);
      }
      REQUIRE(s.size() == reference.size());
    }
    while (!reference.empty()) {
      const auto want = *reference.begin();
      reference.erase(reference.begin());
      const Event e = s.pop();
      ++popped;
      REQUIRE(e.key.seq == want.first.second);
      REQUIRE(e.target == want.second);
    }
    CHECK(s.empty());
    CHECK(s.processed() == popped);
    CHECK(popped == nextTarget + 1);
  }
}

TEST_CASE("core::Scheduler: the lane and the heap interleave in (time, seq) order", "[core][scheduler]") {
  Scheduler s;
  SECTION("non-decreasing times go to the lane; earlier ones to the heap; pops merge them") {
    s.schedule(us(10), 0, 1);  // lane
    s.schedule(us(30), 0, 2);  // lane
    s.schedule(us(20), 0, 3);  // heap (before the lane's back)
    s.schedule(us(30), 0, 4);  // lane, after 2
    s.schedule(us(5), 0, 5);   // heap
    s.schedule(us(30), 0, 6);  // lane
    CHECK(s.size() == 6);
    CHECK(s.peekKey().time == us(5));
    CHECK(drainTargets(s) == std::vector<uint32_t>{5, 1, 3, 2, 4, 6});
  }
  SECTION("the lane wraps around and grows while draining, in order") {
    uint32_t next = 0, expect = 0;
    for (int round = 0; round < 50; ++round) {
      for (int i = 0; i < 7 * round % 97 + 1; ++i) s.schedule(s.now() + us(10), 0, next++);  // one latency: FIFO
      for (int i = 0; i < 5 * round % 61 && !s.empty(); ++i) REQUIRE(s.pop().target == expect++);
    }
    while (!s.empty()) REQUIRE(s.pop().target == expect++);
    CHECK(expect == next);
  }
  SECTION("random latencies, against a sorted reference") {
    Random rng(41);
    std::set<std::pair<std::pair<int64_t, uint64_t>, uint32_t>> reference;
    for (uint32_t i = 0; i < 20000; ++i) {
      if (rng.below(2) == 0 && !reference.empty()) {
        const auto want = *reference.begin();
        reference.erase(reference.begin());
        const Event e = s.pop();
        REQUIRE(e.key.seq == want.first.second);
        REQUIRE(e.target == want.second);
      } else {
        // Mostly a fixed latency (the lane), sometimes a shorter one (the heap).
        const int64_t at = s.now().us() + (rng.below(4) == 0 ? static_cast<int64_t>(rng.below(100)) : 100);
        const EventKey k = s.schedule(us(at), 0, i);
        reference.insert({{at, k.seq}, i});
      }
      REQUIRE(s.size() == reference.size());
    }
    for (const auto& want : reference) REQUIRE(s.pop().target == want.second);
    CHECK(s.empty());
  }
}

TEST_CASE("core::EventKey: ordering is (time, seq)", "[core][scheduler]") {
  const EventKey a{us(10), 5}, b{us(10), 6}, c{us(11), 1};
  CHECK(a < b);
  CHECK_FALSE(b < a);
  CHECK(b < c);
  CHECK(a < c);
  CHECK_FALSE(a < a);
}
