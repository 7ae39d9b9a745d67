#pragma once
// LwwResolver: last write wins — the write with the highest id wins, where
// the id orders by timestamp, then by origin name. The loser is discarded
// (silently, in a real database; named in replsim's report).

#include "sim/conflicts/ConflictResolver.h"

namespace replsim {

class LwwResolver final : public ConflictResolver {
 public:
  const std::string& name() const override { return name_; }
  bool incomingWins(const ConflictInput& in) const override {
    if (in.incoming.timestamp != in.current.timestamp) return in.incoming.timestamp > in.current.timestamp;
    return in.incomingOriginRank > in.currentOriginRank;
  }

 private:
  std::string name_ = "lww";
};

}  // namespace replsim
