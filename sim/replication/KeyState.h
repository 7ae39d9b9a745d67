#pragma once
// KeyState: one key's current version at one replica.
//
// `writer` is the write whose value the key holds (kNone: never written);
// `deleted` marks a tombstone, kept with its context so that a late,
// causally older write cannot resurrect the key. `context` is the key's
// causal context: for each origin, the highest seq of its writes to this key
// that this version includes (sorted by origin, one entry per origin).

#include <algorithm>
#include <vector>

#include "sim/replication/WriteLog.h"

namespace replsim {

struct KeyState {
  WriteIndex writer = kNone;
  bool deleted = false;
  std::vector<Dot> context;

  bool exists() const { return writer != kNone && !deleted; }
  uint32_t seqOf(NodeId origin) const {
    auto it = std::lower_bound(context.begin(), context.end(), origin,
                               [](const Dot& d, NodeId o) { return d.origin < o; });
    return it != context.end() && it->origin == origin ? it->seq : 0;
  }
  bool covers(Dot d) const { return seqOf(d.origin) >= d.seq; }
};

// True when context [b, e) includes everything in `ctx` (sorted by origin).
inline bool dominates(const Dot* b, const Dot* e, const std::vector<Dot>& ctx) {
  const Dot* it = b;
  for (const Dot& d : ctx) {
    while (it != e && it->origin < d.origin) ++it;
    if (it == e || it->origin != d.origin || it->seq < d.seq) return false;
  }
  return true;
}

// ctx := pointwise max(ctx, [b, e)).
inline void mergeContext(std::vector<Dot>& ctx, const Dot* b, const Dot* e) {
  std::vector<Dot> out;
  out.reserve(ctx.size() + static_cast<size_t>(e - b));
  auto it = ctx.begin();
  for (const Dot* p = b; p != e; ++p) {
    while (it != ctx.end() && it->origin < p->origin) out.push_back(*it++);
    if (it != ctx.end() && it->origin == p->origin) out.push_back(Dot{p->origin, std::max(p->seq, (it++)->seq)});
    else out.push_back(*p);
  }
  out.insert(out.end(), it, ctx.end());
  ctx.swap(out);
}

}  // namespace replsim
