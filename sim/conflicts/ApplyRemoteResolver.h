#pragma once
// ApplyRemoteResolver (pglogical "apply_remote"): the incoming change always
// replaces the local version. Not convergent: each replica ends with
// whichever conflicting write reached it last.

#include "sim/conflicts/ConflictResolver.h"

namespace replsim {

class ApplyRemoteResolver final : public ConflictResolver {
 public:
  const std::string& name() const override { return name_; }
  Resolution resolve(const ConflictInput&) const override { return Resolution::keepIncoming(); }

 private:
  std::string name_ = "apply-remote";
};

}  // namespace replsim
