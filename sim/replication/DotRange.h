#pragma once
// DotRange: a causal context as a view of (origin, seq) dots sorted by
// origin, one per origin — the highest seq of each origin's writes it
// includes — and what the engine asks of two of them.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/core/Ids.h"

namespace replsim {

struct DotRange {
  const Dot* begin = nullptr;
  const Dot* end = nullptr;
  size_t size() const { return static_cast<size_t>(end - begin); }
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
