// replsim compare --modes: a two-datacenter case small enough to work out by
// hand (comments give the arithmetic), the renderers, and the bad inputs.
#include <catch2/catch.hpp>

#include <string>

#include "sim/compare/CompareError.h"
#include "sim/compare/ModeComparison.h"
#include "sim/compare/ModeCompareReport.h"
#include "sim/scenario/ScenarioLoader.h"
#include "tests/TestSupport.h"

using namespace replsim;

namespace {

// eu (eu1 + follower eu2) and us (us1 + us2), 1 ms inside, 50 ms between.
// Clients: eu and us both write key a at 100 ms (concurrent), us writes b at
// 300, eu writes c at 500. The window is [250, 450); flapping cuts the
// datacenters apart 250–350.
const char* kTwoDatacenters = R"({"replsim": 1, "name": "two-dcs",
  "topology": {"kind": "all-to-all", "datacenters": [
      {"name": "eu", "leader": "eu1", "followers": ["eu2"], "intra_latency_ms": 1},
      {"name": "us", "leader": "us1", "followers": ["us2"], "intra_latency_ms": 1}]},
  "links": {"default": {"latency_ms": 50}},
  "writes": [{"at_ms": 100, "dc": "eu", "key": "a", "value": "eu"},
             {"at_ms": 100, "dc": "us", "key": "a", "value": "us"},
             {"at_ms": 300, "dc": "us", "key": "b", "value": "us"},
             {"at_ms": 500, "dc": "eu", "key": "c", "value": "eu"}]})";

Scenario load(const std::string& json) {
  LoadResult loaded = loadScenarioText(json, "test.json", ".");
  for (const auto& e : loaded.errors) INFO(e.render());
  REQUIRE(loaded.ok());
  return *loaded.scenario;
}

ModeCompareOptions options() {
  ModeCompareOptions o;
  o.modes = {ReplicationMode::SingleLeader, ReplicationMode::MultiLeader};
  o.failAt = SimTime::fromMs(250);
  o.recoverAt = SimTime::fromMs(450);
  o.flapDown = SimTime::fromMs(100);
  o.flapEvery = SimTime::fromMs(400);
  return o;
}

}  // namespace

TEST_CASE("compare::ModeComparison: two datacenters worked out by hand", "[compare][modes]") {
  const ModeComparisonResult r = ModeComparison(load(kTwoDatacenters), options()).run();
  REQUIRE(r.modes.size() == 2);
  const ModeResult& single = r.modes[0];
  const ModeResult& multi = r.modes[1];
  CHECK(single.setup == "leader eu1");
  CHECK(multi.setup == "all-to-all: eu1 us1");

  SECTION("performance: single-leader's us clients pay the trip to eu1; multi-leader's stay local") {
    CHECK(single.latency[0].datacenter == "eu");
    CHECK(single.latency[0].p99Ms == 1.0);   // the intra-datacenter hop
    CHECK(single.latency[1].p50Ms == 51.0);  // 1 ms inside us + 50 ms to eu1
    CHECK(single.latency[1].p99Ms == 51.0);
    CHECK(multi.latency[0].p99Ms == 1.0);
    CHECK(multi.latency[1].p99Ms == 1.0);
  }
  SECTION("no trouble: the two writes to a conflict only under multi-leader, at all four replicas") {
    CHECK(single.normal.writesFailed == 0);
    CHECK(single.normal.conflicts == 0);
    CHECK(multi.normal.conflicts == 4);
    CHECK(multi.normal.discarded == 4);
    CHECK(multi.normal.writesLost == 1);  // eu1#1 loses to us1#1 (equal Lamport, higher name)
  }
  SECTION("eu down: single-leader loses its leader, multi-leader only delays us's write to eu") {
    // single: us's write at 300 reaches eu1 (crashed) at 351 and fails.
    CHECK(single.outages[0].what == "eu down");
    CHECK(single.outages[0].writesFailed == 1);
    CHECK(single.outages[0].writesDelayed == 0);
    CHECK(single.outages[0].recoverMs == Approx(0.0));
    // multi: us1 takes it at 301; eu1 gets it when it is back, at 450 + 50,
    // and eu2 at 501: 200 ms, slower than anything without trouble (51 ms).
    CHECK(multi.outages[0].writesFailed == 0);
    CHECK(multi.outages[0].writesDelayed == 1);
    CHECK(multi.outages[0].recoverMs == Approx(51.0));
  }
  SECTION("us down: its clients are down with it in both modes") {
    CHECK(single.outages[1].writesFailed == 1);
    CHECK(multi.outages[1].writesFailed == 1);
    CHECK(multi.outages[1].writesDelayed == 0);
    CHECK(multi.outages[1].recoverMs == Approx(0.0));
  }
  SECTION("the mean over the datacenters") {
    CHECK(single.outageMean.writesFailed == 1.0);
    CHECK(multi.outageMean.writesFailed == 0.5);
    CHECK(multi.outageMean.writesDelayed == 0.5);
    CHECK(multi.outageMean.recoverMs == Approx(25.5));
  }
  SECTION("flapping: single-leader refuses us's write while cut off; multi-leader delays it") {
    CHECK(single.flapping.writesFailed == 1);  // 300 ms: us cannot reach eu1 (cut 250–350)
    CHECK(multi.flapping.writesFailed == 0);
    CHECK(multi.flapping.writesDelayed == 1);  // re-sent at the heal (350): at eu2 by 401
    CHECK(multi.flapping.recoverMs == Approx(0.0));
    CHECK(multi.flapping.latencyP99Ms == 1.0);
    CHECK(single.flapping.latencyP99Ms == 51.0);
  }
}

TEST_CASE("compare::ModeComparison: the renderers", "[compare][modes]") {
  const ModeComparisonResult r = ModeComparison(load(kTwoDatacenters), options()).run();
  SECTION("text: the seed's rows, one column per mode") {
    const std::string t = modeCompareText(r);
    CHECK_THAT(t, Catch::Contains("  clients in us                       51.0 / 51.0 ms"));
    CHECK_THAT(t, Catch::Contains("Tolerance of datacenter outages"));
    CHECK_THAT(t, Catch::Contains("Tolerance of network problems"));
    CHECK_THAT(t, Catch::Contains("eu down: failed / delayed"));
  }
  SECTION("text: every line fits 100 columns (code points, not bytes)") {
    const std::string t = modeCompareText(r);
    size_t start = 0;
    while (start < t.size()) {
      size_t end = t.find('\n', start);
      if (end == std::string::npos) end = t.size();
      size_t columns = 0;
      for (size_t i = start; i < end; ++i) columns += (static_cast<unsigned char>(t[i]) & 0xC0) != 0x80;
      INFO(t.substr(start, end - start));
      CHECK(columns <= 100);
      start = end + 1;
    }
  }
  SECTION("json") {
    const auto j = modeCompareJson(r);
    CHECK(j["replsim_compare_modes"] == 1);
    CHECK(j["modes"][1]["mode"] == "multi-leader");
    CHECK(j["modes"][1]["datacenter_outage"]["each"][0]["writes_delayed"] == 1.0);
    CHECK(j["modes"][0]["write_latency"][1]["p99_ms"] == 51.0);
    CHECK(j["modes"][1]["no_trouble"]["writes_lost"] == 1.0);
  }
  SECTION("csv: every row has the header's number of cells") {
    const std::string csv = modeCompareCsv(r);
    std::istringstream lines(csv);
    std::string line;
    std::getline(lines, line);
    const auto cells = std::count(line.begin(), line.end(), ',');
    int rows = 0;
    while (std::getline(lines, line)) {
      CHECK(std::count(line.begin(), line.end(), ',') == cells);
      ++rows;
    }
    CHECK(rows == 2 * (2 + 1 + 2 + 1));  // per mode: 2 latency rows, no trouble, 2 outages, flapping
  }
  SECTION("the same result whatever --jobs") {
    ModeCompareOptions o = options();
    o.jobs = 3;
    CHECK(modeCompareText(ModeComparison(load(kTwoDatacenters), o).run()) == modeCompareText(r));
  }
}

TEST_CASE("compare::ModeComparison: bad input", "[compare][modes]") {
  auto badInput = [](const Scenario& s, ModeCompareOptions o, const std::string& message) {
    try {
      ModeComparison(s, o).run();
      FAIL("expected a CompareError");
    } catch (const CompareError& e) {
      CHECK(e.kind() == CompareError::Kind::BadInput);
      CHECK_THAT(std::string(e.what()), Catch::Contains(message));
    }
  };
  SECTION("a scenario without datacenters") {
    badInput(load(R"({"replsim": 1, "name": "t", "topology": {"kind": "ring", "leaders": ["A", "B"]}})"), options(),
             "needs topology.datacenters");
  }
  SECTION("a mode twice") {
    ModeCompareOptions o = options();
    o.modes = {ReplicationMode::MultiLeader, ReplicationMode::MultiLeader};
    badInput(load(kTwoDatacenters), o, "listed twice");
  }
  SECTION("an empty window") {
    ModeCompareOptions o = options();
    o.recoverAt = o.failAt;
    badInput(load(kTwoDatacenters), o, "must be before --recover-at");
  }
  SECTION("flapping that never heals") {
    ModeCompareOptions o = options();
    o.flapDown = o.flapEvery;
    badInput(load(kTwoDatacenters), o, "--flap-down");
  }
  SECTION("the command line names the unknown mode") {
    const auto run = replsim::testing::cli({"compare", REPLSIM_SOURCE_DIR "/scenarios/datacenters-modes.json",
                                            "--modes", "single-leader,multileader"});
    CHECK(run.status == 1);
    CHECK_THAT(run.err, Catch::Contains("multileader") && Catch::Contains("multi-leader"));
  }
  SECTION("the command line checks the time options, and names the first wrong option") {
    const std::string file = REPLSIM_SOURCE_DIR "/scenarios/datacenters-modes.json";
    const auto flap = replsim::testing::cli({"compare", file, "--modes", "single-leader", "--flap-down", "-1"});
    CHECK(flap.status == 1);
    CHECK(flap.err == "replsim compare: --flap-down must be between 0 and 1e12 ms\n");
    const auto both = replsim::testing::cli({"compare", file, "--modes", "none", "--recover-at", "-1"});
    CHECK(both.status == 1);
    CHECK_THAT(both.err, Catch::StartsWith("replsim compare: --modes: unknown mode \"none\""));
    CHECK_THAT(both.err, !Catch::Contains("--recover-at"));
  }
}
