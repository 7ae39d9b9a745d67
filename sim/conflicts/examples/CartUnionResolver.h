#pragma once
// CartUnionResolver: the "cart-union" example write-time resolver; see
// ExampleResolvers.h.

#include "sim/conflicts/ConflictResolver.h"

namespace replsim {

class CartUnionResolver final : public ConflictResolver {
 public:
  bool convergent(bool) const override { return true; }
  const std::string& name() const override { return name_; }
  Resolution resolve(const ConflictInput& in) const override;

 private:
  std::string name_ = "cart-union";
};

}  // namespace replsim
