#pragma once
// KeepLocalResolver (pglogical "keep_local"): the local version always stays
// and the incoming change is discarded. Not convergent: each replica keeps
// whichever conflicting write it had first.

#include "sim/conflicts/ConflictResolver.h"

namespace replsim {

class KeepLocalResolver final : public ConflictResolver {
 public:
  const std::string& name() const override { return name_; }
  Resolution resolve(const ConflictInput&) const override { return Resolution::keepLocal(); }

 private:
  std::string name_ = "keep-local";
};

}  // namespace replsim
