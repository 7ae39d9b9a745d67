#pragma once
// ModeCompareOptions: what `replsim compare --modes` is asked to do
// (docs/compare.md, "Single-leader, multi-leader and leaderless").
//
// Plain data, already parsed by the CLI; ModeComparison checks it against
// the scenario (which must have topology.datacenters).

#include <optional>
#include <vector>

#include "sim/core/SimTime.h"

namespace replsim {

// The three families of replication (docs/compare.md says how the
// scenario is turned into each).
enum class ReplicationMode { SingleLeader, MultiLeader, Leaderless };
const char* toString(ReplicationMode m);  // "single-leader" | "multi-leader" | "leaderless"

struct ModeCompareOptions {
  std::vector<ReplicationMode> modes;  // each at most once; results keep this order
  int seeds = 1;                       // runs with seed, seed+1, ...
  // The trouble window [failAt, recoverAt): a datacenter is down, or the
  // inter-datacenter network flaps. Unset: 25% and 75% of the time of the
  // last client operation of the multi-leader run without trouble.
  std::optional<SimTime> failAt, recoverAt;
  // Flapping: within the window, the datacenters are cut apart for flapDown
  // at the start of every flapEvery.
  SimTime flapDown = SimTime::fromMs(100.0);
  SimTime flapEvery = SimTime::fromMs(400.0);
  unsigned jobs = 1;
};

}  // namespace replsim
