#pragma once
// SiblingsResolver: keeps every concurrent version (DDIA: "record the
// conflict in an explicit data structure that preserves all information").
// A read returns them all; an on_read resolver, or the client's next write
// (whose context covers every sibling), settles them.

#include "sim/conflicts/ConflictResolver.h"

namespace replsim {

class SiblingsResolver final : public ConflictResolver {
 public:
  bool successorsInherit() const override { return true; }  // it loses nothing
  bool convergent(bool) const override { return true; }
  const std::string& name() const override { return name_; }
  Resolution resolve(const ConflictInput&) const override { return Resolution::keepSiblings(); }

 private:
  std::string name_ = "siblings";
};

}  // namespace replsim
