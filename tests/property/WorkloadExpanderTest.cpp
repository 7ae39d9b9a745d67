#include <catch2/catch.hpp>

#include <filesystem>

#include "sim/cli/RunCommand.h"
#include "tests/property/ScenarioGenerator.h"
#include "tests/property/WorkloadExpander.h"

namespace replsim::testing {

namespace {

ReportJson runCase(const ScenarioCase& c, const std::string& dir) {
  const LoadResult r = c.load(dir);
  REQUIRE(r.ok());
  return runScenario(*r.scenario, RunOptions{}, nullptr).report;
}

}  // namespace

TEST_CASE("sim::WorkloadExpander: a workload as explicit writes runs the same", "[property]") {
  const std::string dir = (std::filesystem::temp_directory_path() / "replsim-expander-test").string();

  SECTION("no workload, nothing to expand") {
    ScenarioCase c;
    c.scenario = {{"replsim", 1}, {"name", "n"}, {"topology", {{"kind", "ring"}, {"leaders", {"A", "B"}}}}};
    CHECK_FALSE(WorkloadExpander::expand(c, dir).has_value());
  }
  SECTION("generated scenarios: same final state, same messages, writes in place of the workload") {
    int expanded = 0;
    for (uint64_t seed = 1; seed <= 120; ++seed) {
      const ScenarioCase c = ScenarioGenerator::generate(seed);
      const auto e = WorkloadExpander::expand(c, dir);
      if (!c.scenario.contains("workload")) {
        CHECK_FALSE(e.has_value());
        continue;
      }
      REQUIRE(e.has_value());
      ++expanded;
      CHECK_FALSE(e->scenario.contains("workload"));
      const ReportJson a = runCase(c, dir), b = runCase(*e, dir);
      INFO("seed " << seed);
      CHECK(b["writes"]["total"] == a["writes"]["total"].get<int64_t>() -
                                        a["writes"]["failed_by"]["crashed"].get<int64_t>() +
                                        b["writes"]["failed_by"]["crashed"].get<int64_t>());
      CHECK(b["writes"]["failed_by"]["crashed"] == 0);
      CHECK(b["messages"]["sent"] == a["messages"]["sent"]);
      CHECK(b["conflicts"]["detected"] == a["conflicts"]["detected"]);
      CHECK(b["converged"] == a["converged"]);
      CHECK(b["events"].get<int64_t>() <= a["events"].get<int64_t>());
      // (State digests are not compared: they depend on the order keys are first used.)
      for (const auto& [name, leader] : a["leaders"].items()) {
        INFO(name);
        CHECK(b["leaders"][name]["keys"] == leader["keys"]);
      }
    }
    CHECK(expanded > 30);
  }
}

}  // namespace replsim::testing
