#pragma once
// ErrorResolver: as PostgreSQL's core logical replication does on a
// conflict, the change is not applied and replication from that peer stops
// until a `resume` fault — the operator's intervention — restarts it. The
// conflicting change is then skipped (as ALTER SUBSCRIPTION … SKIP would).

#include "sim/conflicts/ConflictResolver.h"

namespace replsim {

class ErrorResolver final : public ConflictResolver {
 public:
  const std::string& name() const override { return name_; }
  Resolution resolve(const ConflictInput&) const override { return Resolution::halt(); }

 private:
  std::string name_ = "error";
};

}  // namespace replsim
