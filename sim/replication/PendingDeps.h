#pragma once
// PendingDeps: the causal dependencies a replica collects for its next local
// write — per origin, the highest seq of that origin's writes applied here
// since this node's last write, minus those a later-applied write already
// implies (docs/semantics.md, "Causal dependencies").
//
// Stored as the non-zero entries only, a small vector sorted by origin, so
// that the next write's dependency list is the vector itself, and so that
// the per-apply pruning touches one or two cache lines of this replica
// rather than one slot per dependency in an array over all origins (an
// all-to-all of 2,000 leaders spent a fifth of its run on those misses);
// the applied write's dependencies are looked up in a table shared by all
// replicas (DependencyIndex), loaded once per write.
//
// Invariants: entries are sorted by origin, one per origin, seq > 0;
// minSeq_ <= the smallest seq held (a lower bound, exact after a prune that
// ran), UINT32_MAX when empty.
//
// Why the bound: pruning removes an entry (o, s) when an applied write has a
// dependency (o, d) with d >= s. If every dependency's seq is below every
// entry's seq, nothing can be removed, and the walk is skipped. On an
// all-to-all whose leaders write at one rate (the common benchmark) the
// dependencies of an arriving write are one latency older than what arrived
// here since the last local write, so the walk almost never runs.

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/replication/DependencyIndex.h"
#include "sim/replication/WriteLog.h"

namespace replsim {

class PendingDeps {
 public:
  // Write `d` was applied here: its origin's entry becomes the larger of
  // what it was and d.seq. REQUIRES: d.seq > 0.
  void noteApplied(Dot d);

  // A write whose direct dependencies are `deps` (sorted by origin, the
  // largest seq among them `maxSeq`) was applied here: the entries it
  // implies — (o, s) with a dependency (o, d), d >= s — are dropped.
  // `index` is the caller's (DependencyIndex: loaded with w's list when the
  // walk needs it, kept for the next receiver of w).
  void prune(WriteIndex w, const Dot* begin, const Dot* end, uint32_t maxSeq, DependencyIndex& index);

  // The dependencies collected, sorted by origin; the collection starts over.
  void takeInto(std::vector<Dot>& out) {
    out.assign(deps_.begin(), deps_.end());
    clear();
  }
  void clear() {
    deps_.clear();
    minSeq_ = UINT32_MAX;
  }
  const std::vector<Dot>& entries() const { return deps_; }

 private:
  // The entry of `origin`, or where it would go (DotRange's branch-free search).
  std::vector<Dot>::iterator entryAtOrAfter(NodeId origin);
  std::vector<Dot> deps_;
  uint32_t minSeq_ = UINT32_MAX;
};

}  // namespace replsim
