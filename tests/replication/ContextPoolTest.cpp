#include <catch2/catch.hpp>

#include <map>
#include <vector>

#include "sim/core/Random.h"
#include "sim/replication/ContextPool.h"

using namespace replsim;

namespace {
DotRange range(const std::vector<Dot>& v) { return DotRange{v.data(), v.data() + v.size()}; }
std::vector<Dot> toVector(const ContextPool::Shared* s) { return std::vector<Dot>(s->dots(), s->dots() + s->size); }
// (Dot has no order: a map key of packed dots)
std::vector<uint64_t> packed(const std::vector<Dot>& v) {
  std::vector<uint64_t> out;
  for (const Dot& d : v) out.push_back((uint64_t{d.origin} << 32) | d.seq);
  return out;
}
std::vector<Dot> unpacked(const std::vector<uint64_t>& v) {
  std::vector<Dot> out;
  for (uint64_t k : v) out.push_back(Dot{static_cast<NodeId>(k >> 32), static_cast<uint32_t>(k)});
  return out;
}
}  // namespace

TEST_CASE("replication::ContextPool: one shared copy per distinct context", "[replication][contextpool]") {
  ContextPool pool;
  const std::vector<Dot> a{{0, 1}, {2, 3}}, b{{0, 1}, {2, 4}}, empty;
  SECTION("equal contexts share one copy; the last release frees it") {
    ContextPool::Shared* x = pool.acquire(range(a));
    ContextPool::Shared* y = pool.acquire(range(std::vector<Dot>(a)));
    CHECK(x == y);
    CHECK(x->refs == 2u);
    CHECK(pool.size() == 1);
    ContextPool::release(x);
    CHECK(pool.size() == 1);
    ContextPool::release(y);
    CHECK(pool.size() == 0);
  }
  SECTION("different contexts, the empty one included, are kept apart") {
    ContextPool::Shared* x = pool.acquire(range(a));
    ContextPool::Shared* y = pool.acquire(range(b));
    ContextPool::Shared* z = pool.acquire(range(empty));
    CHECK(x != y);
    CHECK(z->size == 0u);
    CHECK(toVector(x) == a);
    CHECK(toVector(y) == b);
    CHECK(pool.size() == 3);
    ContextPool::retain(z);
    ContextPool::release(z);
    CHECK(pool.size() == 3);
    for (auto* s : {x, y, z}) ContextPool::release(s);
    CHECK(pool.size() == 0);
  }
}

TEST_CASE("replication::ContextPool: agrees with a counted map through growth and removals", "[replication][contextpool][random]") {
  // Thousands of contexts from a small alphabet: the table grows, probe runs
  // form, and removals in the middle of runs must leave every survivor findable.
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    Random rng(seed);
    ContextPool pool;
    std::map<std::vector<uint64_t>, std::pair<ContextPool::Shared*, uint32_t>> held;
    for (int step = 0; step < 5000; ++step) {
      std::vector<Dot> ctx;
      for (NodeId o = 0; o < 6; ++o)
        if (rng.below(2)) ctx.push_back(Dot{o, static_cast<uint32_t>(1 + rng.below(4))});
      auto it = held.find(packed(ctx));
      if (it != held.end() && rng.below(2) == 0) {
        ContextPool::release(it->second.first);
        if (--it->second.second == 0) held.erase(it);
      } else {
        ContextPool::Shared* s = pool.acquire(range(ctx));
        auto& entry = held[packed(ctx)];
        if (entry.second > 0) REQUIRE(entry.first == s);  // the one shared copy
        entry = {s, entry.second + 1};
        REQUIRE(toVector(s) == ctx);
        REQUIRE(s->refs == entry.second);
      }
      INFO("seed " << seed << " step " << step);
      REQUIRE(pool.size() == held.size());
    }
    for (auto& [ctx, entry] : held)  // every survivor is still the one found
      for (uint32_t i = 0; i < entry.second; ++i) {
        ContextPool::Shared* again = pool.acquire(range(unpacked(ctx)));
        REQUIRE(again == entry.first);
        ContextPool::release(again);
      }
    for (auto& [ctx, entry] : held)
      for (uint32_t i = 0; i < entry.second; ++i) ContextPool::release(entry.first);
    REQUIRE(pool.size() == 0);
  }
}
