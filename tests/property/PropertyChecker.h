#pragma once
// PropertyChecker: runs one scenario and lists every invariant its run
// breaks — the invariant checker's own verdict (report "invariants") plus
// report-level invariants derived here independently of the engine:
//   * run.loads / run.status: the scenario loads, the run ends without an
//     internal error and without a limit stopping it;
//   * convergence: quiescent, every fault healed (the generator pairs them),
//     every write able to reach every node (strongly connected with
//     forwarding, complete without) and a convergent resolver → converged;
//     and converged → every live replica has the same state digest;
//   * pending_at_end: quiescent and healed → messages.pending_at_end = 0;
//   * causal.update_before_insert: ordering causal → 0 anomalies;
//   * sync.*: committed_then_discarded = 0, committed + aborted +
//     uncommitted = issued (total - failed), nothing uncommitted once quiescent;
//   * merge.counter: under merge, a key that only explicit `incr` writes touch
//     ends at every live replica at the sum of their deltas;
//   * lost_writes.own_overwrite: a write is never reported discarded in
//     favour only of later writes of its own origin (an overwrite, not a loss);
//   * siblings.discards: siblings discards no write (only skips and sync aborts);
//   * applied_once: no replica applied more writes than were issued.
// A scenario's facts (resolver, ordering, ops, topology) come from the loaded
// Scenario, not from the report.

#include <string>
#include <vector>

#include "sim/report/JsonReport.h"
#include "sim/model/Scenario.h"
#include "tests/property/ScenarioCase.h"

namespace replsim::testing {

struct Violation {
  std::string invariant;
  std::string message;
};

class PropertyChecker {
 public:
  // Loads `c` from `dir` (a scratch folder, for its DOT file), runs it and
  // checks it. An empty result means every invariant held.
  static std::vector<Violation> check(const ScenarioCase& c, const std::string& dir);

  // The checks alone, on the report and exit status of a run of `scenario`.
  static std::vector<Violation> checkReport(const Scenario& scenario, const ReportJson& report, int exitStatus);

  // The distinct invariant names of `violations`, in order of first appearance.
  static std::vector<std::string> names(const std::vector<Violation>& violations);
};

}  // namespace replsim::testing
