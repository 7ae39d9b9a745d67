#pragma once
// MergeResolver: concurrent values are merged deterministically (DDIA:
// "somehow merge the values together"):
//   * two increments: the counter adds the incoming increment to the local
//     value (each increment is applied once per replica, so all agree);
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
  const std::string& name() const override { return name_; }
  Resolution resolve(const ConflictInput& in) const override;

 private:
  std::string name_ = "merge";
};

}  // namespace replsim
