#pragma once
// MaxValueReadResolver: the "max-value" example read-time resolver; see
// ExampleResolvers.h.

#include "sim/conflicts/ConflictResolver.h"

namespace replsim {

class MaxValueReadResolver final : public ReadResolver {
 public:
  const std::string& name() const override { return name_; }
  std::string resolve(std::string_view key, std::span<const std::string> siblings) const override;

 private:
  std::string name_ = "max-value";
};

}  // namespace replsim
