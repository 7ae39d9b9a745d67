#pragma once
// RunCommand: `replsim run SCENARIO [--seed N] [--until MS] [--format text|json]
// [--trace] [--set PATH=VALUE]... [--check-invariants end|each] [--out DIR [--window FROM_MS:TO_MS]]`
// — runs one scenario, prints its report, checks its expect block.
// SCENARIO "-" is read from standard input. --set overrides values by dotted
// path before validation, as `replsim sweep` does. --trace prints the
// timeline before the text report, or on stderr with --format json, so that
// stdout is one JSON document. --out DIR is checked to be writable before the
// run. Warnings (ScenarioWarnings, --window without --out) go to stderr and
// leave the exit status alone.

#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/run/ScenarioRun.h"

namespace replsim {

int runCommand(const RunOptions& options, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace replsim
