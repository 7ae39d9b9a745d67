#pragma once
// ScenarioWarnings: what a valid scenario says that is legal but almost
// certainly a mistake, for `replsim run` and `validate` to print on stderr
// (the exit status stays 0):
//   * a fault after the run's end (until_ms, or --until): it never happens;
//   * recover / online / recover_datacenter of something that is not down
//     at that time (never crashed, or recovered already).
// Faults are taken in time order, ties in file order, as the engine applies
// them. A crash_datacenter takes every node of the datacenter down, so
// recovering one of them by name afterwards is no mistake.
//
// REQUIRES: `scenario` came out of the loader (every name it uses exists).
// Pure: the same scenario gives the same warnings in the same order.

#include <optional>

#include "sim/core/SimTime.h"
#include "sim/model/Scenario.h"
#include "sim/model/ScenarioError.h"

namespace replsim {

// Each warning names the scenario's file and the fault's JSON path; its
// message starts with "warning: ". `until` overrides the scenario's until.
ScenarioErrors scenarioWarnings(const Scenario& scenario, std::optional<SimTime> until = std::nullopt);

}  // namespace replsim
