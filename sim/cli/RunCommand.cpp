#include "sim/cli/RunCommand.h"

#include <filesystem>
#include <fstream>

#include "sim/cli/Cli.h"
#include "sim/replication/Simulation.h"
#include "sim/report/ExpectationChecker.h"
#include "sim/report/RunStats.h"
#include "sim/report/TextReport.h"
#include "sim/report/TraceWriter.h"
#include "sim/scenario/ScenarioLoader.h"

namespace replsim {

RunResult runScenario(const Scenario& scenario, const RunOptions& options, std::ostream* trace) {
  SimulationOptions simOptions;
  simOptions.seed = options.seed;
  if (options.untilMs) simOptions.until = SimTime::fromMs(*options.untilMs);
  Simulation sim(scenario, simOptions);
  RunStats stats;
  sim.addObserver(&stats);
  std::optional<TraceWriter> tracer;
  if (trace) {
    tracer.emplace(sim, *trace);
    sim.addObserver(&*tracer);
  }
  const RunOutcome outcome = sim.run();

  RunResult result;
  result.report = buildJsonReport(sim, stats, outcome);
  const auto checks = checkExpectations(scenario.expect, result.report);
  result.report["expectations"] = expectationsJson(checks);
  result.text = renderTextReport(result.report);
  result.exitStatus = !allHold(checks) ? kExitExpectation : outcome.limitReached() ? kExitLimit : kExitOk;
  return result;
}

namespace {

bool writeFile(const std::filesystem::path& path, const std::string& text, std::ostream& err) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  f.close();
  if (!f) {
    err << "replsim: cannot write " << path.string() << "\n";
    return false;
  }
  return true;
}

}  // namespace

int runCommand(const RunOptions& options, std::ostream& out, std::ostream& err) {
  if (options.untilMs && (*options.untilMs < 0 || *options.untilMs > 1e12)) {
    err << "replsim run: --until must be between 0 and 1e12 ms\n";
    return kExitBadInput;
  }
  LoadResult loaded = loadScenarioFile(options.scenarioFile);
  if (!loaded.ok()) {
    for (const ScenarioError& e : loaded.errors) err << e.render() << "\n";
    return kExitBadInput;
  }
  RunResult result = runScenario(*loaded.scenario, options, options.trace ? &out : nullptr);
  if (options.trace) out << "\n";
  const std::string json = result.report.dump(2) + "\n";
  out << (options.format == "json" ? json : result.text);

  if (!options.outDir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(options.outDir, ec);
    if (ec) {
      err << "replsim: cannot create " << options.outDir << ": " << ec.message() << "\n";
      return kExitBadInput;
    }
    const std::filesystem::path dir(options.outDir);
    if (!writeFile(dir / "report.json", json, err) || !writeFile(dir / "report.txt", result.text, err))
      return kExitBadInput;
  }
  if (result.exitStatus == kExitLimit) err << "replsim: " << result.report["stop_message"].get<std::string>() << "\n";
  if (result.exitStatus == kExitExpectation) err << "replsim: an expectation failed (see Expectations)\n";
  return result.exitStatus;
}

}  // namespace replsim
