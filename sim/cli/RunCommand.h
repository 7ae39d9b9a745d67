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

#include "sim/report/JsonReport.h"
#include "sim/scenario/Scenario.h"

namespace replsim {

struct RunOptions {
  std::string scenarioFile;
  std::optional<uint64_t> seed;
  std::optional<double> untilMs;
  std::string format = "text";
  bool trace = false;
  std::string outDir;
  std::string window;  // with outDir: FROM_MS:TO_MS, the part of the run timeline.svg shows
  // InvariantChecker: "end" (checks when the run is over) or "each" (also
  // after every event; slow, for tests and debugging).
  std::string checkInvariants = "end";
  bool progress = false;  // show RunProgress on `err` (runCommand: only when stderr is a terminal)
  std::vector<std::string> sets;  // PATH=VALUE overrides (ScenarioOverride)
  bool renderText = true;  // false: RunResult::text stays empty (sweeps read only the JSON report)
};

// The outcome of one run, for the CLI and for tests.
struct RunResult {
  int exitStatus = 0;
  ReportJson report;
  std::string text;
};

// Runs a loaded scenario; `trace` (may be null) receives the timeline. With
// options.outDir, also writes the run's files there (RunArtifacts); `err`
// (may be null) receives what went wrong, and a file that cannot be written
// makes the exit status kExitBadInput.
RunResult runScenario(const Scenario& scenario, const RunOptions& options, std::ostream* trace,
                      std::ostream* err = nullptr);

int runCommand(const RunOptions& options, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace replsim
