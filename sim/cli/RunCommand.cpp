#include "sim/cli/RunCommand.h"

#include <sstream>

#include "sim/cli/Cli.h"
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
  const RunOutcome outcome = sim.run();

  RunResult result;
  result.report = buildJsonReport(sim, stats, outcome, &freshness);
  const auto checks = checkExpectations(scenario.expect, result.report);
  result.report["expectations"] = expectationsJson(checks);
  if (options.renderText) result.text = renderTextReport(result.report);
  result.exitStatus = !allHold(checks) ? kExitExpectation : outcome.limitReached() ? kExitLimit : kExitOk;
  if (recorder) {
    std::ostringstream unheard;
    if (!writeRunArtifacts(sim, *recorder, result.report, result.text, options.outDir, artifacts, err ? *err : unheard))
      result.exitStatus = kExitBadInput;
  }
  return result;
}

int runCommand(const RunOptions& options, std::ostream& out, std::ostream& err) {
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
  std::vector<ScenarioOverride> overrides;
  try {
    for (const std::string& set : options.sets) overrides.push_back(ScenarioOverride::parse(set));
  } catch (const SweepError& e) {
    err << "replsim run: " << e.what() << "\n";
    return kExitBadInput;
  }
  LoadResult loaded = loadScenarioWithOverrides(options.scenarioFile, overrides);
  if (!loaded.ok()) {
    for (const ScenarioError& e : loaded.errors) err << e.render() << "\n";
    return kExitBadInput;
  }
  RunResult result = runScenario(*loaded.scenario, options, options.trace ? &out : nullptr, &err);
  if (options.trace) out << "\n";
  out << (options.format == "json" ? result.report.dump(2) + "\n" : result.text);
  if (result.exitStatus == kExitBadInput) return kExitBadInput;  // --out: a file could not be written
  if (result.exitStatus == kExitLimit) err << "replsim: " << result.report["stop_message"].get<std::string>() << "\n";
  if (result.exitStatus == kExitExpectation) err << "replsim: an expectation failed (see Expectations)\n";
  return result.exitStatus;
}

}  // namespace replsim
