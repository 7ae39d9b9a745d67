#pragma once
// ContextPool: the merged causal contexts of a run's keys, each distinct
// context stored once and shared, reference-counted, by every key copy that
// holds it (KeyState). Why: on a ring of 1,000 leaders under lww nearly
// every one of the million replica copies of a key holds a merged context
// (96 MB as one vector each), but at any moment the copies of one key hold a
// handful of distinct ones — the merge of the writes to it that have
// reached them.
//
// The index is a flat open-addressing table (linear probing, power-of-two
// capacity, at most half full, backward-shift deletion) of (hash, context)
// slots: a lookup is one cache line of slots, and a context's dots are read
// only when its full hash matches. (A node-based std::unordered_multimap
// cost three dependent cache misses per lookup: 15 % of a ring 1,000 x 10
// run.)
//
// It also remembers recent comparisons and merges of a key's context with a
// write's (relate, acquireMerge): the copies of a write meet the same key
// versions back to back, and on a ring each hop meets the version the hop
// before met. A memo changes how fast an answer comes, never the answer.
//
// Invariants: every context in the index has refs > 0 (the last release
// frees it; each memo entry that names it holds one) and no two are equal;
// an empty slot has ctx == nullptr; every context sits in the probe run that
// starts at its home slot; serials are never reused. The index and the memos
// are only searched, never iterated for anything a run computes, so the hash
// order cannot leak into results.
// Contract: the pool outlives every KeyState holding one of its contexts
// (ReplicaSet declares it before the replicas).

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "sim/core/Ids.h"
#include "sim/replication/DotRange.h"

namespace replsim {

class ContextPool {
 public:
  struct Shared {  // header; `size` dots (sorted by origin) follow it in the same allocation
    ContextPool* pool;
    uint64_t hash;
    uint32_t refs;
    uint32_t size;
    uint64_t serial;  // unique in the pool's life: never reused, unlike the address
    Dot* dots() { return reinterpret_cast<Dot*>(this + 1); }
    const Dot* dots() const { return reinterpret_cast<const Dot*>(this + 1); }
  };
  static_assert(sizeof(Shared) % alignof(Dot) == 0);

  ContextPool() = default;
  ContextPool(const ContextPool&) = delete;
  ContextPool& operator=(const ContextPool&) = delete;
  ~ContextPool();

  // The shared context equal to `m`, with one more reference (the caller's).
  Shared* acquire(DotRange m);
  static void retain(Shared* s) {
    if (s) ++s->refs;
  }
  // Drops one reference; the last one frees the context.
  static void release(Shared* s) noexcept {
    if (s && --s->refs == 0) s->pool->erase(s);
  }
  // Names a context for the memos below, once for the run: write x's own
  // (immutable, in the WriteLog), or a shared one by its serial (nullptr:
  // the empty context). A freed context's name is never given again.
  static uint64_t idOfWrite(WriteIndex x) { return (uint64_t{x} << 1) | 1u; }
  static uint64_t idOf(const Shared* s) { return s ? s->serial << 1 : 0; }

  // Why memos: a write's copies reach the replicas back to back (an
  // all-to-all delivers its 63 copies at one instant), and the replicas
  // holding the same version of its key all compare and merge the same
  // pair; a memo answers them from one walk. Both are small and
  // direct-mapped: a hit is a recent pair.

  // The shared context equal to the merge (pointwise max) of `a`, named
  // `aId`, and write w's context `wCtx`, with one more reference (the
  // caller's). Two memos answer it, each holding a reference to the results
  // it remembers: recent pairs (an all-to-all's copies of a write, back to
  // back), then each write's last merge (a ring's next hop, which comes
  // thousands of merges later, when the pair is long gone from the first).
  Shared* acquireMerge(uint64_t aId, DotRange a, WriteIndex w, DotRange wCtx);
  // Write w will be merged no more (every replica has processed it): its
  // last merge is let go. Until then the memo keeps that result alive even
  // when no key holds it any more — on a ring the hop before often moved on
  // to a newer context before w's next hop merges — so it costs one context
  // per write in flight at most.
  void forgetWrite(WriteIndex w) {
    if (w >= lastMerge_.size()) return;
    release(std::exchange(lastMerge_[w].result, nullptr));
  }

  // How write w (dot `wDot`, context `wCtx`) stands to a key context `a`,
  // named `aId`: covered by it, following all of it, or neither. Memos as
  // for acquireMerge: recent pairs, then each write's last answer.
  enum class Relation : uint8_t { Covered, Follows, Concurrent };
  Relation relate(uint64_t aId, DotRange a, WriteIndex w, Dot wDot, DotRange wCtx);
  // Distinct contexts held.
  size_t size() const { return size_; }

 private:
  struct Slot {
    uint64_t hash = 0;
    Shared* ctx = nullptr;
  };
  size_t home(uint64_t hash) const { return static_cast<size_t>(hash >> shift_); }
  size_t mask() const { return slots_.size() - 1; }
  void erase(Shared* s) noexcept;  // removes and frees s
  void grow();
  // A remembered merge: (aId, w) -> result. Direct-mapped and small: a hit
  // is a recent pair, and what it keeps alive stays bounded.
  struct Merge {
    uint64_t aId = 0;
    WriteIndex w = kNone;
    Shared* result = nullptr;  // nullptr: an empty entry
  };
  static constexpr size_t kMergeMemo = 256;
  // A write's last merge: (aId, w) -> result, by w, holding a reference
  // until the write's next merge or forgetWrite. (Several writes may name
  // one context: near the end of a ring's trips every key converges to one
  // context, which each write's merge then yields.)
  struct LastMerge {
    uint64_t aId = 0;
    Shared* result = nullptr;  // nullptr: none
  };
  void rememberLastMerge(WriteIndex w, uint64_t aId, Shared* result);
  struct Related {
    uint64_t aId = 0;
    WriteIndex w = kNone;  // kNone: an empty entry
    Relation relation = Relation::Concurrent;
  };
  static constexpr size_t kRelationMemo = 1024;
  std::vector<Related> lastRelation_;  // by write (w == kNone: none yet)
  static size_t slotOf(uint64_t aId, WriteIndex w, size_t size) {
    const uint64_t h = (aId ^ (uint64_t{w} * 0x9E3779B97F4A7C15ULL)) * 0xBF58476D1CE4E5B9ULL;
    return static_cast<size_t>(h >> 40) & (size - 1);
  }

  std::vector<Merge> merges_ = std::vector<Merge>(kMergeMemo);
  std::vector<LastMerge> lastMerge_;  // by write
  std::vector<Related> relations_ = std::vector<Related>(kRelationMemo);
  uint64_t nextSerial_ = 1;
  std::vector<Dot> scratch_;

  std::vector<Slot> slots_;
  size_t size_ = 0;
  unsigned shift_ = 64;
};

}  // namespace replsim
