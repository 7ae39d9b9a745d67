#pragma once
// TopologyComparison: `replsim compare` — "if one node or one link fails,
// what does each topology lose?" — runs one scenario's workload under each
// built-in topology (and, as the row "scenario", under the scenario's own
// topology with its link settings), without failures and under each single
// failure, and sets what the simulation shows next to what Boost.Graph
// predicts (analyzeTopology). Full definitions: docs/compare.md and OutageMetrics.h.
//
// What is taken from the scenario: the leaders (names and order), links
// (defaults; overrides naming a link a topology lacks are dropped for it),
// replication settings and the client operations (writes and workload). Its
// own faults and expectations are ignored. For each kind K the run uses a
// copy with topology.kind = K (star: hub = the first leader; tree: fanout
// 2), replication.forward unset so that K gets its default (false for
// all-to-all, true otherwise), and the scenario's loop prevention. The
// "scenario" row keeps the topology as the scenario has it (kind, custom or
// DOT edges with their settings, hub, fanout, forward).
//
// Per topology the result also names its worst failure (most pairs cut,
// then most writes delayed, then longest staleness, then the first) and
// keeps every seed's values, for their standard deviation.
//
// Failures (FailureMode): none; each-node: for each leader v, a copy with
// "crash v" at fail-at and "recover v" at recover-at; each-link: for each
// directed link of K, link_down at fail-at and link_up at recover-at. The
// window defaults to 25% and 75% of the time of the last client operation
// in the run without failures with the scenario's seed (the workload does
// not depend on the topology), and must satisfy 0 <= fail-at < recover-at
// (and recover-at <= until_ms when the scenario sets one).
//
// Seeds: every run is repeated with seed, seed+1, ..., seed+K-1 (the
// scenario's seed, 1 by default); numbers are means over the seeds.
//
// Runs are independent Simulation instances (sharing only the read-only
// scenario, topologies and ResolverRegistry), executed by parallelFor and
// stored by index, so the result is identical for every `jobs`.

#include <ostream>

#include "sim/compare/CompareOptions.h"
#include "sim/compare/ComparisonResult.h"
#include "sim/model/Scenario.h"

namespace replsim {

class TopologyComparison {
 public:
  // Checks the options against the scenario (built-in kinds or the
  // scenario's own, each once; at
  // least 2 leaders; a window given in full must be non-empty). Throws
  // CompareError (BadInput). REQUIRES: scenario comes from ScenarioLoader
  // and outlives this object.
  TopologyComparison(const Scenario& scenario, CompareOptions options);

  // Runs every simulation, options.jobs at a time, and measures them.
  // `progress` (may be null) receives ProgressMeter lines. Throws
  // CompareError: BadInput when the (defaulted) window is empty or beyond
  // until_ms, Limit when a limit stopped a run (the first such run in
  // result order).
  ComparisonResult run(std::ostream* progress) const;

 private:
  const Scenario& scenario_;
  CompareOptions options_;
};

}  // namespace replsim
