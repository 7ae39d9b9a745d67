#include <catch2/catch.hpp>

#include <vector>

#include "sim/replication/KeyState.h"
#include "sim/replication/WriteLog.h"

using namespace replsim;

namespace {
using Ctx = std::vector<Dot>;
DotRange range(const Ctx& c) { return DotRange{c.data(), c.data() + c.size()}; }
bool dom(const Ctx& a, const Ctx& b) { return dominates(range(a), range(b)); }
Ctx merged(const Ctx& a, const Ctx& b) {
  Ctx out;
  mergeContexts(range(a), range(b), out);
  return out;
}
bool concurrent(const Ctx& a, const Ctx& b) { return !dom(a, b) && !dom(b, a); }
Ctx toVector(DotRange r) { return Ctx(r.begin, r.end); }
}  // namespace

TEST_CASE("replication::KeyState: existence and versions", "[replication][keystate]") {
  ContextPool pool;
  KeyState ks;
  SECTION("a fresh key does not exist") {
    CHECK_FALSE(ks.exists());
    CHECK(ks.writer == kNone);
    CHECK(ks.siblings().empty());
  }
  SECTION("a written key exists; a tombstone does not") {
    ks.setVersion(4, false);
    CHECK(ks.exists());
    CHECK(ks.writer == 4u);
    ks.setVersion(5, true);
    CHECK_FALSE(ks.exists());
    CHECK(ks.writer == 5u);
    CHECK(ks.deleted);
  }
  SECTION("setVersion clears a resolved value and siblings but keeps the context") {
    ks.hasResolvedValue = true;
    ks.setResolvedValue("B/C");
    ks.setSiblings({1, 2});
    {
      Ctx m{Dot{0, 1}, Dot{1, 1}};
      ks.setMerged(pool, range(m));
    }
    ks.contextWrite = kNone;
    ks.setVersion(3, false);
    CHECK_FALSE(ks.hasResolvedValue);
    CHECK(ks.resolvedValue().empty());
    CHECK(ks.siblings().empty());
    CHECK(toVector(ks.merged()) == Ctx{Dot{0, 1}, Dot{1, 1}});
  }
  SECTION("setSingle adopts the write's context from the log") {
    WriteLog log;
    WriteRecord r;
    r.dot = Dot{1, 1};
    const WriteIndex w = log.add(r, {Dot{0, 2}, Dot{1, 1}}, {});
    {
      Ctx m{Dot{5, 5}};
      ks.setMerged(pool, range(m));
    }
    ks.contextWrite = kNone;
    ks.setSingle(w, false);
    CHECK(ks.contextWrite == w);
    CHECK(ks.merged().size() == 0);
    CHECK(toVector(ks.context(log)) == Ctx{Dot{0, 2}, Dot{1, 1}});
  }
  SECTION("without a context write the context is the merged one") {
    WriteLog log;
    ks.contextWrite = kNone;
    {
      Ctx m{Dot{2, 3}};
      ks.setMerged(pool, range(m));
    }
    CHECK(toVector(ks.context(log)) == Ctx{Dot{2, 3}});
  }
}

TEST_CASE("replication::KeyState: copies are deep, a plain key stays small", "[replication][keystate]") {
  KeyState a;
  a.setVersion(1, false);
  a.hasResolvedValue = true;
  a.setResolvedValue("x");
  a.setSiblings({1, 2});
  KeyState b = a;  // a replica copied for a re-sync
  b.setResolvedValue("y");
  b.setSiblings({3});
  CHECK(a.resolvedValue() == "x");
  CHECK(a.siblings() == std::vector<WriteIndex>{1, 2});
  CHECK(b.resolvedValue() == "y");
  a = b;
  CHECK(a.siblings() == std::vector<WriteIndex>{3});
  KeyState plain;
  plain.setSingle(7, false);  // no resolver value, siblings or merged context: nothing allocated
  CHECK(plain.resolvedValue().empty());
  CHECK(plain.merged().size() == 0);
  CHECK(sizeof(KeyState) <= 24);
}

TEST_CASE("replication::KeyState: merged contexts are shared, copied with their key and freed", "[replication][keystate]") {
  ContextPool pool;
  const Ctx one{Dot{0, 1}};
  const Ctx four{Dot{0, 1}, Dot{1, 2}, Dot{2, 1}, Dot{3, 7}};
  KeyState ks;
  ks.contextWrite = kNone;
  ks.setMerged(pool, range(one));
  CHECK(toVector(ks.merged()) == one);
  CHECK(pool.size() == 1);
  ks.setResolvedValue("v");  // the rare parts join the context behind the pointer
  ks.setSiblings({3, 4});
  ks.setMerged(pool, range(four));
  CHECK(toVector(ks.merged()) == four);
  CHECK(pool.size() == 1);  // `one` had no other holder: freed
  CHECK(ks.resolvedValue() == "v");
  CHECK(ks.siblings() == std::vector<WriteIndex>{3, 4});

  KeyState other;  // an equal context, reached another way: the same one
  other.setMerged(pool, range(four));
  CHECK(pool.size() == 1);
  CHECK(other.merged().begin == ks.merged().begin);
  ks.setMerged(pool, range(four));  // re-set to itself
  CHECK(toVector(ks.merged()) == four);
  CHECK(pool.size() == 1);

  {
    KeyState copy = ks;  // a replica copied for a re-sync: deep rare parts, shared context
    ks.setResolvedValue("w");
    CHECK(copy.resolvedValue() == "v");
    CHECK(toVector(copy.merged()) == four);
    KeyState moved = std::move(copy);
    CHECK(toVector(moved.merged()) == four);
    moved = KeyState{};
    ks.adoptContext(9);
    other.adoptContext(9);
    CHECK(pool.size() == 0);  // moved let go of it, then the last two holders
    CHECK(ks.merged().size() == 0);
    CHECK(ks.resolvedValue() == "w");
  }
  SECTION("copy-assignment shares, the last holder frees") {
    KeyState a, b;
    a.setMerged(pool, range(one));
    b = a;
    CHECK(toVector(b.merged()) == one);
    a.adoptContext(1);
    CHECK(pool.size() == 1);
    b.setSingle(2, false);
    CHECK(pool.size() == 0);
  }
}

TEST_CASE("replication::KeyState: seqOf and covers", "[replication][keystate]") {
  const Ctx ctx{Dot{0, 2}, Dot{2, 5}, Dot{7, 1}};
  SECTION("seqOf reads the sorted context, 0 for an absent origin") {
    CHECK(seqOf(range(ctx), 0) == 2u);
    CHECK(seqOf(range(ctx), 1) == 0u);
    CHECK(seqOf(range(ctx), 2) == 5u);
    CHECK(seqOf(range(ctx), 7) == 1u);
    CHECK(seqOf(range(ctx), 9) == 0u);
    CHECK(seqOf(range({}), 0) == 0u);
  }
  SECTION("covers: the dot's seq is at most the context's for its origin") {
    CHECK(covers(range(ctx), Dot{0, 1}));
    CHECK(covers(range(ctx), Dot{0, 2}));
    CHECK_FALSE(covers(range(ctx), Dot{0, 3}));
    CHECK(covers(range(ctx), Dot{2, 5}));
    CHECK_FALSE(covers(range(ctx), Dot{1, 1}));
    CHECK_FALSE(covers(range(ctx), Dot{8, 1}));
    CHECK_FALSE(covers(range({}), Dot{0, 1}));
  }
}

TEST_CASE("replication::KeyState: dominates", "[replication][keystate]") {
  SECTION("everything dominates the empty context") {
    CHECK(dom({}, {}));
    CHECK(dom({Dot{0, 1}}, {}));
  }
  SECTION("the empty context dominates nothing else") { CHECK_FALSE(dom({}, {Dot{0, 1}})); }
  SECTION("equal contexts dominate each other") {
    const Ctx a{Dot{0, 2}, Dot{1, 3}};
    CHECK(dom(a, a));
  }
  SECTION("a later seq of the same origin dominates") {
    CHECK(dom({Dot{0, 3}}, {Dot{0, 2}}));
    CHECK_FALSE(dom({Dot{0, 2}}, {Dot{0, 3}}));
  }
  SECTION("a superset of origins dominates") {
    const Ctx small{Dot{1, 1}};
    const Ctx big{Dot{0, 1}, Dot{1, 1}, Dot{2, 4}};
    CHECK(dom(big, small));
    CHECK_FALSE(dom(small, big));
  }
  SECTION("a missing origin in the middle is detected") {
    CHECK_FALSE(dom({Dot{0, 5}, Dot{2, 5}}, {Dot{1, 1}}));
    CHECK_FALSE(dom({Dot{0, 5}, Dot{2, 5}}, {Dot{0, 1}, Dot{1, 1}, Dot{2, 1}}));
    CHECK(dom({Dot{0, 5}, Dot{1, 1}, Dot{2, 5}}, {Dot{0, 1}, Dot{1, 1}, Dot{2, 1}}));
  }
  SECTION("a missing origin at the end is detected") {
    CHECK_FALSE(dom({Dot{0, 5}}, {Dot{0, 1}, Dot{3, 1}}));
  }
  SECTION("concurrency: neither dominates") {
    // A#1 and B#1 written without seeing each other.
    CHECK(concurrent({Dot{0, 1}}, {Dot{1, 1}}));
    // Both saw A#1, then each wrote.
    CHECK(concurrent({Dot{0, 1}, Dot{1, 1}}, {Dot{0, 1}, Dot{2, 1}}));
    // Crossed seqs.
    CHECK(concurrent({Dot{0, 2}, Dot{1, 1}}, {Dot{0, 1}, Dot{1, 2}}));
    // Ordered pairs are not concurrent.
    CHECK_FALSE(concurrent({Dot{0, 1}}, {Dot{0, 1}, Dot{1, 1}}));
    CHECK_FALSE(concurrent({Dot{0, 1}}, {Dot{0, 1}}));
  }
}

TEST_CASE("replication::KeyState: mergeContexts is the pointwise max", "[replication][keystate]") {
  SECTION("with an empty context") {
    CHECK(merged({}, {Dot{1, 2}, Dot{3, 1}}) == Ctx{Dot{1, 2}, Dot{3, 1}});
    CHECK(merged({Dot{1, 2}}, {}) == Ctx{Dot{1, 2}});
    CHECK(merged({}, {}).empty());
  }
  SECTION("disjoint origins interleave, sorted") {
    CHECK(merged({Dot{0, 1}, Dot{4, 2}}, {Dot{1, 3}, Dot{5, 1}}) == Ctx{Dot{0, 1}, Dot{1, 3}, Dot{4, 2}, Dot{5, 1}});
    CHECK(merged({Dot{3, 1}}, {Dot{0, 1}, Dot{1, 1}}) == Ctx{Dot{0, 1}, Dot{1, 1}, Dot{3, 1}});
    CHECK(merged({Dot{0, 1}, Dot{1, 1}}, {Dot{3, 1}}) == Ctx{Dot{0, 1}, Dot{1, 1}, Dot{3, 1}});
  }
  SECTION("overlapping origins take the max seq") {
    CHECK(merged({Dot{0, 5}, Dot{1, 1}, Dot{2, 7}}, {Dot{1, 4}, Dot{2, 3}, Dot{3, 1}}) ==
          Ctx{Dot{0, 5}, Dot{1, 4}, Dot{2, 7}, Dot{3, 1}});
  }
  SECTION("equal contexts are unchanged") {
    const Ctx a{Dot{0, 2}, Dot{1, 3}};
    CHECK(merged(a, a) == a);
  }
  SECTION("the merge dominates both inputs, and is commutative") {
    const Ctx a{Dot{0, 2}, Dot{2, 1}}, b{Dot{0, 1}, Dot{1, 4}};
    const Ctx m = merged(a, b);
    CHECK(m == Ctx{Dot{0, 2}, Dot{1, 4}, Dot{2, 1}});
    CHECK(dom(m, a));
    CHECK(dom(m, b));
    CHECK(merged(b, a) == m);
  }
  SECTION("the output is cleared first") {
    Ctx out{Dot{9, 9}};
    const Ctx a{Dot{0, 1}};
    mergeContexts(range(a), range(a), out);
    CHECK(out == Ctx{Dot{0, 1}});
  }
}
