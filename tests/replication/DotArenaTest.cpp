#include "sim/replication/DotArena.h"

#include <catch2/catch.hpp>

#include <deque>
#include <utility>
#include <vector>

using namespace replsim;

namespace {
std::vector<Dot> list(uint32_t n, uint32_t tag) {
  std::vector<Dot> v;
  for (uint32_t i = 0; i < n; ++i) v.push_back(Dot{i, tag});
  return v;
}
std::vector<Dot> read(const Span& s) { return std::vector<Dot>(s.data, s.data + s.size); }
}  // namespace

TEST_CASE("replication::DotArena: stores, releases and reuses blocks", "[replication][dotarena]") {
  DotArena arena;
  SECTION("an empty list takes no memory and names no block") {
    uint32_t block = 0;
    const Span s = arena.store({}, &block);
    CHECK(s.data == nullptr);
    CHECK(s.size == 0);
    CHECK(block == kNone);
    CHECK(arena.capacity() == 0);
    arena.release(block);  // (nothing to release: harmless)
  }
  SECTION("a list reads back with its largest seq; lists share a block until it is full") {
    uint32_t b1 = kNone, b2 = kNone, b3 = kNone;
    const Span s1 = arena.store({Dot{0, 5}, Dot{2, 9}, Dot{3, 1}}, &b1);
    const Span s2 = arena.store(list(200, 4), &b2);
    const Span s3 = arena.store(list(100, 6), &b3);  // 303 > 256: a new block of 512
    CHECK(read(s1) == std::vector<Dot>{Dot{0, 5}, Dot{2, 9}, Dot{3, 1}});
    CHECK(s1.maxSeq == 9u);
    CHECK(read(s2) == list(200, 4));
    CHECK(read(s3) == list(100, 6));
    CHECK(b1 == b2);
    CHECK(b3 == b1 + 1);
    CHECK(arena.capacity() == 256 + 512);
  }
  SECTION("lists released as they are done: memory stays at a few blocks, live lists keep their dots") {
    // A sliding window of 50 live lists of 1,000 dots (a run's writes whose
    // dependencies are still needed), 5,000 lists (5 M dots) in all.
    std::deque<std::pair<Span, uint32_t>> live;
    const std::vector<Dot> kept = list(10, 77);
    uint32_t keptBlock = kNone;
    const Span keptSpan = arena.store(kept, &keptBlock);  // never released: its block stays
    size_t peak = 0;
    for (uint32_t i = 0; i < 5000; ++i) {
      uint32_t block = kNone;
      const Span s = arena.store(list(1000, i), &block);
      live.emplace_back(s, block);
      if (live.size() > 50) {
        REQUIRE(read(live.front().first) == list(1000, live.front().first.data[0].seq));
        arena.release(live.front().second);
        live.pop_front();
      }
      peak = std::max(peak, arena.capacity());
    }
    for (const auto& [s, b] : live) REQUIRE(read(s) == list(1000, s.data[0].seq));
    CHECK(read(keptSpan) == kept);
    // 50 live lists fill one 64 Ki block: a handful of blocks at most, not the 5 M dots stored.
    CHECK(peak <= 6 * DotArena::kMaxBlock);
    while (!live.empty()) {
      arena.release(live.front().second);
      live.pop_front();
    }
    CHECK(read(keptSpan) == kept);
  }
  SECTION("without releases every block is kept") {
    for (uint32_t i = 0; i < 300; ++i) arena.store(list(1000, i));
    CHECK(arena.capacity() >= 300 * 1000);
  }
  SECTION("a list longer than a full block gets a block of its own, and lets it go") {
    uint32_t block = kNone;
    const Span big = arena.store(list(70000, 3), &block);
    CHECK(read(big) == list(70000, 3));
    arena.store(list(5, 1));  // (the big block is no longer the one being filled)
    const size_t before = arena.capacity();
    arena.release(block);
    CHECK(arena.capacity() == before - 70000);
  }
}
