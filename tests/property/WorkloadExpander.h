#pragma once
// WorkloadExpander: a scenario's generated workload written out as explicit
// writes, so that a shrinker can remove the operations one by one.
//
// The engine's own planner (planClientOps, on the scenario's workload stream)
// lists the operations, so the expanded scenario issues the same operations
// at the same microseconds in the same order, and the network draws the same
// samples (its random stream is forked before the workload's). Operations
// sent to a node that a crash fault (or crash_datacenter) has down at that
// moment are left out: they would fail and change nothing. Without
// failovers a datacenter client's operation stays a "dc" operation.
// Invariant: the result has no "workload"; nullopt when `c` has none (or
// uses a document workload, or does not load).

#include <optional>
#include <string>

#include "tests/property/ScenarioCase.h"

namespace replsim::testing {

class WorkloadExpander {
 public:
  static std::optional<ScenarioCase> expand(const ScenarioCase& c, const std::string& dir);
};

}  // namespace replsim::testing
