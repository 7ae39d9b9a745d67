#pragma once
// Clocks: the timestamps a leader stamps on its writes — a Lamport counter,
// or (conflicts.timestamps "clock") the leader's own skewed wall clock.
//
// Invariants: per replica, successive timestamps strictly increase; a
// replica's Lamport counter is at least every timestamp it has received
// (observe), so a Lamport stamp follows everything its leader has seen.

#include <algorithm>
#include <cstdint>

#include "sim/replication/Replica.h"
#include "sim/replication/SimContext.h"

namespace replsim {

class Clocks {
 public:
  explicit Clocks(const SimContext& ctx) : ctx_(ctx) {}

  // The timestamp of a write r issues now.
  int64_t nextTimestamp(Replica& r);
  // r received a write stamped `timestamp` (0: none).
  static void observe(Replica& r, int64_t timestamp) {
    if (timestamp > 0) r.lamport = std::max(r.lamport, static_cast<uint64_t>(timestamp));
  }

 private:
  SimContext ctx_;
};

}  // namespace replsim
