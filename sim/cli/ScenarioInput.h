#pragma once
// ScenarioInput: how the subcommands read the scenario named on the command
// line, and print what loading it found.
//
// "-" means standard input (named "<stdin>" in messages; relative paths in
// it, such as a DOT topology file, are resolved against the current
// folder); anything else is a file path. Errors are printed one a line as
// FILE: /json/path: what is wrong; warnings (ScenarioWarnings) likewise,
// their message starting with "warning: ". Warnings never change the exit
// status.

#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/core/SimTime.h"
#include "sim/scenario/ScenarioLoader.h"
#include "sim/sweep/ScenarioOverride.h"

namespace replsim {

// The name a scenario read from standard input has in messages.
inline constexpr const char* kStdinName = "<stdin>";

// Loads `argument` ("-": all of `in`).
LoadResult loadScenarioArgument(const std::string& argument, std::istream& in);
// The same with `run --set` overrides applied before validation (ScenarioOverride).
LoadResult loadScenarioArgument(const std::string& argument, std::istream& in,
                                const std::vector<ScenarioOverride>& overrides);

// Prints every error of `loaded` to `err`; returns whether it loaded.
bool reportLoadErrors(const LoadResult& loaded, std::ostream& err);

// Prints the warnings of a loaded scenario (with `until` overriding its until_ms).
void reportWarnings(const Scenario& scenario, std::optional<SimTime> until, std::ostream& err);

}  // namespace replsim
