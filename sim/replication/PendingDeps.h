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
// An entry a prune drops by lookup is left in place with seq 0 (a
// tombstone) rather than erased: on a ring an origin's entry is dropped and
// applied again hop after hop, and erasing and re-inserting moved half the
// vector each time (memmove was 2 % of ring 100 x 100). An origin applied
// again reuses its tombstone; a walk (the other kind of prune) or too many
// tombstones (more than live entries + kSlack) squeeze them out, so the
// vector stays within twice the live entries plus kSlack.
//
// Invariants: entries are sorted by origin, one per origin; seq > 0 for a
// live entry, 0 for a tombstone; live_ counts the live ones; minSeq_ <= the
// smallest live seq (a lower bound, exact after a prune that walked),
// UINT32_MAX after a clear.
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
    out.clear();
    appendLive(out);
    clear();
  }
  void clear() {
    deps_.clear();
    live_ = 0;
    minSeq_ = UINT32_MAX;
  }
  // The live entries, sorted by origin (tests).
  std::vector<Dot> entries() const {
    std::vector<Dot> out;
    appendLive(out);
    return out;
  }
  // Entries held, tombstones included (tests: the bound above).
  size_t slots() const { return deps_.size(); }
  static constexpr size_t kSlack = 8;

 private:
  // Appends the live entries (tombstones skipped), in order.
  void appendLive(std::vector<Dot>& out) const {
    for (const Dot& e : deps_)
      if (e.seq != 0) out.push_back(e);
  }
  // The entry of `origin`, or where it would go (DotRange's branch-free search).
  std::vector<Dot>::iterator entryAtOrAfter(NodeId origin);
  std::vector<Dot> deps_;
  size_t live_ = 0;
  uint32_t minSeq_ = UINT32_MAX;
};

}  // namespace replsim
