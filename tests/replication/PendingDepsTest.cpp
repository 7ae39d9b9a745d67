#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <vector>

#include "sim/core/Random.h"
#include "sim/replication/PendingDeps.h"

using namespace replsim;

namespace {

std::vector<Dot> take(PendingDeps& p) {
  std::vector<Dot> out;
  p.takeInto(out);
  return out;
}

uint32_t maxSeq(const std::vector<Dot>& deps) {
  uint32_t m = 0;
  for (const Dot& d : deps) m = std::max(m, d.seq);
  return m;
}

// Each call is a new write (the index reloads), as the engine's are.
void prune(PendingDeps& p, const std::vector<Dot>& deps) {
  static DependencyIndex index;
  static WriteIndex next = 0;
  p.prune(next++, deps.data(), deps.data() + deps.size(), maxSeq(deps), index);
}

// The rule as docs/semantics.md states it, on a plain map: per origin the
// highest seq applied since the last take, an entry dropped when an applied
// write has a dependency on its origin at that seq or later.
struct Reference {
  std::map<NodeId, uint32_t> pending;
  void applied(Dot d, const std::vector<Dot>& deps) {
    for (const Dot& dep : deps) {
      auto it = pending.find(dep.origin);
      if (it != pending.end() && it->second <= dep.seq) pending.erase(it);
    }
    uint32_t& s = pending[d.origin];
    s = std::max(s, d.seq);
  }
  std::vector<Dot> entries() const {
    std::vector<Dot> out;
    for (auto [o, s] : pending) out.push_back(Dot{o, s});
    return out;
  }
  std::vector<Dot> take() {
    std::vector<Dot> out = entries();
    pending.clear();
    return out;
  }
};

}  // namespace

TEST_CASE("replication::PendingDeps: the dependencies of a node's next write", "[replication][deps]") {
  PendingDeps p;
  SECTION("empty: the next write depends on nothing") { CHECK(take(p).empty()); }
  SECTION("per origin the highest seq applied, sorted by origin") {
    p.noteApplied(Dot{5, 2});
    p.noteApplied(Dot{1, 7});
    p.noteApplied(Dot{5, 1});  // a late, older write does not lower the entry
    p.noteApplied(Dot{3, 4});
    CHECK(take(p) == std::vector<Dot>{{1, 7}, {3, 4}, {5, 2}});
    CHECK(take(p).empty());  // taking starts over
  }
  SECTION("a dependency at the entry's seq or later implies it; an older one does not") {
    p.noteApplied(Dot{1, 3});
    p.noteApplied(Dot{2, 3});
    p.noteApplied(Dot{4, 9});
    prune(p, {{1, 3}, {2, 2}, {3, 8}, {4, 10}});
    CHECK(p.entries() == std::vector<Dot>{{2, 3}});
  }
  SECTION("an origin implied away and applied again comes back with the new seq") {
    p.noteApplied(Dot{1, 5});
    prune(p, {{1, 6}});
    CHECK(p.entries().empty());
    p.noteApplied(Dot{1, 2});
    CHECK(p.entries() == std::vector<Dot>{{1, 2}});
  }
  SECTION("the bound: dependencies all older than every entry skip the walk, and are right to") {
    p.noteApplied(Dot{1, 10});
    p.noteApplied(Dot{2, 12});
    prune(p, {{1, 9}, {2, 11}, {3, 9}});
    CHECK(p.entries() == std::vector<Dot>{{1, 10}, {2, 12}});
    // After a walk the bound is exact again: {2,12} alone remains, min 12.
    prune(p, {{1, 10}});
    CHECK(p.entries() == std::vector<Dot>{{2, 12}});
    prune(p, {{2, 11}});
    CHECK(p.entries() == std::vector<Dot>{{2, 12}});
    prune(p, {{2, 12}});
    CHECK(p.entries().empty());
  }
  SECTION("comparable sizes: the write's table serves every receiver, and is replaced for the next write") {
    DependencyIndex index;
    const std::vector<Dot> deps{{1, 4}, {2, 4}, {3, 4}, {5, 1}};
    PendingDeps a, b;
    for (PendingDeps* x : {&a, &b}) {
      x->noteApplied(Dot{1, 4});
      x->noteApplied(Dot{2, 5});
      x->noteApplied(Dot{4, 1});
    }
    b.noteApplied(Dot{3, 2});
    a.prune(7, deps.data(), deps.data() + deps.size(), 4, index);
    b.prune(7, deps.data(), deps.data() + deps.size(), 4, index);  // same write: the table as loaded
    CHECK(a.entries() == std::vector<Dot>{{2, 5}, {4, 1}});
    CHECK(b.entries() == std::vector<Dot>{{2, 5}, {4, 1}});
    const std::vector<Dot> next{{2, 6}, {4, 1}};  // another write: nothing of the first one's table is left
    a.noteApplied(Dot{1, 1});
    a.prune(8, next.data(), next.data() + next.size(), 6, index);
    CHECK(a.entries() == std::vector<Dot>{{1, 1}});
  }
  SECTION("many dependencies, few entries: looked up one by one, same answer") {
    std::vector<Dot> deps;
    for (NodeId o = 0; o < 100; ++o) deps.push_back(Dot{o, 5});
    p.noteApplied(Dot{7, 5});   // implied
    p.noteApplied(Dot{50, 6});  // newer than the dependency
    p.noteApplied(Dot{200, 1});  // no dependency on that origin
    prune(p, deps);
    CHECK(p.entries() == std::vector<Dot>{{50, 6}, {200, 1}});
  }
}

TEST_CASE("replication::PendingDeps: a dropped entry is a tombstone, reused and squeezed out",
          "[replication][deps]") {
  PendingDeps p;
  for (NodeId o = 0; o < 100; ++o) p.noteApplied(Dot{o, 5});
  SECTION("an origin dropped and applied again keeps its slot, as a ring does hop after hop") {
    for (uint32_t hop = 1; hop <= 50; ++hop) {
      const NodeId o = hop % 100;
      prune(p, {Dot{o, 5 + hop}});  // one dependency, many entries: looked up
      CHECK(p.slots() == 100);
      p.noteApplied(Dot{o, 6 + hop});
      CHECK(p.slots() == 100);
    }
    CHECK(p.entries().size() == 100);
    CHECK(p.entries()[7] == Dot{7, 13});
  }
  SECTION("more tombstones than live entries + kSlack: squeezed out") {
    for (NodeId o = 0; o < 100; ++o) {
      prune(p, {Dot{o, 5}});
      REQUIRE(p.entries().size() == 99 - o);
      REQUIRE(p.slots() <= 2 * p.entries().size() + PendingDeps::kSlack + 1);
    }
    CHECK(take(p).empty());
    p.noteApplied(Dot{3, 1});
    CHECK(take(p) == std::vector<Dot>{{3, 1}});
  }
  SECTION("a walk drops the tombstones with the entries it prunes") {
    for (NodeId o = 0; o < 10; ++o) prune(p, {Dot{o, 5}});
    CHECK(p.slots() == 100);
    std::vector<Dot> deps;
    for (NodeId o = 10; o < 30; ++o) deps.push_back(Dot{o, 5});
    prune(p, deps);  // 20 dependencies, 100 slots: walked
    CHECK(p.slots() == 70);
    CHECK(p.entries().size() == 70);
    CHECK(p.entries().front() == Dot{30, 5});
  }
}

TEST_CASE("replication::PendingDeps: agrees with the plain rule on random histories", "[replication][deps][random]") {
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    Random rng(seed);
    PendingDeps p;
    Reference ref;
    const uint32_t origins = 1 + static_cast<uint32_t>(rng.below(40));
    std::vector<uint32_t> seqs(origins, 0);
    for (int step = 0; step < 300; ++step) {
      if (rng.below(10) == 0) {
        const auto got = take(p);
        REQUIRE(got == ref.take());
        continue;
      }
      // A write with random dependencies (sorted by origin, one per origin,
      // either side of what was applied), from a random origin.
      std::vector<Dot> deps;
      for (NodeId o = 0; o < origins; ++o)
        if (seqs[o] > 0 && rng.below(3) == 0)
          deps.push_back(Dot{o, static_cast<uint32_t>(1 + rng.below(seqs[o] + 2))});
      const NodeId o = static_cast<NodeId>(rng.below(origins));
      const Dot d{o, static_cast<uint32_t>(1 + rng.below(++seqs[o]))};
      prune(p, deps);
      p.noteApplied(d);
      ref.applied(d, deps);
      INFO("seed " << seed << " step " << step);
      REQUIRE(p.entries() == ref.entries());
    }
  }
}
