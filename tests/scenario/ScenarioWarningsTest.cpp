#include "sim/scenario/ScenarioWarnings.h"

#include <catch2/catch.hpp>

#include "tests/TestSupport.h"

using namespace replsim;
using replsim::testing::loadScenario;

namespace {

// Three leaders, until_ms 100, and the given faults.
Scenario withFaults(const std::string& faults, const std::string& extraTopology = "") {
  return loadScenario(R"({"replsim": 1, "name": "w", "until_ms": 100,
    "topology": {"kind": "all-to-all", "leaders": ["A", "B", "C"])" + extraTopology + R"(},
    "faults": [)" + faults + "]}");
}

std::vector<std::string> rendered(const ScenarioErrors& warnings) {
  std::vector<std::string> out;
  for (const auto& w : warnings) out.push_back(w.render());
  return out;
}

}  // namespace

TEST_CASE("scenario::ScenarioWarnings: legal but almost certainly a mistake") {
  SECTION("nothing to say about a sound scenario") {
    CHECK(scenarioWarnings(withFaults(R"({"at_ms": 10, "crash": "A"}, {"at_ms": 50, "recover": "A"})")).empty());
  }
  SECTION("a fault after until_ms never happens; one at until_ms does") {
    const auto w = scenarioWarnings(withFaults(R"({"at_ms": 100, "crash": "A"}, {"at_ms": 100.5, "crash": "B"})"));
    CHECK(rendered(w) == std::vector<std::string>{
                             "test.json: /faults/1: warning: this fault is at 100.500 ms, after the run ends at "
                             "100.000 ms: it never happens"});
  }
  SECTION("--until replaces until_ms") {
    CHECK(scenarioWarnings(withFaults(R"({"at_ms": 150, "crash": "A"})"), SimTime::fromMs(200)).empty());
    CHECK(scenarioWarnings(withFaults(R"({"at_ms": 50, "crash": "A"})"), SimTime::fromMs(20)).size() == 1);
  }
  SECTION("recover of a node that never crashed") {
    const auto w = scenarioWarnings(withFaults(R"({"at_ms": 10, "crash": "A"}, {"at_ms": 20, "recover": "B"})"));
    CHECK(rendered(w) == std::vector<std::string>{
                             "test.json: /faults/1: warning: recover of \"B\" at 20.000 ms, which is not crashed then "
                             "(no earlier crash of it): this fault does nothing"});
  }
  SECTION("a second recover, and a recover listed before its crash in the file but later in time") {
    const auto w = scenarioWarnings(withFaults(
        R"({"at_ms": 30, "recover": "A"}, {"at_ms": 10, "crash": "A"}, {"at_ms": 40, "recover": "A"})"));
    REQUIRE(w.size() == 1);
    CHECK(w[0].jsonPath == "/faults/2");
  }
  SECTION("a recover before the crash in time") {
    const auto w = scenarioWarnings(withFaults(R"({"at_ms": 30, "crash": "A"}, {"at_ms": 10, "recover": "A"})"));
    REQUIRE(w.size() == 1);
    CHECK(w[0].jsonPath == "/faults/1");
  }
  SECTION("at equal times the file order counts") {
    CHECK(scenarioWarnings(withFaults(R"({"at_ms": 10, "crash": "A"}, {"at_ms": 10, "recover": "A"})")).empty());
    CHECK(scenarioWarnings(withFaults(R"({"at_ms": 10, "recover": "A"}, {"at_ms": 10, "crash": "A"})")).size() == 1);
  }
  SECTION("online of a node that is not offline") {
    const auto w = scenarioWarnings(withFaults(R"({"at_ms": 10, "offline": "A"}, {"at_ms": 20, "online": "A"},
                                                 {"at_ms": 30, "online": "A"})"));
    REQUIRE(w.size() == 1);
    CHECK(w[0].jsonPath == "/faults/2");
    CHECK_THAT(w[0].message, Catch::StartsWith("warning: online of \"A\" at 30.000 ms, which is not offline then"));
  }
  SECTION("datacenters: recover_datacenter needs a crash_datacenter; a node of a crashed datacenter may recover") {
    const Scenario s = loadScenario(R"({"replsim": 1, "name": "dc", "topology": {"kind": "all-to-all", "datacenters": [
        {"name": "eu", "leader": "A", "followers": ["a2"]}, {"name": "us", "leader": "B"}]},
      "faults": [{"at_ms": 1, "recover_datacenter": "us"}, {"at_ms": 2, "crash_datacenter": "eu"},
                 {"at_ms": 3, "recover": "a2"}, {"at_ms": 4, "recover_datacenter": "eu"}]})");
    const auto w = scenarioWarnings(s);
    REQUIRE(w.size() == 1);
    CHECK(w[0].jsonPath == "/faults/0");
    CHECK_THAT(w[0].message, Catch::Contains("recover_datacenter of \"us\""));
  }
}
