// PendingDeps: the dependencies of a node's next write (see PendingDeps.h).
#include "sim/replication/PendingDeps.h"

#include <algorithm>

#include "sim/replication/DotRange.h"

namespace replsim {
std::vector<Dot>::iterator PendingDeps::entryAtOrAfter(NodeId origin) {
  const Dot* first = deps_.data();
  return deps_.begin() + (lowerBoundByOrigin(first, first + deps_.size(), origin) - first);
}

void PendingDeps::noteApplied(Dot d) {
  auto it = entryAtOrAfter(d.origin);
  if (it != deps_.end() && it->origin == d.origin) {
    live_ += it->seq == 0 ? 1 : 0;  // (a tombstone comes back to life)
    it->seq = std::max(it->seq, d.seq);
  } else {
    deps_.insert(it, d);
    ++live_;
  }
  minSeq_ = std::min(minSeq_, d.seq);
}

void PendingDeps::prune(WriteIndex w, const Dot* begin, const Dot* end, uint32_t maxSeq, DependencyIndex& index) {
  if (begin == end || maxSeq < minSeq_) return;
  const size_t nDeps = static_cast<size_t>(end - begin);
  if (8 * nDeps < deps_.size()) {
    // Few dependencies, many entries (a ring: one): look each dependency up.
    // (minSeq_ stays a lower bound: dropping entries only raises the minimum.)
    for (const Dot* d = begin; d != end; ++d) {
      auto it = entryAtOrAfter(d->origin);
      if (it != deps_.end() && it->origin == d->origin && it->seq != 0 && it->seq <= d->seq) {
        it->seq = 0;
        --live_;
      }
    }
    if (deps_.size() - live_ > live_ + kSlack)
      deps_.erase(std::remove_if(deps_.begin(), deps_.end(), [](const Dot& e) { return e.seq == 0; }), deps_.end());
    return;
  }
  uint32_t newMin = UINT32_MAX;
  size_t kept = 0;
  // Otherwise each entry is looked up in the write's table (loaded once for
  // all the receivers of w, so also when the entries are few).
  index.load(w, begin, end);
  for (const Dot& e : deps_) {
    // (a live entry has seq > 0: no dependency, no drop; a tombstone goes)
    if (e.seq <= index.seqOf(e.origin)) continue;
    deps_[kept++] = e;
    newMin = std::min(newMin, e.seq);
  }
  deps_.resize(kept);
  live_ = kept;
  minSeq_ = newMin;
}

}  // namespace replsim
