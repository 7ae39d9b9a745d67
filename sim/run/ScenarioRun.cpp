#include "sim/run/ScenarioRun.h"

#include <algorithm>
#include <optional>
#include <sstream>

#include "sim/check/InvariantChecker.h"
#include "sim/metrics/FreshnessStats.h"
#include "sim/metrics/RunStats.h"
#include "sim/replication/Simulation.h"
#include "sim/report/EventRecorder.h"
#include "sim/report/ExpectationChecker.h"
#include "sim/report/RunArtifacts.h"
#include "sim/report/TextReport.h"
#include "sim/report/TraceWriter.h"
#include "sim/run/ExitStatus.h"
#include "sim/run/RunProgress.h"

namespace replsim {

namespace {

ReportJson invariantsJson(const InvariantChecker& checker) {
  ReportJson v = ReportJson::array();
  for (const InvariantViolation& x : checker.violations()) v.push_back({{"invariant", x.invariant}, {"message", x.message}});
  return {{"checked", checker.checked()}, {"violation_count", checker.violationCount()}, {"violations", v}};
}

}  // namespace

RunResult runScenario(Scenario movedScenario, const RunOptions& options, std::ostream* trace, std::ostream* err) {
  SimulationOptions simOptions;
  simOptions.seed = options.seed;
  if (options.untilMs) simOptions.until = SimTime::fromMs(*options.untilMs);
  Simulation sim(std::move(movedScenario), simOptions);
  const Scenario& scenario = sim.scenario();
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
    // runCommand has already rejected a bad --window.
    if (!options.window.empty())
      if (const Expected<TimeWindow> window = parseTimeWindow(options.window)) artifacts.window = *window;
    artifacts.outEvents = options.outEvents;
    artifacts.maxRecords = recorderCapFor(options.outEvents);
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
  // Streamed listings: the DOM of a 1,000 x 1,024-key report would be 120 MB.
  const bool streamListings =
      options.jsonOut && !options.renderText && !recorder &&
      std::none_of(scenario.expect.begin(), scenario.expect.end(),
                   [](const Expectation& e) { return e.path.rfind("leaders", 0) == 0; });
  result.report = buildJsonReport(sim, stats, outcome, &freshness,
                                  streamListings ? KeyListings::Streamed : KeyListings::InReport);
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
    std::ostream& messages = err ? *err : unheard;
    std::vector<WrittenFile> files;
    if (const Status written =
            writeRunArtifacts(sim, *recorder, result.report, result.text, options.outDir, artifacts, messages, &files);
        !written.ok()) {
      messages << "replsim: " << written.message() << "\n";
      result.exitStatus = kExitBadInput;
    } else {
      messages << writtenFilesText(options.outDir, files);
    }
  }
  if (options.jsonOut) {
    writeJsonReport(*options.jsonOut, result.report, streamListings ? &sim : nullptr);
    *options.jsonOut << "\n";
  }
  return result;
}

}  // namespace replsim
