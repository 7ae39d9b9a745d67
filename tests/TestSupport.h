#pragma once
// Helpers shared by the unit tests: how Catch prints a SimTime, and running
// the command line in-process.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "sim/cli/Cli.h"
#include "sim/cli/RunCommand.h"
#include "sim/scenario/ScenarioLoader.h"
#include "sim/topology/Topology.h"
#include "sim/core/SimTime.h"

namespace Catch {
template <>
struct StringMaker<replsim::SimTime> {
  static std::string convert(const replsim::SimTime& t) { return replsim::formatMs(t) + " ms"; }
};
}  // namespace Catch

namespace replsim::testing {

struct CliRun {
  int status = -1;
  std::string out, err;
};

// runCli with "replsim" prepended, capturing both streams.
inline CliRun cli(std::vector<std::string> args) {
  args.insert(args.begin(), "replsim");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  CliRun r;
  r.status = runCli(static_cast<int>(argv.size()), argv.data(), out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// A scenario from JSON text (as if read from "test.json"); a scenario that
// does not load fails the test with every error.
inline Scenario loadScenario(const std::string& json) {
  LoadResult r = loadScenarioText(json, "test.json", ".");
  if (!r.ok()) {
    std::string all;
    for (const auto& e : r.errors) all += e.render() + "\n";
    FAIL("scenario did not load:\n" << all);
    return Scenario{};
  }
  return *r.scenario;
}

// The JSON report of running a scenario given as JSON text.
inline ReportJson runReport(const std::string& json) {
  return runScenario(loadScenario(json), RunOptions{}, nullptr).report;
}

// A topology's links as (from, to) names, in links() order.
using Edges = std::vector<std::pair<std::string, std::string>>;
inline Edges edgesOf(const Topology& t) {
  Edges out;
  for (const TopologyLink& l : t.links()) out.emplace_back(t.name(l.from), t.name(l.to));
  return out;
}

}  // namespace replsim::testing
