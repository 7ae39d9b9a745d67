#pragma once
// KeyState: one key's current version at one replica.
//
// `writer` is the write whose value the key holds (kNone: never written);
// `deleted` marks a tombstone, kept with its context so that a late,
// causally older write cannot resurrect the key.
//
// The key's causal context — for each origin, the highest seq of its writes
// to this key that this version includes — is, in the usual case, exactly
// the context of one write (`contextWrite`), which lives once in the
// WriteLog: applying a write that supersedes the current version costs no
// copy at all. Only a merge of concurrent versions (a conflict) gives the key
// a context of its own, `merged()` (sorted by origin, one entry per origin).

#include <algorithm>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "sim/replication/WriteLog.h"

namespace replsim {

struct DotRange {
  const Dot* begin = nullptr;
  const Dot* end = nullptr;
  size_t size() const { return static_cast<size_t>(end - begin); }
};

// What few keys need: a resolver's value, concurrent versions.
struct KeyExtra {
  std::string resolvedValue;
  std::vector<WriteIndex> siblings;
};

// A plain key costs 24 bytes: replicas hold one KeyState per key (2,000
// leaders x 1,024 keys is 2 million of them, and the per-hop path reads one
// at random, so their size is cache misses). Whatever a plain key lacks — a
// merged context, the KeyExtra parts — lives in one block behind one
// pointer, the context's dots inline (a ring of 1,000 leaders under lww gives
// nearly every one of its million keys a merged context: a vector and a
// KeyExtra apart cost about twice the block).
struct KeyState {
  WriteIndex writer = kNone;
  WriteIndex contextWrite = kNone;  // kNone: the context is merged()
  bool deleted = false;             // a tombstone (with siblings: every sibling is a delete)
  // A value a resolver produced (merge, custom) instead of writer's own;
  // siblings() then holds the frontier of concurrent writes it was folded from.
  bool hasResolvedValue = false;

  KeyState() = default;
  KeyState(const KeyState& o)
      : writer(o.writer), contextWrite(o.contextWrite), deleted(o.deleted), hasResolvedValue(o.hasResolvedValue) {
    if (!o.block_) return;
    setMerged(o.merged());
    if (o.block_->rare) block()->rare = std::make_unique<KeyExtra>(*o.block_->rare);
  }
  KeyState(KeyState&& o) noexcept
      : writer(o.writer), contextWrite(o.contextWrite), deleted(o.deleted), hasResolvedValue(o.hasResolvedValue),
        block_(std::exchange(o.block_, nullptr)) {}
  KeyState& operator=(const KeyState& o) {
    if (this != &o) *this = KeyState(o);
    return *this;
  }
  KeyState& operator=(KeyState&& o) noexcept {
    writer = o.writer;
    contextWrite = o.contextWrite;
    deleted = o.deleted;
    hasResolvedValue = o.hasResolvedValue;
    std::swap(block_, o.block_);  // o frees what this held
    return *this;
  }
  ~KeyState() { freeBlock(block_); }

  const std::string& resolvedValue() const { return rare() ? rare()->resolvedValue : kNoValue(); }
  // Concurrent versions: kept side by side (the siblings resolver: two or
  // more writes, each a value a read returns), or the frontier behind a
  // resolved value. Empty for a plain single version.
  const std::vector<WriteIndex>& siblings() const { return rare() ? rare()->siblings : kNoSiblings(); }
  // The key's own context (empty unless contextWrite is kNone).
  DotRange merged() const {
    if (!block_) return {};
    const Dot* d = dotsOf(block_);
    return {d, d + block_->size};
  }
  void setResolvedValue(std::string v) {
    if (rare() || !v.empty()) extra().resolvedValue = std::move(v);
  }
  void setSiblings(std::vector<WriteIndex> s) {
    if (rare() || !s.empty()) extra().siblings = std::move(s);
  }
  // The key's context becomes a copy of `m` (a context of its own; `m` may be
  // a caller's scratch, reused). Only a context larger than the block's room
  // allocates: merges grow a context by a dot or two at a time.
  void setMerged(DotRange m) {
    if (!block_ || block_->capacity < m.size()) {
      Block* bigger = allocBlock(static_cast<uint32_t>(m.size()));
      if (block_) bigger->rare = std::move(block_->rare);
      freeBlock(std::exchange(block_, bigger));
    }
    std::copy(m.begin, m.end, dotsOf(block_));
    block_->size = static_cast<uint32_t>(m.size());
  }

  bool exists() const { return writer != kNone && !deleted; }
  // Holds write w's value (or tombstone) alone; the context is left as is.
  void setVersion(WriteIndex w, bool isDelete) {
    writer = w;
    deleted = isDelete;
    hasResolvedValue = false;
    if (KeyExtra* x = rare()) {
      x->resolvedValue.clear();
      x->siblings.clear();
    }
  }
  // Becomes exactly write w's version, context included.
  void setSingle(WriteIndex w, bool isDelete) {
    setVersion(w, isDelete);
    adoptContext(w);
  }

  DotRange context(const WriteLog& log) const {
    if (contextWrite != kNone) return {log.contextBegin(contextWrite), log.contextEnd(contextWrite)};
    return merged();
  }
  // The context becomes exactly write w's; a merged context is freed (a key
  // that stops being in conflict goes back to 24 bytes).
  void adoptContext(WriteIndex w) {
    contextWrite = w;
    if (!block_) return;
    if (block_->rare) block_->size = 0;
    else freeBlock(std::exchange(block_, nullptr));
  }

 private:
  // Header of the block; `capacity` dots follow it in the same allocation.
  // Capacities are odd: 16 + 8 x odd bytes fill glibc's 16-byte-granular
  // chunks exactly, so the rounding up is free room for the next dot.
  struct Block {
    std::unique_ptr<KeyExtra> rare;
    uint32_t size = 0;
    uint32_t capacity = 0;
  };
  static_assert(sizeof(Block) % alignof(Dot) == 0);
  static Dot* dotsOf(Block* b) { return reinterpret_cast<Dot*>(b + 1); }
  static const Dot* dotsOf(const Block* b) { return reinterpret_cast<const Dot*>(b + 1); }
  static Block* allocBlock(uint32_t dots) {
    const uint32_t capacity = dots | 1u;
    Block* b = new (::operator new(sizeof(Block) + size_t{capacity} * sizeof(Dot))) Block;
    b->capacity = capacity;
    return b;
  }
  static void freeBlock(Block* b) noexcept {
    if (!b) return;
    b->~Block();
    ::operator delete(b);
  }
  Block* block() {
    if (!block_) block_ = allocBlock(0);
    return block_;
  }
  KeyExtra* rare() const { return block_ ? block_->rare.get() : nullptr; }
  KeyExtra& extra() {
    Block* b = block();
    if (!b->rare) b->rare = std::make_unique<KeyExtra>();
    return *b->rare;
  }
  static const std::string& kNoValue() { static const std::string v; return v; }
  static const std::vector<WriteIndex>& kNoSiblings() { static const std::vector<WriteIndex> v; return v; }
  Block* block_ = nullptr;
};

inline uint32_t seqOf(DotRange ctx, NodeId origin) {
  const Dot* it = std::lower_bound(ctx.begin, ctx.end, origin, [](const Dot& d, NodeId o) { return d.origin < o; });
  return it != ctx.end && it->origin == origin ? it->seq : 0;
}

inline bool covers(DotRange ctx, Dot d) { return seqOf(ctx, d.origin) >= d.seq; }

// True when `a` includes everything in `b` (both sorted by origin).
inline bool dominates(DotRange a, DotRange b) {
  const Dot* it = a.begin;
  for (const Dot* d = b.begin; d != b.end; ++d) {
    while (it != a.end && it->origin < d->origin) ++it;
    if (it == a.end || it->origin != d->origin || it->seq < d->seq) return false;
  }
  return true;
}

// Pointwise max of two contexts, into `out` (which must not alias either).
inline void mergeContexts(DotRange a, DotRange b, std::vector<Dot>& out) {
  out.clear();
  out.reserve(a.size() + b.size());
  const Dot* i = a.begin;
  const Dot* j = b.begin;
  while (i != a.end || j != b.end) {
    if (j == b.end || (i != a.end && i->origin < j->origin)) out.push_back(*i++);
    else if (i == a.end || j->origin < i->origin) out.push_back(*j++);
    else { out.push_back(Dot{i->origin, std::max(i->seq, j->seq)}); ++i; ++j; }
  }
}

}  // namespace replsim
