#include "sim/run/ScenarioRun.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "sim/run/ExitStatus.h"
#include "tests/TestSupport.h"

using namespace replsim;
namespace fs = std::filesystem;

TEST_CASE("run::ScenarioRun: an --out folder that cannot be written is bad input, said once on err", "[run]") {
  const Scenario s = replsim::testing::loadScenario(R"({"replsim": 1, "name": "o",
    "topology": {"kind": "all-to-all", "leaders": ["A", "B"]},
    "writes": [{"at_ms": 0, "leader": "A", "key": "x", "value": "1"}]})");
  // A regular file where the folder should be: create_directories fails.
  const fs::path file = fs::temp_directory_path() / ("replsim-scenariorun-" + std::to_string(::getpid()));
  std::ofstream(file) << "a file, not a folder";
  RunOptions options;
  options.outDir = (file / "sub").string();
  std::ostringstream err;
  const RunResult r = runScenario(s, options, nullptr, &err);
  CHECK(r.exitStatus == kExitBadInput);
  const std::string said = err.str();
  CHECK_THAT(said, Catch::StartsWith("replsim: cannot create " + options.outDir + ": "));
  CHECK(std::count(said.begin(), said.end(), '\n') == 1);
  SECTION("without err the run still reports the status") {
    CHECK(runScenario(s, options, nullptr, nullptr).exitStatus == kExitBadInput);
  }
  fs::remove(file);
}
