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
// a context of its own, `merged()` (sorted by origin, one entry per origin),
// shared with every other key copy holding an equal one (ContextPool.h).

#include <algorithm>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "sim/replication/ContextPool.h"
#include "sim/replication/WriteLog.h"

namespace replsim {

// What few keys need: a resolver's value, concurrent versions.
struct KeyExtra {
  std::string resolvedValue;
  std::vector<WriteIndex> siblings;
};

// A plain key costs 24 bytes: replicas hold one KeyState per key (2,000
// leaders x 1,024 keys is 2 million of them, and the per-hop path reads one
// at random, so their size is cache misses). What a plain key lacks is
// behind one tagged pointer: a merged context (shared, ContextPool) alone,
// or a block with the KeyExtra parts and the merged context.
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
    if (const Rare* r = o.rare()) out_ = reinterpret_cast<uintptr_t>(new Rare(*r)) | 1u;
    else out_ = o.out_;
    ContextPool::retain(shared());
  }
  KeyState(KeyState&& o) noexcept
      : writer(o.writer), contextWrite(o.contextWrite), deleted(o.deleted), hasResolvedValue(o.hasResolvedValue),
        out_(std::exchange(o.out_, 0)) {}
  KeyState& operator=(const KeyState& o) {
    if (this != &o) *this = KeyState(o);
    return *this;
  }
  KeyState& operator=(KeyState&& o) noexcept {
    writer = o.writer;
    contextWrite = o.contextWrite;
    deleted = o.deleted;
    hasResolvedValue = o.hasResolvedValue;
    std::swap(out_, o.out_);  // o frees what this held
    return *this;
  }
  ~KeyState() {
    ContextPool::release(shared());
    delete rare();
  }

  const std::string& resolvedValue() const { return rare() ? rare()->extra.resolvedValue : kNoValue(); }
  // Concurrent versions: kept side by side (the siblings resolver: two or
  // more writes, each a value a read returns), or the frontier behind a
  // resolved value. Empty for a plain single version.
  const std::vector<WriteIndex>& siblings() const { return rare() ? rare()->extra.siblings : kNoSiblings(); }
  // The key's own context (empty unless contextWrite is kNone).
  DotRange merged() const {
    const ContextPool::Shared* s = shared();
    if (!s) return {};
    return {s->dots(), s->dots() + s->size};
  }
  void setResolvedValue(std::string v) {
    if (rare() || !v.empty()) extra().resolvedValue = std::move(v);
  }
  void setSiblings(std::vector<WriteIndex> s) {
    if (rare() || !s.empty()) extra().siblings = std::move(s);
  }
  // The key's context becomes (a shared copy of) `m`, a context of its own;
  // `m` may be a caller's scratch, reused afterwards.
  void setMerged(ContextPool& pool, DotRange m) { replaceShared(pool.acquire(m)); }

  bool exists() const { return writer != kNone && !deleted; }
  // Holds write w's value (or tombstone) alone; the context is left as is.
  void setVersion(WriteIndex w, bool isDelete) {
    writer = w;
    deleted = isDelete;
    hasResolvedValue = false;
    if (Rare* r = rare()) {
      r->extra.resolvedValue.clear();
      r->extra.siblings.clear();
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
  // The context's name in the pool's memos (ContextPool::idOf).
  uint64_t contextId() const {
    return contextWrite != kNone ? ContextPool::idOfWrite(contextWrite) : ContextPool::idOf(shared());
  }
  // The context becomes its merge with write w's (a context of its own).
  void mergeContext(ContextPool& pool, const WriteLog& log, WriteIndex w) {
    replaceShared(pool.acquireMerge(contextId(), context(log), w, DotRange{log.contextBegin(w), log.contextEnd(w)}));
    contextWrite = kNone;
  }
  // The context becomes exactly write w's (a merged one is let go).
  void adoptContext(WriteIndex w) {
    contextWrite = w;
    replaceShared(nullptr);
  }

 private:
  struct Rare {
    KeyExtra extra;
    ContextPool::Shared* merged = nullptr;
  };
  static_assert(alignof(Rare) >= 2 && alignof(ContextPool::Shared) >= 2, "bit 0 tags the pointer");
  Rare* rare() const { return out_ & 1u ? reinterpret_cast<Rare*>(out_ & ~uintptr_t{1}) : nullptr; }
  ContextPool::Shared* shared() const {
    if (Rare* r = rare()) return r->merged;
    return reinterpret_cast<ContextPool::Shared*>(out_);
  }
  void setShared(ContextPool::Shared* s) {
    if (Rare* r = rare()) r->merged = s;
    else out_ = reinterpret_cast<uintptr_t>(s);
  }
  // Holds `fresh` (already acquired: it was made while the old context was
  // still held, so it may have been read from it or be equal to it) and lets
  // the old one go.
  void replaceShared(ContextPool::Shared* fresh) {
    ContextPool::Shared* old = shared();
    setShared(fresh);
    ContextPool::release(old);
  }
  KeyExtra& extra() {
    if (!rare()) {
      Rare* r = new Rare;
      r->merged = shared();
      out_ = reinterpret_cast<uintptr_t>(r) | 1u;
    }
    return rare()->extra;
  }
  static const std::string& kNoValue() { static const std::string v; return v; }
  static const std::vector<WriteIndex>& kNoSiblings() { static const std::vector<WriteIndex> v; return v; }
  // 0: nothing; a ContextPool::Shared* (bit 0 clear); or a Rare* with bit 0 set.
  uintptr_t out_ = 0;
};

}  // namespace replsim
