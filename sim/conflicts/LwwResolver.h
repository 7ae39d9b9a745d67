#pragma once
// LwwResolver: last write wins — the write with the highest id wins, the id
// ordering by timestamp, then by origin name. The loser is discarded
// (silently in a real database; named in replsim's report).
//
// With Lamport timestamps a causally later write always has the higher
// timestamp, so only concurrent writes are judged. With wall-clock
// timestamps ("timestamps": "clock") it judges every write to an existing
// key by its timestamp alone, as timestamp-based stores do — which is how a
// leader whose clock runs behind loses a write that causally follows.

#include "sim/conflicts/ConflictResolver.h"

namespace replsim {

class LwwResolver final : public ConflictResolver {
 public:
  bool successorsInherit() const override { return !wallClock_; }
  bool convergent(bool) const override { return true; }
  explicit LwwResolver(bool wallClock) : wallClock_(wallClock) {}
  const std::string& name() const override { return name_; }
  bool ignoresCausality() const override { return wallClock_; }
  Resolution resolve(const ConflictInput& in) const override;

 private:
  bool wallClock_;
  std::string name_ = "lww";
};

// True when version a has a higher (timestamp, origin name) id than b.
bool laterId(const VersionInfo& a, const VersionInfo& b);

}  // namespace replsim
