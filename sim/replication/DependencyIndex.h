#pragma once
// DependencyIndex: one write's direct dependencies (WriteLog deps, sorted by
// origin) as a table by origin, so that a replica applying the write can
// look its own pending entries up in O(1) each (PendingDeps::prune).
//
// Why a table of the *last* write only: a write's copies are applied one
// after another (the 63 receivers of an all-to-all of 64 take it at the same
// simulated time, in send order), so one load serves them all; walking the
// write's dependencies against each receiver's entries instead was a merge
// whose every step was a mispredicted branch (20 % of an all-to-all with
// Poisson arrivals).
//
// Invariants: seq_[o] is the dependency's seq on origin o for the loaded
// write, 0 for every other origin; set_ lists the origins whose seq_ is
// non-zero, so reloading costs the old and new lists, never the table.

#include <cstdint>
#include <vector>

#include "sim/core/Ids.h"

namespace replsim {

class DependencyIndex {
 public:
  // Describe write w, whose dependencies are [begin, end). Free when w is
  // the write loaded last. REQUIRES: the same w always comes with the same
  // list (a WriteLog entry never changes).
  void load(WriteIndex w, const Dot* begin, const Dot* end) {
    if (w == loaded_) return;
    for (NodeId o : set_) seq_[o] = 0;
    set_.clear();
    for (const Dot* d = begin; d != end; ++d) {
      if (d->origin >= seq_.size()) seq_.resize(d->origin + 1, 0);
      seq_[d->origin] = d->seq;
      set_.push_back(d->origin);
    }
    loaded_ = w;
  }
  // The loaded write's dependency on `origin`: its seq, or 0.
  uint32_t seqOf(NodeId origin) const { return origin < seq_.size() ? seq_[origin] : 0; }

 private:
  WriteIndex loaded_ = kNone;
  std::vector<uint32_t> seq_;
  std::vector<NodeId> set_;
};

}  // namespace replsim
