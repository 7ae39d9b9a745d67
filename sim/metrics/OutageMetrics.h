#pragma once
// OutageMetrics: what one failure did to one run, measured against the run
// of the same topology and seed without failures (the baseline).
//
// Definitions (docs/compare.md), with F = fail-at, R = recover-at, M =
// the middle of [F, R), and the live replicas = every leader but the failed
// node (all for a link failure); "reached" is ApplyTimeRecorder's "took in":
//   * observed pair (o, r): o != r, both live, o issued at least one write
//     in [M, R) in this run, and in the baseline some write o issued in
//     [M, R) reached r before R — so a pair counts only where the baseline
//     shows that replication from o to r works within the window;
//   * cut pair: an observed pair such that none of the writes o issued in
//     [M, R) reached r before R: once the outage has settled, r hears
//     nothing new from o. "None" rather than "some": a write issued just
//     before R is still in flight at R in the baseline too, and random
//     latencies differ between runs. The first half of the window is left
//     for the outage to settle: writes in flight at F and, with causal
//     ordering, writes that depend only on writes from before F may still
//     get through, although later ones are held;
//   * writes delayed: writes issued before R that some live replica reached
//     only at or after R (or never) although it had reached the same write
//     before R in the baseline. Writes are matched with the baseline by
//     origin and issue time (in order among equal times); a write without a
//     counterpart (its client operation failed in one run only) is not
//     counted. The baseline's own count is 0 by definition;
//   * max staleness: over writes issued in [F, R) and live replicas other
//     than the origin, the longest time from issue to reached (to the end of
//     the run for a replica that never reached it);
//   * catch-up: how long after R every replica (the recovered node too)
//     had reached every write issued before R; 0 if all were in before R;
//     unset if some never was;
//   * converged after: the run's convergence time (when all replicas last
//     became identical) minus R, at least 0; unset if not converged at the
//     end. With client traffic continuing after R this measures the end of
//     the workload more than the recovery, hence catch-up.

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/metrics/ApplyTimeRecorder.h"
#include "sim/metrics/Percentiles.h"
#include "sim/topology/TopologyAnalysis.h"

namespace replsim {

struct FailureWindow {
  SimTime failAt, recoverAt;  // failAt < recoverAt
};

// What a finished run leaves behind for measuring.
struct RunRecord {
  ApplyTimeRecorder applies;
  SimTime end;                           // when the run stopped
  std::optional<SimTime> convergedSince; // Simulation::convergedSince()
};

struct RunMeasure {
  uint64_t writes = 0;        // successful client writes
  uint64_t messagesSent = 0;
  // Issue -> reached at the last replica, over the writes every replica reached.
  Percentiles propagation;
  std::vector<ReplicationPair> observed;  // ascending
  std::vector<ReplicationPair> cut;       // ascending, a subset of observed
  uint64_t writesDelayed = 0;
  std::optional<SimTime> maxStaleness;    // unset: no write issued in [F, R)
  std::optional<SimTime> catchUp;         // unset: never
  std::optional<SimTime> convergedAfter;  // unset: not converged at the end
};

// M: where the settled half of the window starts.
SimTime settledFrom(FailureWindow window);

// REQUIRES: run and baseline come from the same topology and seed, the
// baseline without faults; failedNode is the crashed node, if any.
// Cost: O((writes of both runs) * nodes + nodes^2).
RunMeasure measureRun(const RunRecord& run, const RunRecord& baseline, FailureWindow window,
                      std::optional<NodeId> failedNode);

}  // namespace replsim
