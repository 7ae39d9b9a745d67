#pragma once
// FirstUpdateWinsResolver (pglogical/pgEdge "first_update_wins"): of two
// concurrent writes the one with the lower (timestamp, origin name) id wins.
// Convergent: every replica keeps the same first write.

#include "sim/conflicts/LwwResolver.h"

namespace replsim {

class FirstUpdateWinsResolver final : public ConflictResolver {
 public:
  // Without causal ordering a causally later write can overtake its
  // predecessor and be kept "first" at one replica only.
  bool convergent(bool causalOrdering) const override { return causalOrdering; }
  const std::string& name() const override { return name_; }
  Resolution resolve(const ConflictInput& in) const override {
    for (const VersionInfo& v : in.local)
      if (laterId(in.incoming, v)) return Resolution::keepLocal();
    return Resolution::keepIncoming();
  }

 private:
  std::string name_ = "first-update-wins";
};

}  // namespace replsim
