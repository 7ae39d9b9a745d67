#pragma once
// ModeComparison: `replsim compare --modes single-leader,multi-leader,leaderless`
// (any subset) — one multi-datacenter workload run under each family of
// replication, in three situations, giving the seed's comparison table with
// numbers:
//   * performance: client-observed write (and read) latency p50/p99 per
//     datacenter;
//   * datacenter outages: each datacenter down in turn for the window —
//     writes failed and delayed, and how long until every replica recovered;
//   * network problems: the datacenters cut apart for flapDown at the start
//     of every flapEvery within the window;
// plus conflicts, writes lost to a concurrent write, and stale reads in each.
//
// single-leader: topology.kind "single-leader" with the scenario's leader,
// or the first datacenter's; multi-leader: the scenario's kind between the
// datacenters' leaders (all-to-all if the scenario is single-leader);
// leaderless: every node a ring node on a full mesh (topology.datacenterMesh),
// the scenario's replication block if it is leaderless, else n 3, w 2, r 2
// with hinted handoff (docs/compare.md). The scenario's faults and
// expectations are ignored. Runs are independent and deterministic, so
// --jobs never changes a number.

#include <iosfwd>

#include "sim/compare/ModeComparisonResult.h"
#include "sim/model/Scenario.h"

namespace replsim {

class ModeComparison {
 public:
  // Throws CompareError (BadInput) when the options do not fit the scenario
  // (no datacenters, a mode listed twice, an empty window, leaderless with
  // ops it cannot run).
  ModeComparison(const Scenario& scenario, ModeCompareOptions options);
  // Throws CompareError (Limit) when a run is stopped by a limit. Progress
  // goes to `progress` when given.
  ModeComparisonResult run(std::ostream* progress = nullptr) const;

 private:
  Scenario scenario_;
  ModeCompareOptions options_;
};

}  // namespace replsim
