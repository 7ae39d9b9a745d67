#pragma once
// RunCommand: `replsim run SCENARIO [--seed N] [--until MS] [--format text|json]
// [--trace] [--set PATH=VALUE]... [--out DIR [--window FROM_MS:TO_MS]]` — runs one scenario
// (with --set overriding values by dotted path before validation, as
// `replsim sweep` does), prints its report, checks its expect block.

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

int runCommand(const RunOptions& options, std::ostream& out, std::ostream& err);

}  // namespace replsim
