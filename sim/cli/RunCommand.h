#pragma once
// RunCommand: `replsim run SCENARIO [--seed N] [--until MS] [--format text|json]
// [--trace] [--out DIR]` — runs one scenario, prints its report, checks its
// expect block.

#include <optional>
#include <ostream>
#include <string>

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
};

// The outcome of one run, for the CLI and for tests.
struct RunResult {
  int exitStatus = 0;
  ReportJson report;
  std::string text;
};

// Runs a loaded scenario; `trace` (may be null) receives the timeline.
RunResult runScenario(const Scenario& scenario, const RunOptions& options, std::ostream* trace);

int runCommand(const RunOptions& options, std::ostream& out, std::ostream& err);

}  // namespace replsim
