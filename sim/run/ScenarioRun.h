#pragma once
// ScenarioRun: runs one loaded scenario with everything a run is judged and
// reported by — the counting observers (RunStats, FreshnessStats), the
// invariant checker, the trace, the recorder for --out's pictures, the
// expect block — and returns its exit status and reports. `replsim run`
// (sim/cli) and `replsim sweep` (sim/sweep) both run scenarios through it,
// so a sweep's run is exactly the run `replsim run --set` replays.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/model/Scenario.h"
#include "sim/report/JsonReport.h"
#include "sim/report/RunArtifacts.h"

namespace replsim {

struct RunOptions {
  std::string scenarioFile;
  std::optional<uint64_t> seed;
  std::optional<double> untilMs;
  std::string format = "text";
  bool trace = false;
  std::string outDir;
  std::string window;  // with outDir: FROM_MS:TO_MS, the part of the run timeline.svg shows
  // With outDir: trace.json and shiviz.log hold the run's first outEvents
  // events (UINT64_MAX: every one); ArtifactOptions::kDefaultOutEvents.
  uint64_t outEvents = ArtifactOptions::kDefaultOutEvents;
  // InvariantChecker: "end" (checks when the run is over) or "each" (also
  // after every event; slow, for tests and debugging).
  std::string checkInvariants = "end";
  bool progress = false;  // show RunProgress on `err` (runCommand: only when stderr is a terminal)
  std::vector<std::string> sets;  // PATH=VALUE overrides (ScenarioOverride)
  bool renderText = true;  // false: RunResult::text stays empty (sweeps read only the JSON report)
  // Not null: the JSON report is also written there (writeJsonReport, with a
  // newline), last, before the run's state is freed. When nothing else reads
  // the key listings (no text report, no --out, no `expect` path under
  // "leaders") they are streamed from the simulation instead of built in
  // RunResult::report, which then holds null at each leaders.<name>.keys.
  std::ostream* jsonOut = nullptr;
};

// The outcome of one run, for the CLI and for tests.
struct RunResult {
  int exitStatus = 0;
  ReportJson report;
  std::string text;
};

// Runs a loaded scenario (a caller done with it moves it in); `trace` (may
// be null) receives the timeline. With options.outDir, also writes the
// run's files there (RunArtifacts); `err`
// (may be null) receives what went wrong, and a file that cannot be written
// makes the exit status kExitBadInput; after the files are written it also
// receives their list (writtenFilesText: name, size, what was left out).
RunResult runScenario(Scenario scenario, const RunOptions& options, std::ostream* trace,
                      std::ostream* err = nullptr);

}  // namespace replsim
