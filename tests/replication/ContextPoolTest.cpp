#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <utility>
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

TEST_CASE("replication::ContextPool: acquireMerge is the shared pointwise max, remembered or not",
          "[replication][contextpool]") {
  ContextPool pool;
  const std::vector<Dot> a{{0, 2}, {3, 1}}, w{{0, 1}, {1, 5}, {3, 4}}, b{{2, 2}};
  const std::vector<Dot> want{{0, 2}, {1, 5}, {3, 4}};
  SECTION("a write's context merged twice: one merge, one shared copy, the memos' references besides") {
    ContextPool::Shared* x = pool.acquireMerge(ContextPool::idOfWrite(7), range(a), 9, range(w));
    CHECK(toVector(x) == want);
    ContextPool::Shared* y = pool.acquireMerge(ContextPool::idOfWrite(7), range(a), 9, range(w));
    CHECK(x == y);
    CHECK(x->refs == 4u);  // two callers, the recent pair and write 9's last merge
    ContextPool::release(x);
    ContextPool::release(y);
    CHECK(pool.size() == 1);  // the memos keep what they remember
    CHECK(toVector(x) == want);
    pool.forgetWrite(9);
    CHECK(x->refs == 1u);  // the recent pair's alone
    pool.forgetWrite(9);  // (twice, or a write never merged: nothing)
    pool.forgetWrite(12345);
    CHECK(x->refs == 1u);
  }
  SECTION("a write's next merge lets its last one go") {
    ContextPool::Shared* x = pool.acquireMerge(ContextPool::idOfWrite(7), range(a), 9, range(w));
    ContextPool::Shared* y = pool.acquireMerge(ContextPool::idOf(x), range(want), 9, range(w));
    CHECK(x == y);  // (w is already in x: the merge is x again, under another name)
    CHECK(x->refs == 5u);  // two callers, two recent pairs, one last merge
    ContextPool::Shared* z = pool.acquireMerge(ContextPool::idOfWrite(8), range(b), 9, range(w));
    CHECK(x->refs == 4u);
    CHECK(z->refs == 3u);
    for (ContextPool::Shared* s : {x, y, z}) ContextPool::release(s);
  }
  SECTION("a freed context's name is not given again, even at the same address") {
    ContextPool::Shared* s = pool.acquire(range(a));
    const uint64_t id = ContextPool::idOf(s);
    ContextPool::Shared* m = pool.acquireMerge(id, range(a), 1, range(w));
    ContextPool::release(s);
    CHECK(pool.size() == 1);  // the merge, held by the caller and the memo; s is gone
    ContextPool::Shared* other = pool.acquire(range(b));
    CHECK(ContextPool::idOf(other) != id);
    CHECK(ContextPool::idOf(other) != ContextPool::idOf(m));
    CHECK(ContextPool::idOf(nullptr) == 0u);
    CHECK((ContextPool::idOfWrite(3) & 1u) == 1u);  // write names and shared names never meet
    CHECK((ContextPool::idOf(other) & 1u) == 0u);
    ContextPool::release(other);
    ContextPool::release(m);
  }
  SECTION("the empty context merges to the write's") {
    ContextPool::Shared* x = pool.acquireMerge(ContextPool::idOf(nullptr), DotRange{}, 3, range(w));
    CHECK(toVector(x) == w);
    ContextPool::release(x);
  }
}

namespace {
// Keys that hold a write's context or a shared one, as KeyState does, for
// the random histories below. A key either adopts a write's context (letting
// a merged one go, which may free it) or merges a write into its own, and
// each merge is checked against one done by hand. Ids of freed contexts get
// reused by new ones: a stale memo entry would show up as a wrong result
// (or, under ASan, as a use after free).
class KeyHistory {
 public:
  KeyHistory(std::vector<std::vector<Dot>> writes, size_t keys) : writes_(std::move(writes)), keys_(keys) {}
  ~KeyHistory() { releaseAll(); }
  void adopt(size_t key, WriteIndex w) {
    Key& k = keys_[key];
    ContextPool::release(k.shared);
    k = Key{w, nullptr, writes_[w]};
  }
  // Whether the pool's merge of write w into the key equals the merge by hand.
  bool merge(size_t key, WriteIndex w) {
    Key& k = keys_[key];
    const uint64_t id = k.write != kNone ? ContextPool::idOfWrite(k.write) : ContextPool::idOf(k.shared);
    const std::vector<Dot>& have = k.write != kNone ? writes_[k.write] : k.expected;
    std::vector<Dot> byHand;
    mergeContexts(range(have), range(writes_[w]), byHand);
    ContextPool::Shared* merged = pool_.acquireMerge(id, range(have), w, range(writes_[w]));
    const bool same = toVector(merged) == byHand;
    ContextPool::release(k.shared);
    k = Key{kNone, merged, byHand};
    return same;
  }
  // `steps` steps, each on the key and write pick(rng) names: one time in
  // adoptOneIn the key adopts the write's context, else the write merges in.
  template <class Pick>
  void play(Random& rng, int steps, uint64_t adoptOneIn, Pick pick) {
    for (int step = 0; step < steps; ++step) {
      const auto [key, w] = pick(rng);
      if (rng.below(adoptOneIn) == 0) {
        adopt(key, w);
        continue;
      }
      INFO("step " << step);
      REQUIRE(merge(key, w));
    }
  }
  void releaseAll() {
    for (Key& k : keys_) ContextPool::release(k.shared);
    keys_.clear();
  }
  // Every write merged for the last time (ContextPool::forgetWrite).
  void forgetWrites() {
    for (WriteIndex w = 0; w < writes_.size(); ++w) pool_.forgetWrite(w);
  }
  size_t poolSize() const { return pool_.size(); }

 private:
  struct Key {
    WriteIndex write = kNone;  // the key's context is this write's, else `shared`
    ContextPool::Shared* shared = nullptr;
    std::vector<Dot> expected;
  };
  std::vector<std::vector<Dot>> writes_;
  ContextPool pool_;  // before keys_, which hold its contexts
  std::vector<Key> keys_;
};

// `count` random contexts over `origins` origins, each present one time in
// `oneIn`, with seqs from 1 to maxSeq.
std::vector<std::vector<Dot>> randomContexts(Random& rng, size_t count, NodeId origins, uint64_t oneIn, uint64_t maxSeq) {
  std::vector<std::vector<Dot>> out(count);
  for (auto& ctx : out)
    for (NodeId o = 0; o < origins; ++o)
      if (rng.below(oneIn) == 0) ctx.push_back(Dot{o, static_cast<uint32_t>(1 + rng.below(maxSeq))});
  return out;
}
}  // namespace

namespace {
// One random history per seed; after it, with every key let go, the pool
// holds at most one context per write (each write's last merge) besides
// `maxPoolAfter` (what the recent-pairs memo still remembers), and once every
// write is forgotten, only those.
struct HistoryShape {
  uint64_t seeds;
  size_t keys, writes;
  NodeId origins;
  uint64_t originOneIn, maxSeq;
  int steps;
  uint64_t adoptOneIn;
  bool ring;  // each write visits the keys in turn; else a random key each step
  size_t maxPoolAfter;
};

void playHistories(const HistoryShape& h) {
  for (uint64_t seed = 1; seed <= h.seeds; ++seed) {
    Random rng(seed);
    KeyHistory history(randomContexts(rng, h.writes, h.origins, h.originOneIn, h.maxSeq), h.keys);
    std::vector<size_t> at(h.writes);  // ring: the key each write visits next
    for (auto& a : at) a = rng.below(h.keys);
    INFO("seed " << seed);
    history.play(rng, h.steps, h.adoptOneIn, [&](Random& r) {
      const auto w = static_cast<WriteIndex>(r.below(h.writes));
      if (!h.ring) return std::pair{static_cast<size_t>(r.below(h.keys)), w};
      const size_t key = at[w];
      at[w] = (at[w] + 1) % h.keys;
      return std::pair{key, w};
    });
    history.releaseAll();
    CHECK(history.poolSize() <= h.maxPoolAfter + h.writes);
    history.forgetWrites();
    CHECK(history.poolSize() <= h.maxPoolAfter);
  }
}
}  // namespace

TEST_CASE("replication::ContextPool: acquireMerge agrees with a plain merge over random key histories",
          "[replication][contextpool][random]") {
  // Each step merges a random write into a random key (both from small sets,
  // so the memo of recent pairs hits, collides and evicts).
  playHistories(HistoryShape{10, 64, 40, 8, 2, 6, 20000, 4, false, 2 * 256});
}

TEST_CASE("replication::ContextPool: a write's last merge serves a ring's next hop, and a freed one never",
          "[replication][contextpool][random]") {
  // A ring: each write hops from key to key (node to node), and hundreds of
  // other merges come between two hops of one write, so the recent-pairs
  // memo has forgotten the pair and the write's last merge answers when the
  // next key holds the context the last one held. Keys adopt a write's
  // context now and then, which frees merged contexts that a write's last
  // merge may name.
  playHistories(HistoryShape{6, 24, 1500, 6, 3, 2, 60000, 16, true, 256});
}

TEST_CASE("replication::ContextPool: relate answers as covers and dominates do, remembered or not",
          "[replication][contextpool][random]") {
  using Relation = ContextPool::Relation;
  ContextPool pool;
  SECTION("by hand") {
    const std::vector<Dot> key{{0, 2}, {1, 3}};
    CHECK(pool.relate(1, range(key), 5, Dot{1, 3}, range(std::vector<Dot>{{1, 3}})) == Relation::Covered);
    CHECK(pool.relate(1, range(key), 6, Dot{1, 4}, range(std::vector<Dot>{{0, 2}, {1, 4}})) == Relation::Follows);
    CHECK(pool.relate(1, range(key), 7, Dot{2, 1}, range(std::vector<Dot>{{0, 1}, {2, 1}})) == Relation::Concurrent);
    CHECK(pool.relate(0, DotRange{}, 7, Dot{2, 1}, range(std::vector<Dot>{{0, 1}, {2, 1}})) == Relation::Follows);
    // remembered: the same pair again gives the same answer
    CHECK(pool.relate(1, range(key), 6, Dot{1, 4}, range(std::vector<Dot>{{0, 2}, {1, 4}})) == Relation::Follows);
  }
  SECTION("random pairs: few repeats (the memos mostly miss), many (recent pairs serve), a ring (last answers serve)") {
    Random rng(17);
    std::vector<std::vector<Dot>> contexts = randomContexts(rng, 3000, 6, 2, 3);
    std::vector<Dot> dots(contexts.size());
    for (size_t i = 0; i < contexts.size(); ++i) {
      // A write's own dot is in its context.
      const NodeId o = static_cast<NodeId>(rng.below(6));
      uint32_t seq = 1 + static_cast<uint32_t>(rng.below(3));
      auto it = std::find_if(contexts[i].begin(), contexts[i].end(), [&](const Dot& d) { return d.origin == o; });
      if (it == contexts[i].end()) contexts[i].insert(std::lower_bound(contexts[i].begin(), contexts[i].end(), o,
                                                                       [](const Dot& d, NodeId x) { return d.origin < x; }),
                                                      Dot{o, seq});
      else seq = it->seq;
      dots[i] = Dot{o, seq};
    }
    // Phase 2, a ring: each write meets the key it met last time (or, one
    // time in four, another), thousands of pairs later, when the
    // recent-pairs memo has forgotten it and the write's last answer serves.
    std::vector<uint32_t> lastKey(contexts.size());
    for (auto& k : lastKey) k = static_cast<uint32_t>(rng.below(contexts.size()));
    for (int phase = 0; phase < 3; ++phase)
      for (int step = 0; step < 60000; ++step) {
        const size_t span = phase == 1 ? 12 : contexts.size();  // phase 1: a few pairs, over and over
        auto key = static_cast<uint32_t>(rng.below(span));
        const auto w = static_cast<uint32_t>(rng.below(span));
        if (phase == 2) {
          if (rng.below(4) == 0) lastKey[w] = key;
          key = lastKey[w];
        }
        const Relation want = covers(range(contexts[key]), dots[w])                        ? Relation::Covered
                              : dominates(range(contexts[w]), range(contexts[key])) ? Relation::Follows
                                                                                     : Relation::Concurrent;
        INFO("phase " << phase << " step " << step);
        REQUIRE(pool.relate(ContextPool::idOfWrite(key), range(contexts[key]), w, dots[w], range(contexts[w])) == want);
      }
  }
}
