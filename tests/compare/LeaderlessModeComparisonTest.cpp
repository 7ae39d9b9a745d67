// replsim compare --modes with leaderless: a two-datacenter workload small
// enough to work out by hand (the comments give the arithmetic), the
// conversion of a leaderless scenario, and the bad inputs.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "sim/compare/CompareError.h"
#include "sim/compare/ModeCompareReport.h"
#include "sim/compare/ModeComparison.h"
#include "sim/replication/HashRing.h"
#include "sim/scenario/ScenarioLoader.h"
#include "tests/TestSupport.h"

using namespace replsim;

namespace {

// eu (eu1 + eu2) and us (us1 + us2), 1 ms inside, 50 ms between (fixed).
// Leaderless under compare's defaults: n 3, w 2, r 2, hinted handoff, a
// 1000 ms timeout, 16 vnodes. The ring (HashRing, pinned below) places
//   a: us1 eu1 us2    b: us2 us1 eu2    c: us2 eu2 eu1
//   e: eu1 eu2 us2    x: eu2 eu1 us1
// A client with "dc" contacts its datacenter's first live node (eu1, us1)
// 1 ms away. The window is [250, 450); flapping cuts eu from us 250–350.
const char* kTwoDatacenters = R"({"replsim": 1, "name": "two-dcs",
  "topology": {"kind": "all-to-all", "datacenters": [
      {"name": "eu", "leader": "eu1", "followers": ["eu2"], "intra_latency_ms": 1},
      {"name": "us", "leader": "us1", "followers": ["us2"], "intra_latency_ms": 1}]},
  "links": {"default": {"latency_ms": 50}},
  "writes": [{"at_ms": 100, "dc": "eu", "key": "a", "value": "eu"},
             {"at_ms": 100, "dc": "us", "key": "a", "value": "us"},
             {"at_ms": 120, "dc": "eu", "key": "a", "op": "read"},
             {"at_ms": 300, "dc": "us", "key": "b", "value": "us"},
             {"at_ms": 320, "dc": "us", "key": "x", "value": "us"},
             {"at_ms": 340, "dc": "eu", "key": "e", "value": "eu"},
             {"at_ms": 500, "dc": "eu", "key": "c", "value": "eu"},
             {"at_ms": 600, "dc": "us", "key": "c", "op": "read"}]})";

Scenario load(const std::string& json) {
  LoadResult loaded = loadScenarioText(json, "test.json", ".");
  for (const auto& e : loaded.errors) INFO(e.render());
  REQUIRE(loaded.ok());
  return *loaded.scenario;
}

ModeCompareOptions options() {
  ModeCompareOptions o;
  o.modes = {ReplicationMode::SingleLeader, ReplicationMode::MultiLeader, ReplicationMode::Leaderless};
  o.failAt = SimTime::fromMs(250);
  o.recoverAt = SimTime::fromMs(450);
  o.flapDown = SimTime::fromMs(100);
  o.flapEvery = SimTime::fromMs(400);
  return o;
}

}  // namespace

TEST_CASE("compare::ModeComparison: leaderless beside the leaders, worked out by hand", "[compare][modes][leaderless]") {
  SECTION("the placement the derivations below rest on") {
    const HashRing ring({"eu1", "eu2", "us1", "us2"}, 16);
    auto names = [](const std::vector<NodeId>& ids) {
      static const char* n[] = {"eu1", "eu2", "us1", "us2"};
      std::string s;
      for (NodeId id : ids) s += std::string(s.empty() ? "" : " ") + n[id];
      return s;
    };
    CHECK(names(ring.preferenceList("a", 3)) == "us1 eu1 us2");
    CHECK(names(ring.preferenceList("b", 3)) == "us2 us1 eu2");
    CHECK(names(ring.preferenceList("c", 3)) == "us2 eu2 eu1");
    CHECK(names(ring.preferenceList("e", 3)) == "eu1 eu2 us2");
    CHECK(names(ring.preferenceList("x", 3)) == "eu2 eu1 us1");
  }

  const ModeComparisonResult r = ModeComparison(load(kTwoDatacenters), options()).run();
  REQUIRE(r.modes.size() == 3);
  const ModeResult& multi = r.modes[1];
  const ModeResult& ll = r.modes[2];
  CHECK(ll.mode == ReplicationMode::Leaderless);
  CHECK(ll.setup == "n 3 w 2 r 2, 4 nodes");

  SECTION("performance: a write commits at its w-th ack") {
    // eu: a at 100 reaches eu1 at 101 (a replica: its own ack); us1 and us2
    // ack at 101 + 50 + 50 = 201: latency 201 - 101 + 1 = 101 ms. e (340)
    // and c (500): eu1 then eu2 acks 2 ms later, 3 ms. Nearest rank over
    // {3, 3, 101}: p50 3, p99 101.
    CHECK(ll.latency[0].writes == 3);
    CHECK(ll.latency[0].p50Ms == 3.0);
    CHECK(ll.latency[0].p99Ms == 101.0);
    // us: a and b commit with us1 + us2 (3 ms); x at 320: us1 (a replica)
    // waits for eu1 or eu2, 101 ms.
    CHECK(ll.latency[1].writes == 3);
    CHECK(ll.latency[1].p50Ms == 3.0);
    CHECK(ll.latency[1].p99Ms == 101.0);
    // Reads (r 2): eu reads a at 121 at eu1 (its own answer at once), the
    // second answer from us at 121 + 100: 101 ms. us reads c at 601 at
    // us1, not a replica: us2 answers at 603, eu2/eu1 at 701: 101 ms.
    CHECK(ll.latency[0].readP50Ms == 101.0);
    CHECK(ll.latency[1].readP99Ms == 101.0);
    // The leaders answer from the node read, 1 ms away.
    CHECK(multi.latency[0].readP99Ms == 1.0);
  }
  SECTION("no trouble: nothing fails; the eu write to a is lost to us's concurrent one") {
    CHECK(ll.normal.writesFailed == 0);
    CHECK(ll.normal.conflicts == 0);  // last-write-wins is silent
    // Both writes to a carry Lamport timestamp 1; the tie goes to the larger
    // coordinator name, us1. eu1#1 committed at 201; us1#1, newer, kept (at
    // us1), was issued at 101 <= 201 by us1, which took eu1#1 in only at
    // 151: concurrent, so eu1#1 is lost. us1#1 has no newer rival.
    CHECK(ll.normal.writesLost == 1);
    CHECK(multi.normal.writesLost == 1);  // the same pair, by conflict resolution
    CHECK(r.modes[0].normal.writesLost == 0);
  }
  SECTION("stale reads: a strict quorum (w + r > n) never misses a committed write; a multi-leader leader can") {
    // The eu read of a at 121: us1#1 committed at 103. Leaderless: eu1's own
    // answer is eu1#1, us1's (at 221) us1#1, the newer: not stale.
    // Multi-leader: eu1 gets us1#1 only at 151: stale. Single-leader: us1#1
    // reaches the one leader eu1 at 151, after the read: nothing to miss.
    CHECK(ll.normal.reads == 2);
    CHECK(ll.normal.staleReads == 0);
    CHECK(multi.normal.staleReads == 1);
    CHECK(r.modes[0].normal.staleReads == 0);
  }
  SECTION("eu down (250-450): eu's client is refused, and x cannot get a second ack") {
    // b (300) commits with us1 + us2. x (320): us1's own ack; eu1 and eu2
    // are down (us2 takes a hint for eu2, which does not count): fails at
    // the timeout. e (340): eu's client finds eu down: refused. 1 + 1.
    CHECK(ll.outages[0].writesFailed == 2);
    CHECK(multi.outages[0].writesFailed == 1);  // only e
    // b's third replica eu2 had no reachable fallback (eu1 is down too): it
    // never gets b, so the replicas never all catch up.
    CHECK_FALSE(ll.outages[0].recoverMs.has_value());
  }
  SECTION("us down: us's two clients are refused, e commits inside eu") {
    // b and x refused (every us node down); e at 340: eu1 + eu2, 3 ms.
    CHECK(ll.outages[1].writesFailed == 2);
    CHECK(multi.outages[1].writesFailed == 2);
  }
  SECTION("flapping (cut 250-350): x cannot reach eu for its quorum; b and e commit inside their datacenter") {
    CHECK(ll.flapping.writesFailed == 1);
    CHECK(multi.flapping.writesFailed == 0);
    CHECK(r.modes[0].flapping.writesFailed == 2);  // b and x cannot reach the one leader eu1
  }
  SECTION("the text puts the three families side by side within 100 columns") {
    const std::string t = modeCompareText(r);
    CHECK_THAT(t, Catch::Contains("single-leader          multi-leader           leaderless"));
    CHECK_THAT(t, Catch::Contains("Stale reads / reads failed, of reads issued"));
    CHECK_THAT(t, Catch::Contains("  no trouble" + std::string(19, ' ') + "0 / 0 of 2             1 / 0 of 2             0 / 0 of 2"));
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
  SECTION("json and csv carry the new columns") {
    const auto j = modeCompareJson(r);
    CHECK(j["modes"][2]["mode"] == "leaderless");
    CHECK(j["modes"][2]["write_latency"][1]["p99_ms"] == 101.0);
    CHECK(j["modes"][1]["no_trouble"]["stale_reads"] == 1.0);
    CHECK(j["modes"][2]["datacenter_outage"]["each"][0]["writes_failed"] == 2.0);
    const std::string csv = modeCompareCsv(r);
    std::istringstream lines(csv);
    std::string line;
    std::getline(lines, line);
    const auto cells = std::count(line.begin(), line.end(), ',');
    CHECK(cells == 17);
    int rows = 0;
    while (std::getline(lines, line)) {
      CHECK(std::count(line.begin(), line.end(), ',') == cells);
      ++rows;
    }
    CHECK(rows == 3 * (2 + 1 + 2 + 1));
  }
  SECTION("the same result whatever --jobs") {
    ModeCompareOptions o = options();
    o.jobs = 3;
    CHECK(modeCompareText(ModeComparison(load(kTwoDatacenters), o).run()) == modeCompareText(r));
  }
}

TEST_CASE("compare::ModeComparison: a leaderless scenario keeps its quorum, and leaders ignore it",
          "[compare][modes][leaderless]") {
  // n 4 over 4 nodes: every node holds every key, whatever the ring. w 3:
  // the eu write reaches eu1 at 101 (own ack), eu2 acks at 103, us1/us2 at
  // 201: committed at the third ack, 101 ms.
  const char* scenario = R"({"replsim": 1, "name": "ll-dcs",
    "topology": {"kind": "all-to-all", "datacenters": [
        {"name": "eu", "leader": "eu1", "followers": ["eu2"]},
        {"name": "us", "leader": "us1", "followers": ["us2"]}]},
    "links": {"default": {"latency_ms": 50}},
    "replication": {"mode": "leaderless", "quorum": {"n": 4, "w": 3, "r": 1}},
    "writes": [{"at_ms": 100, "dc": "eu", "key": "a", "value": "1"},
               {"at_ms": 400, "dc": "us", "key": "a", "value": "2"}]})";
  ModeCompareOptions o = options();
  o.modes = {ReplicationMode::Leaderless, ReplicationMode::MultiLeader};
  const ModeComparisonResult r = ModeComparison(load(scenario), o).run();
  CHECK(r.modes[0].setup == "n 4 w 3 r 1, 4 nodes");
  CHECK(r.modes[0].latency[0].p50Ms == 101.0);
  CHECK(r.modes[0].latency[1].p50Ms == 101.0);
  CHECK(r.modes[1].setup == "all-to-all: eu1 us1");
  CHECK(r.modes[1].latency[0].p50Ms == 1.0);
  // eu down [250, 450): the us write at 400 gets us1's and us2's acks, 2 of
  // the 3 it needs (no hinted handoff in this scenario): it fails at the
  // timeout. Multi-leader takes it at us1.
  CHECK(r.modes[0].outages[0].writesFailed == 1);
  CHECK(r.modes[1].outages[0].writesFailed == 0);
  // The us write at 400 overrides the eu one (us1 had it since 151, and it
  // was issued after the eu write committed at 201): an update, not a loss.
  CHECK(r.modes[0].normal.writesLost == 0);
}

TEST_CASE("compare::ModeComparison: leaderless siblings lose no write", "[compare][modes][leaderless]") {
  // The two-datacenter workload with siblings: the concurrent eu and us
  // writes to a (neither client had seen the other's) stay side by side,
  // where lww lost eu1#1 (the first test case).
  for (const char* clock : {"dotted", "vnode"}) {
    INFO(clock);
    nlohmann::json j = nlohmann::json::parse(kTwoDatacenters);
    j["replication"] = {{"mode", "leaderless"}, {"conflicts", {{"resolve", "siblings"}, {"clock", clock}}}};
    ModeCompareOptions o = options();
    o.modes = {ReplicationMode::Leaderless};
    const ModeComparisonResult r = ModeComparison(load(j.dump()), o).run();
    CHECK(r.modes[0].normal.writesLost == 0);
    CHECK(r.modes[0].normal.writesFailed == 0);
  }
}

TEST_CASE("compare::ModeComparison: what leaderless cannot compare", "[compare][modes][leaderless]") {
  auto badInput = [](const std::string& json, const std::string& message) {
    try {
      ModeCompareOptions o = options();
      ModeComparison(load(json), o).run();
      FAIL("expected a CompareError");
    } catch (const CompareError& e) {
      CHECK(e.kind() == CompareError::Kind::BadInput);
      CHECK_THAT(std::string(e.what()), Catch::Contains(message));
    }
  };
  const std::string dcs = R"("topology": {"kind": "all-to-all", "datacenters": [
        {"name": "eu", "leader": "eu1", "followers": ["eu2"]}, {"name": "us", "leader": "us1"}]})";
  SECTION("an incr write names its path") {
    badInput(R"({"replsim": 1, "name": "t", )" + dcs +
                 R"(, "writes": [{"at_ms": 1, "dc": "eu", "key": "a", "value": "1"},
                                 {"at_ms": 2, "dc": "eu", "key": "n", "op": "incr", "value": 1}]})",
             "--modes leaderless: /writes/1 is op \"incr\"");
  }
  SECTION("a workload with update ops") {
    badInput(R"({"replsim": 1, "name": "t", )" + dcs +
                 R"(, "workload": {"leaders": "all", "rate_per_s": 10, "duration_ms": 100, "keys": 2,
                                   "ops": {"set": 1, "update": 1}}})",
             "the workload has op \"update\"");
  }
  SECTION("the command line offers leaderless for a misspelt mode") {
    const auto run = replsim::testing::cli({"compare", REPLSIM_SOURCE_DIR "/scenarios/datacenters-modes.json",
                                            "--modes", "multi-leader,leaderles"});
    CHECK(run.status == 1);
    CHECK_THAT(run.err, Catch::Contains("\"leaderles\"") && Catch::Contains("leaderless"));
  }
  SECTION("leaderless-only options in a multi-leader scenario are refused by the loader, with their path") {
    const LoadResult loaded = loadScenarioText(R"({"replsim": 1, "name": "t", )" + dcs +
                                                   R"(, "replication": {"quorum": {"n": 3}}})",
                                               "t.json", ".");
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.errors[0].render().find("/replication/quorum") != std::string::npos);
  }
}
