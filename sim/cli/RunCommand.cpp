#include "sim/cli/RunCommand.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <unistd.h>

#include "sim/check/InvariantChecker.h"
#include "sim/cli/Cli.h"
#include "sim/cli/RunProgress.h"
#include "sim/cli/ScenarioInput.h"
#include "sim/replication/Simulation.h"
#include "sim/report/EventRecorder.h"
#include "sim/report/ExpectationChecker.h"
#include "sim/report/FreshnessStats.h"
#include "sim/report/RunArtifacts.h"
#include "sim/report/RunStats.h"
#include "sim/report/TextReport.h"
#include "sim/report/TraceWriter.h"
#include "sim/scenario/ScenarioLoader.h"
#include "sim/sweep/ScenarioOverride.h"
#include "sim/sweep/SweepError.h"

namespace replsim {
namespace {

// --out DIR must be usable before a possibly long run, not found wanting
// after it: the folder is created and a probe file written and removed.
bool checkWritableFolder(const std::string& dir, std::ostream& err) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir, ec)) {
    err << "replsim run: --out " << dir << ": cannot create the folder"
        << (ec ? ": " + ec.message() : std::string(": a file of that name exists")) << "\n";
    return false;
  }
  const fs::path probe = fs::path(dir) / ".replsim-write-check";
  bool ok = false;
  {
    std::ofstream f(probe, std::ios::binary);
    ok = static_cast<bool>(f << "ok") && static_cast<bool>(f.flush());
  }
  fs::remove(probe, ec);
  if (!ok) err << "replsim run: --out " << dir << ": the folder is not writable\n";
  return ok;
}

ReportJson invariantsJson(const InvariantChecker& checker) {
  ReportJson v = ReportJson::array();
  for (const InvariantViolation& x : checker.violations()) v.push_back({{"invariant", x.invariant}, {"message", x.message}});
  return {{"checked", checker.checked()}, {"violation_count", checker.violationCount()}, {"violations", v}};
}

}  // namespace

RunResult runScenario(const Scenario& scenario, const RunOptions& options, std::ostream* trace, std::ostream* err) {
  SimulationOptions simOptions;
  simOptions.seed = options.seed;
  if (options.untilMs) simOptions.until = SimTime::fromMs(*options.untilMs);
  Simulation sim(scenario, simOptions);
  RunStats stats;
  sim.addObserver(&stats);
  FreshnessStats freshness(sim);
  sim.addObserver(&freshness);
  std::optional<TraceWriter> tracer;
  if (trace) {
    tracer.emplace(sim, *trace);
    sim.addObserver(&*tracer);
  }
  // The pictures' recorder costs memory and time: only when files are wanted.
  ArtifactOptions artifacts;
  std::optional<EventRecorder> recorder;
  if (!options.outDir.empty()) {
    std::string invalid;  // runCommand has already rejected a bad --window
    if (!options.window.empty()) artifacts.window = parseTimeWindow(options.window, invalid);
    recorder.emplace(sim, artifacts.maxRecords);
    sim.addObserver(&*recorder);
  }
  InvariantChecker checker(sim, options.checkInvariants == "each" ? InvariantChecker::Mode::Each
                                                                   : InvariantChecker::Mode::End);
  sim.addObserver(&checker);
  std::optional<RunProgress> progress;
  if (options.progress && err) {
    progress.emplace(sim, *err);
    sim.addObserver(&*progress);
  }
  const RunOutcome outcome = sim.run();
  if (progress) progress->finish();
  checker.finish(outcome);

  RunResult result;
  result.report = buildJsonReport(sim, stats, outcome, &freshness);
  result.report["invariants"] = invariantsJson(checker);
  const auto checks = checkExpectations(scenario.expect, result.report);
  result.report["expectations"] = expectationsJson(checks);
  if (options.renderText) result.text = renderTextReport(result.report);
  result.exitStatus = checker.violationCount() > 0 ? kExitInvariant
                      : !allHold(checks)          ? kExitExpectation
                      : outcome.limitReached()    ? kExitLimit
                                                  : kExitOk;
  if (recorder) {
    std::ostringstream unheard;
    if (!writeRunArtifacts(sim, *recorder, result.report, result.text, options.outDir, artifacts, err ? *err : unheard))
      result.exitStatus = kExitBadInput;
  }
  return result;
}

int runCommand(const RunOptions& options, std::istream& in, std::ostream& out, std::ostream& err) {
  if (options.untilMs && (*options.untilMs < 0 || *options.untilMs > 1e12)) {
    err << "replsim run: --until must be between 0 and 1e12 ms\n";
    return kExitBadInput;
  }
  if (!options.window.empty()) {
    std::string error;
    if (!parseTimeWindow(options.window, error)) {
      err << "replsim run: " << error << "\n";
      return kExitBadInput;
    }
  }
  if (!options.window.empty() && options.outDir.empty()) {
    err << "replsim run: warning: --window only applies with --out (it selects the part of timeline.svg drawn)\n";
  }
  std::vector<ScenarioOverride> overrides;
  try {
    for (const std::string& set : options.sets) overrides.push_back(ScenarioOverride::parse(set));
  } catch (const SweepError& e) {
    err << "replsim run: " << e.what() << "\n";
    return kExitBadInput;
  }
  const LoadResult loaded = loadScenarioArgument(options.scenarioFile, in, overrides);
  if (!reportLoadErrors(loaded, err)) return kExitBadInput;
  reportWarnings(*loaded.scenario,
                 options.untilMs ? std::optional(SimTime::fromMs(*options.untilMs)) : std::nullopt, err);
  if (!options.outDir.empty() && !checkWritableFolder(options.outDir, err)) return kExitBadInput;
  // With --format json, stdout stays one JSON document: the trace goes to stderr.
  const bool json = options.format == "json";
  std::ostream& traceOut = json ? err : out;
  RunOptions effective = options;
  // Progress only on a terminal, and not where a trace is being written.
  effective.progress = &err == &std::cerr && ::isatty(STDERR_FILENO) == 1 && !(options.trace && json);
  RunResult result = runScenario(*loaded.scenario, effective, options.trace ? &traceOut : nullptr, &err);
  if (options.trace && !json) out << "\n";
  out << (options.format == "json" ? result.report.dump(2) + "\n" : result.text);
  if (result.exitStatus == kExitBadInput) return kExitBadInput;  // --out: a file could not be written
  if (result.exitStatus == kExitLimit) err << "replsim: " << result.report["stop_message"].get<std::string>() << "\n";
  if (result.exitStatus == kExitExpectation) err << "replsim: an expectation failed (see Expectations)\n";
  if (result.exitStatus == kExitInvariant)
    err << "replsim: " << result.report["invariants"]["violation_count"].get<uint64_t>()
        << " invariant violation(s): a bug in replsim (see INVARIANTS VIOLATED / invariants.violations)\n";
  return result.exitStatus;
}

}  // namespace replsim
