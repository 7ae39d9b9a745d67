#include "sim/cli/RunCommand.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <unistd.h>

#include <fmt/format.h>

#include "sim/cli/Cli.h"
#include "sim/cli/ScenarioInput.h"
#include "sim/core/Status.h"
#include "sim/scenario/ScenarioLoader.h"
#include "sim/sweep/ScenarioOverride.h"
#include "sim/sweep/SweepError.h"
#include "sim/report/RunArtifacts.h"

namespace replsim {
namespace {

// --out DIR must be usable before a possibly long run, not found wanting
// after it: the folder is created and a probe file written and removed.
Status checkWritableFolder(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir, ec))
    return Status::error(fmt::format("--out {}: cannot create the folder: {}", dir,
                                     ec ? ec.message() : std::string("a file of that name exists")));
  const fs::path probe = fs::path(dir) / ".replsim-write-check";
  bool ok = false;
  {
    std::ofstream f(probe, std::ios::binary);
    ok = static_cast<bool>(f << "ok") && static_cast<bool>(f.flush());
  }
  fs::remove(probe, ec);
  if (!ok) return Status::error(fmt::format("--out {}: the folder is not writable", dir));
  return Status::success();
}

}  // namespace

int runCommand(const RunOptions& options, std::istream& in, std::ostream& out, std::ostream& err) {
  if (options.untilMs && (*options.untilMs < 0 || *options.untilMs > 1e12)) {
    err << "replsim run: --until must be between 0 and 1e12 ms\n";
    return kExitBadInput;
  }
  if (!options.window.empty()) {
    if (const Expected<TimeWindow> window = parseTimeWindow(options.window); !window) {
      err << "replsim run: " << window.error() << "\n";
      return kExitBadInput;
    }
  }
  if (!options.window.empty() && options.outDir.empty()) {
    err << "replsim run: warning: --window only applies with --out (it selects the part of timeline.svg drawn)\n";
  }
  if (options.outEvents != RunOptions{}.outEvents && options.outDir.empty()) {
    err << "replsim run: warning: --out-events only applies with --out (it caps trace.json and shiviz.log)\n";
  }
  std::vector<ScenarioOverride> overrides;
  try {
    for (const std::string& set : options.sets) overrides.push_back(ScenarioOverride::parse(set));
  } catch (const SweepError& e) {
    err << "replsim run: " << e.what() << "\n";
    return kExitBadInput;
  }
  LoadResult loaded = loadScenarioArgument(options.scenarioFile, in, overrides);
  if (!reportLoadErrors(loaded, err)) return kExitBadInput;
  reportWarnings(*loaded.scenario,
                 options.untilMs ? std::optional(SimTime::fromMs(*options.untilMs)) : std::nullopt, err);
  if (!options.outDir.empty())
    if (const Status usable = checkWritableFolder(options.outDir); !usable.ok()) {
      err << "replsim run: " << usable.message() << "\n";
      return kExitBadInput;
    }
  // With --format json, stdout stays one JSON document: the trace goes to stderr.
  const bool json = options.format == "json";
  std::ostream& traceOut = json ? err : out;
  RunOptions effective = options;
  // Progress only on a terminal, and not where a trace is being written.
  effective.progress = &err == &std::cerr && ::isatty(STDERR_FILENO) == 1 && !(options.trace && json);
  // The text report is printed, or written to --out's report.txt; otherwise not made.
  effective.renderText = !json || !options.outDir.empty();
  // JSON is written by runScenario while the simulation still exists, so that
  // the key listings need not be held in memory as a DOM.
  if (json) effective.jsonOut = &out;
  RunResult result = runScenario(std::move(*loaded.scenario), effective, options.trace ? &traceOut : nullptr, &err);
  if (options.trace && !json) out << "\n";
  if (!json) out << result.text;
  if (result.exitStatus == kExitBadInput) return kExitBadInput;  // --out: a file could not be written
  if (result.exitStatus == kExitLimit) err << "replsim: " << result.report["stop_message"].get<std::string>() << "\n";
  if (result.exitStatus == kExitExpectation) err << "replsim: an expectation failed (see Expectations)\n";
  if (result.exitStatus == kExitInvariant)
    err << "replsim: " << result.report["invariants"]["violation_count"].get<uint64_t>()
        << " invariant violation(s): a bug in replsim (see INVARIANTS VIOLATED / invariants.violations)\n";
  return result.exitStatus;
}

}  // namespace replsim
