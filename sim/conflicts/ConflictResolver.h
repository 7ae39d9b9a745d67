#pragma once
// ConflictResolver: decides which of two concurrent versions of a key a
// replica keeps.
//
// Called by the engine only for a true conflict: neither write's key context
// covers the other's. A resolver is a pure function of its inputs (no clock,
// no randomness), which is what makes replicas that see the same writes in
// different orders able to agree. Convergent resolvers must be commutative:
// incomingWins(a, b) == !incomingWins(b, a).

#include <memory>
#include <string>

#include "sim/core/SimObserver.h"
#include "sim/replication/WriteLog.h"
#include "sim/scenario/Scenario.h"

namespace replsim {

struct ConflictInput {
  const WriteRecord& incoming;
  const WriteRecord& current;
  uint32_t incomingOriginRank;  // rank of the origin's name in sorted order
  uint32_t currentOriginRank;
  ConflictType type;
};

class ConflictResolver {
 public:
  virtual ~ConflictResolver() = default;
  virtual const std::string& name() const = 0;
  // True when the incoming write replaces the current version.
  virtual bool incomingWins(const ConflictInput& in) const = 0;
};

// REQUIRES: spec.resolve is implemented (ScenarioLoader checks).
std::unique_ptr<ConflictResolver> makeResolver(const ConflictsSpec& spec);

}  // namespace replsim
