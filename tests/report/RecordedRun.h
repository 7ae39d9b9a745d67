#pragma once
// RecordedRun: a finished run of a scenario with an EventRecorder attached —
// what the artefact writers (timeline, trace, ShiViz, report.html) take —
// shared by the report tests.

#include <filesystem>
#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "sim/metrics/RunStats.h"
#include "sim/replication/Simulation.h"
#include "sim/report/EventRecorder.h"
#include "sim/report/ExpectationChecker.h"
#include "sim/report/JsonReport.h"
#include "sim/report/TextReport.h"
#include "sim/scenario/ScenarioLoader.h"

namespace replsim::testing {

struct RecordedRun {
  Scenario scenario;
  std::unique_ptr<Simulation> sim;
  RunStats stats;
  std::unique_ptr<EventRecorder> recorder;
  ReportJson report;  // with its expectations checked
  std::string text;
};

inline std::unique_ptr<RecordedRun> recordRun(const Scenario& s,
                                              size_t maxRecords = EventRecorder::kDefaultMaxRecords) {
  auto run = std::make_unique<RecordedRun>();
  run->scenario = s;
  run->sim = std::make_unique<Simulation>(run->scenario);
  run->recorder = std::make_unique<EventRecorder>(*run->sim, maxRecords);
  run->sim->addObserver(&run->stats);
  run->sim->addObserver(run->recorder.get());
  const RunOutcome outcome = run->sim->run();
  run->report = buildJsonReport(*run->sim, run->stats, outcome);
  run->report["expectations"] = expectationsJson(checkExpectations(run->scenario.expect, run->report));
  run->text = renderTextReport(run->report);
  return run;
}

// A shipped scenario (scenarios/NAME), run and recorded.
inline std::unique_ptr<RecordedRun> recordShipped(const std::string& name,
                                                  size_t maxRecords = EventRecorder::kDefaultMaxRecords) {
  LoadResult loaded = loadScenarioFile((std::filesystem::path(REPLSIM_SOURCE_DIR) / "scenarios" / name).string());
  REQUIRE(loaded.ok());
  return recordRun(*loaded.scenario, maxRecords);
}

}  // namespace replsim::testing
