#pragma once
// Resolvers that break their promises, registered for tests that must see
// the invariant checker catch them (tests/check, tests/sweep).
//   test-naive-counter  a counter that loses increments, claiming to converge
//   test-stubborn       answers differently at each replica, claiming to converge

#include <memory>
#include <string>

#include "sim/conflicts/ConflictResolver.h"
#include "sim/conflicts/ResolverRegistry.h"

namespace replsim::testing {

// A counter that adds only the incoming write's own increment — the fold
// replsim once did under merge, which loses increments carried in the
// incoming write's history — yet claims to be a convergent counter.
class NaiveCounter final : public ConflictResolver {
 public:
  const std::string& name() const override { return name_; }
  Resolution resolve(const ConflictInput& in) const override {
    return Resolution::keepValue(std::to_string(std::stoll(std::string(in.local.front().value)) + in.incoming.delta));
  }
  bool countsIncrements() const override { return true; }
  bool convergent(bool) const override { return true; }

 private:
  std::string name_ = "test-naive-counter";
};

// Resolves every conflict to the name of the replica resolving it — each
// replica ends with its own value — and wrongly claims that converges.
class StubbornClaimsConvergence final : public ConflictResolver {
 public:
  const std::string& name() const override { return name_; }
  Resolution resolve(const ConflictInput& in) const override { return Resolution::keepValue(std::string(in.replica)); }
  bool convergent(bool) const override { return true; }

 private:
  std::string name_ = "test-stubborn";
};

inline void registerTestResolvers() {
  auto& reg = ResolverRegistry::global();
  if (!reg.hasWriteResolver("test-naive-counter"))
    reg.registerWriteResolver("test-naive-counter", "test", [](const ConflictsSpec&) {
      return std::make_unique<NaiveCounter>();
    });
  if (!reg.hasWriteResolver("test-stubborn"))
    reg.registerWriteResolver("test-stubborn", "test", [](const ConflictsSpec&) {
      return std::make_unique<StubbornClaimsConvergence>();
    });
}

}  // namespace replsim::testing
