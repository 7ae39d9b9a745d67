#pragma once
// MergeResolver: concurrent values are merged deterministically (DDIA:
// "somehow merge the values together"):
//   * two increments: a convergent counter — the local value plus the
//     increments the incoming history has and the local one lacks
//     (ConflictInput::unseenIncrements), so every replica ends with the sum
//     of the increments that reached it, in any delivery order;
//   * a delete loses to a write;
//   * otherwise text: the values' "/"-separated parts, as a sorted set,
//     joined with "/" — "B" and "C" give "B/C" — which is commutative,
//     associative and idempotent, hence convergent.
// A mix of counters and text among three or more concurrent writes is merged
// pairwise as text; see docs/semantics.md.

#include "sim/conflicts/ConflictResolver.h"

namespace replsim {

class MergeResolver final : public ConflictResolver {
 public:
  bool successorsInherit() const override { return true; }  // a delete loses to any write
  bool convergent(bool) const override { return true; }
  const std::string& name() const override { return name_; }
  Resolution resolve(const ConflictInput& in) const override;
  bool countsIncrements() const override { return true; }

 private:
  std::string name_ = "merge";
};

}  // namespace replsim
