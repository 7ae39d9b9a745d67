#pragma once
// CausalHold: holding a write back until its causal dependencies are
// processed at a replica, and releasing it when the last one is.
//
// A write depends on its origin's previous write and on its direct causal
// dependencies (WriteLog deps). A dependency a failover discarded or that
// sync detection aborted is *voided*: nothing waits for it any more.
//
// Invariants: a held write is keyed (Replica::held) by the dot it waits for,
// which is not processed and not voided at that replica; release() re-holds
// a write that still misses another dependency, else applies it — whose
// apply releases what waited on it in turn (recursion, in held order).
// REQUIRES: apply(node, write, path, since, from) applies a released write.

#include <cstdint>
#include <vector>

#include "sim/replication/Replica.h"
#include "sim/replication/ReplicaSet.h"
#include "sim/replication/SimContext.h"

namespace replsim {

class CausalHold {
 public:
  explicit CausalHold(const SimContext& ctx) : ctx_(ctx) {}

  // The first dependency of w that r has not processed, or Dot{0, 0}.
  Dot missingDependency(const Replica& r, WriteIndex w) const {
    const WriteLog& writes = ctx_.writes;
    const WriteRecord& wr = writes[w];
    if (wr.dot.seq > 1 && !r.processed.contains(Dot{wr.dot.origin, wr.dot.seq - 1}) &&
        !voided(Dot{wr.dot.origin, wr.dot.seq - 1}))
      return Dot{wr.dot.origin, wr.dot.seq - 1};
    // Fast paths: the floor of the contiguous prefixes settles them all at
    // once (deps are sorted by origin: the last has the largest), and the
    // contiguous prefix almost every one.
    const Dot *b = writes.depsBegin(w), *e = writes.depsEnd(w);
    if (b == e || r.processed.containsEveryUpTo(e[-1].origin, writes.depsMaxSeq(w))) return Dot{0, 0};
    for (const Dot* d = b; d != e; ++d)
      if (d->seq > r.processed.contiguous(d->origin) && !r.processed.contains(*d) && !voided(*d)) return *d;
    return Dot{0, 0};
  }

  // Holds w at r until `missing` is processed there.
  static void hold(Replica& r, WriteIndex w, PathId path, SimTime since, Dot missing, NodeId from) {
    r.held.emplace(dotKey(missing), HeldWrite{w, path, since, missing, from});
  }

  // `applied` is now processed (or voided) at `node`: what waited for it is
  // applied, or held again for its next missing dependency.
  template <typename Apply>
  void release(NodeId node, Dot applied, Apply&& apply) {
    Replica& r = ctx_.replicas[node];
    auto range = r.held.equal_range(dotKey(applied));
    if (range.first == range.second) return;
    std::vector<HeldWrite> ready;
    for (auto it = range.first; it != range.second; ++it) ready.push_back(it->second);
    r.held.erase(range.first, range.second);
    for (const HeldWrite& h : ready) {
      const Dot missing = missingDependency(r, h.write);
      if (missing.seq != 0) {
        hold(r, h.write, h.path, h.since, missing, h.from);
        continue;
      }
      apply(node, h.write, h.path, h.since, h.from);  // recursion releases what waited on it
    }
  }

  // Nothing may wait for w any more (aborted, or lost in a failover).
  void voidWrite(WriteIndex w);
  // A write a failover discarded or sync aborted: no dependency waits for it.
  bool voided(Dot d) const;

 private:
  SimContext ctx_;
  std::vector<uint8_t> voided_;  // per write, once one was voided
};

}  // namespace replsim
