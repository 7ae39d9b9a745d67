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

// The first dot in [begin, end) (sorted by origin) whose origin is not below
// `origin`: std::lower_bound's answer, found without a jump per step (each
// step's comparison picks the next base by a conditional move). The origins
// a replica hears from arrive in no order, so std::lower_bound's branches
// mispredicted about half the time: most of the cost of a search over the
// 64 origins of an all-to-all's context.
inline const Dot* lowerBoundByOrigin(const Dot* begin, const Dot* end, NodeId origin) {
  size_t n = static_cast<size_t>(end - begin);
  if (n == 0) return begin;
  const Dot* base = begin;
  // Invariant: the answer is in [base, base + n].
  while (n > 1) {
    const size_t half = n / 2;
    base = base[half].origin < origin ? base + half : base;
    n -= half;
  }
  return base + (base->origin < origin ? 1 : 0);
}

inline uint32_t seqOf(DotRange ctx, NodeId origin) {
  const Dot* it = lowerBoundByOrigin(ctx.begin, ctx.end, origin);
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
