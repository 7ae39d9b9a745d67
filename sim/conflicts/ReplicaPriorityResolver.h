#pragma once
// ReplicaPriorityResolver: the write that originated at the higher-priority
// replica wins (DDIA: "writes that originated at a higher-numbered replica
// always take precedence"). Priority is the scenario's `priority` list, first
// = highest, nodes not listed below all listed ones; without a list, the
// higher node name wins. Convergent.

#include <string>
#include <vector>

#include "sim/conflicts/ConflictResolver.h"

namespace replsim {

class ReplicaPriorityResolver final : public ConflictResolver {
 public:
  bool convergent(bool) const override { return true; }
  explicit ReplicaPriorityResolver(std::vector<std::string> priority) : priority_(std::move(priority)) {}
  const std::string& name() const override { return name_; }
  Resolution resolve(const ConflictInput& in) const override;

 private:
  // Larger is stronger.
  long strength(const VersionInfo& v) const;
  std::vector<std::string> priority_;
  std::string name_ = "replica-priority";
};

}  // namespace replsim
