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
// a context of its own, in `merged` (sorted by origin, one entry per origin).

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "sim/replication/WriteLog.h"

namespace replsim {

struct DotRange {
  const Dot* begin = nullptr;
  const Dot* end = nullptr;
  size_t size() const { return static_cast<size_t>(end - begin); }
};

// What few keys need: a resolver's value, concurrent versions, a context of
// their own. Kept apart so that a plain key costs 24 bytes (replicas hold
// one KeyState per key: 2,000 leaders x 1,024 keys is 2 million of them,
// and the per-hop path reads one at random, so their size is cache misses).
struct KeyExtra {
  std::string resolvedValue;
  std::vector<WriteIndex> siblings;
  std::vector<Dot> merged;
};

struct KeyState {
  WriteIndex writer = kNone;
  WriteIndex contextWrite = kNone;  // kNone: the context is merged()
  bool deleted = false;             // a tombstone (with siblings: every sibling is a delete)
  // A value a resolver produced (merge, custom) instead of writer's own;
  // siblings() then holds the frontier of concurrent writes it was folded from.
  bool hasResolvedValue = false;

  KeyState() = default;
  KeyState(const KeyState& o) { *this = o; }
  KeyState(KeyState&&) noexcept = default;
  KeyState& operator=(const KeyState& o) {
    if (this == &o) return *this;
    writer = o.writer;
    contextWrite = o.contextWrite;
    deleted = o.deleted;
    hasResolvedValue = o.hasResolvedValue;
    extra_ = o.extra_ ? std::make_unique<KeyExtra>(*o.extra_) : nullptr;
    return *this;
  }
  KeyState& operator=(KeyState&&) noexcept = default;

  const std::string& resolvedValue() const { return extra_ ? extra_->resolvedValue : kNoValue(); }
  // Concurrent versions: kept side by side (the siblings resolver: two or
  // more writes, each a value a read returns), or the frontier behind a
  // resolved value. Empty for a plain single version.
  const std::vector<WriteIndex>& siblings() const { return extra_ ? extra_->siblings : kNoSiblings(); }
  const std::vector<Dot>& merged() const { return extra_ ? extra_->merged : kNoDots(); }
  void setResolvedValue(std::string v) {
    if (extra_ || !v.empty()) extra().resolvedValue = std::move(v);
  }
  void setSiblings(std::vector<WriteIndex> s) {
    if (extra_ || !s.empty()) extra().siblings = std::move(s);
  }
  // The key's context becomes `m` (and `m` gets the old one): a context of its own.
  void swapMerged(std::vector<Dot>& m) { extra().merged.swap(m); }

  bool exists() const { return writer != kNone && !deleted; }
  // Holds write w's value (or tombstone) alone; the context is left as is.
  void setVersion(WriteIndex w, bool isDelete) {
    writer = w;
    deleted = isDelete;
    hasResolvedValue = false;
    if (extra_) {
      extra_->resolvedValue.clear();
      extra_->siblings.clear();
    }
  }
  // Becomes exactly write w's version, context included.
  void setSingle(WriteIndex w, bool isDelete) {
    setVersion(w, isDelete);
    adoptContext(w);
  }

  DotRange context(const WriteLog& log) const {
    if (contextWrite != kNone) return {log.contextBegin(contextWrite), log.contextEnd(contextWrite)};
    const std::vector<Dot>& m = merged();
    return {m.data(), m.data() + m.size()};
  }
  // The context becomes exactly write w's.
  void adoptContext(WriteIndex w) {
    contextWrite = w;
    if (extra_) extra_->merged.clear();
  }

 private:
  KeyExtra& extra() {
    if (!extra_) extra_ = std::make_unique<KeyExtra>();
    return *extra_;
  }
  static const std::string& kNoValue() { static const std::string v; return v; }
  static const std::vector<WriteIndex>& kNoSiblings() { static const std::vector<WriteIndex> v; return v; }
  static const std::vector<Dot>& kNoDots() { static const std::vector<Dot> v; return v; }
  std::unique_ptr<KeyExtra> extra_;
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
