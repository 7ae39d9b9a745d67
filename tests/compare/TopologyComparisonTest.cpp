#include <catch2/catch.hpp>

#include "tests/TestSupport.h"

#include <cmath>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/cli/Cli.h"
#include "sim/compare/CompareError.h"
#include "sim/compare/TopologyComparison.h"
#include "sim/scenario/ScenarioLoader.h"

using namespace replsim;

namespace {

constexpr TopologyKind kAllKinds[] = {TopologyKind::AllToAll, TopologyKind::Ring, TopologyKind::BidirectionalRing,
                                      TopologyKind::Star,     TopologyKind::Line, TopologyKind::Tree};

// n leaders L1..Ln of kind `kind`, 10 ms fixed links, no loss; every leader
// writes its own key every 20 ms from 0 to 380 ms, so each writes 10 times
// in the failure window [100, 300) used below.
Scenario steadyScenario(int n, const std::string& kind = "all-to-all", const std::string& replication = "{}") {
  std::ostringstream writes;
  for (int t = 0; t < 400; t += 20)
    for (int i = 1; i <= n; ++i)
      writes << (t == 0 && i == 1 ? "" : ",") << R"({"at_ms": )" << t << R"(, "leader": "L)" << i
             << R"(", "key": "k)" << i << R"(", "value": ")" << t << "\"}";
  const std::string text = R"({"replsim": 1, "name": "steady", "topology": {"kind": ")" + kind +
                           R"(", "leaders": {"count": )" + std::to_string(n) +
                           R"(}}, "links": {"default": {"latency_ms": 10}}, "replication": )" + replication +
                           R"(, "writes": [)" + writes.str() + "]}";
  LoadResult loaded = loadScenarioText(text, "steady.json", ".");
  REQUIRE(loaded.ok());
  return *loaded.scenario;
}

CompareOptions windowOptions(FailureMode mode) {
  CompareOptions o;
  o.topologies.assign(std::begin(kAllKinds), std::end(kAllKinds));
  o.fail = mode;
  o.failAt = SimTime::fromMs(100);
  o.recoverAt = SimTime::fromMs(300);
  return o;
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

Pairs named(const ComparisonResult& r, const std::vector<ReplicationPair>& pairs) {
  Pairs out;
  for (const ReplicationPair& p : pairs) out.emplace_back(r.leaders[p.origin], r.leaders[p.replica]);
  return out;
}

// Every failure of every topology: the simulated cut pairs are the
// predicted ones, and every surviving pair was observed (nothing vacuous).
void checkAgreement(const ComparisonResult& result) {
  for (const TopologyResult& t : result.topologies) {
    for (const FailureResult& f : t.failures) {
      INFO(toString(t.kind) << ", failure of node " << f.failure.node << " / link " << f.failure.link);
      CHECK(f.agrees());
      CHECK(f.pairsObserved == f.pairsPredicted);
      CHECK(named(result, f.simulatedCut) == named(result, f.predictedCut));
    }
  }
}

using replsim::testing::CliRun;
using replsim::testing::cli;

std::string shipped() {
  return (std::filesystem::path(REPLSIM_SOURCE_DIR) / "scenarios" / "compare-topologies.json").string();
}

}  // namespace

TEST_CASE("compare::TopologyComparison: simulated cut pairs equal Boost.Graph's prediction", "[compare]") {
  for (int n = 3; n <= 8; ++n) {
    const Scenario scenario = steadyScenario(n);
    DYNAMIC_SECTION("every built-in topology of " << n << " leaders, each node failing") {
      const ComparisonResult result = TopologyComparison(scenario, windowOptions(FailureMode::EachNode)).run(nullptr);
      REQUIRE(result.topologies.size() == 6);
      for (const TopologyResult& t : result.topologies) CHECK(t.failures.size() == static_cast<size_t>(n));
      checkAgreement(result);
    }
    DYNAMIC_SECTION("every built-in topology of " << n << " leaders, each link failing") {
      const ComparisonResult result = TopologyComparison(scenario, windowOptions(FailureMode::EachLink)).run(nullptr);
      for (const TopologyResult& t : result.topologies) CHECK(t.failures.size() == t.links);
      checkAgreement(result);
    }
  }
}

TEST_CASE("compare::TopologyComparison: a ring of 4, worked by hand", "[compare]") {
  CompareOptions options = windowOptions(FailureMode::EachNode);
  options.topologies = {TopologyKind::Ring};
  const ComparisonResult result = TopologyComparison(steadyScenario(4), options).run(nullptr);
  const TopologyResult& ring = result.topologies.at(0);
  const FailureResult& l2 = ring.failures.at(1);
  REQUIRE(result.leaders[l2.failure.node] == "L2");

  SECTION("L2 down: L1 reaches nobody, L4 no longer reaches L3, L3 still reaches L4 and L1") {
    // L1→L2→L3→L4→L1 without L2: L1 is cut off from L3 and L4, and L4's
    // writes stop at L1; L3→L4→L1 still works. 3 of the 6 surviving pairs.
    CHECK(named(result, l2.simulatedCut) == Pairs{{"L1", "L3"}, {"L1", "L4"}, {"L4", "L3"}});
    CHECK(l2.simulatedCutFraction == Approx(0.5));
    CHECK(l2.predictedCutFraction == Approx(0.5));
    CHECK(l2.pairsObserved == 6);
    CHECK(l2.agrees());
  }
  SECTION("L2 down: what the outage costs") {
    // L1's writes at 100..260 ms reached L3 before 300 ms without the
    // failure (9), L4's at 100..260 ms reached L3 (9), and so did L4's
    // write at 80 ms, still in flight to L2 when it crashed at 100 ms.
    CHECK(l2.writesDelayed == 19.0);
    // L1's write at 100 ms reaches L4 only at 330 ms: L2 at 310, L3 at 320.
    CHECK(l2.maxStalenessMs == 230.0);
    CHECK(l2.catchUpMs == 30.0);
  }
  SECTION("without failures nothing is cut or delayed") {
    CHECK(ring.baseline.simulatedCut.empty());
    CHECK(ring.baseline.writesDelayed == 0.0);
    CHECK(ring.baseline.messagesPerWrite == 4.0);  // 3 hops, then back to the origin (dropped)
    CHECK(ring.baseline.propagationP99Ms == 30.0);
  }
  SECTION("every node failure of a ring of 4 cuts 3 pairs") {
    for (const FailureResult& f : ring.failures) CHECK(f.simulatedCut.size() == 3);
    CHECK(ring.summary.simulatedCut.worst == Approx(0.5));
    CHECK(ring.summary.predictedCut.average == Approx(0.5));
  }
}

TEST_CASE("compare::TopologyComparison: causal ordering cuts more than reachability", "[compare]") {
  // All-to-all does not forward, so the graph predicts that link L1→L2 down
  // cuts only L1→L2. But L3 applies L1's writes and its own later writes
  // depend on them: with ordering causal, L2 holds them until L1's arrive,
  // after recovery. The comparison reports the difference rather than
  // hiding it.
  CompareOptions options = windowOptions(FailureMode::EachLink);
  options.topologies = {TopologyKind::AllToAll};
  const ComparisonResult result =
      TopologyComparison(steadyScenario(3, "all-to-all", R"({"ordering": "causal"})"), options).run(nullptr);
  const FailureResult& l1l2 = result.topologies.at(0).failures.at(0);
  REQUIRE(result.leaders[l1l2.failure.from] == "L1");
  REQUIRE(result.leaders[l1l2.failure.to] == "L2");
  CHECK(named(result, l1l2.predictedCut) == Pairs{{"L1", "L2"}});
  CHECK(named(result, l1l2.simulatedCut) == Pairs{{"L1", "L2"}, {"L3", "L2"}});
  CHECK(named(result, l1l2.cutNotPredicted) == Pairs{{"L3", "L2"}});
  CHECK(l1l2.predictedNotCut.empty());
  CHECK(!l1l2.agrees());
}

TEST_CASE("compare::TopologyComparison: output does not depend on --jobs", "[compare]") {
  for (const char* format : {"text", "json", "csv"}) {
    DYNAMIC_SECTION("--format " << format) {
      const std::vector<std::string> args = {"compare",  shipped(),  "--fail", "each-link", "--seeds",
                                             "2",        "--format", format};
      std::vector<std::string> one = args, four = args;
      one.insert(one.end(), {"--jobs", "1"});
      four.insert(four.end(), {"--jobs", "4"});
      const CliRun a = cli(one), b = cli(four);
      CHECK(a.status == 0);
      CHECK(b.status == 0);
      CHECK(!a.out.empty());
      CHECK(a.out == b.out);
    }
  }
}

TEST_CASE("compare::TopologyComparison: the shipped scenario", "[compare]") {
  const CliRun r = cli({"compare", shipped(), "--topologies", "all-to-all,ring,star", "--fail", "each-node"});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("ring"));
  CHECK_THAT(r.out, Catch::Contains("✓ For every failure the simulated cut pairs are exactly the predicted ones."));
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    INFO(line);
    // Columns, not bytes: "→" and "✓" are 3 bytes, 1 column each.
    size_t columns = 0;
    for (unsigned char c : line) columns += (c & 0xC0) != 0x80;
    CHECK(columns <= 100);
  }
}

TEST_CASE("compare::TopologyComparison: bad input", "[compare]") {
  SECTION("an unknown topology kind, with did-you-mean") {
    const CliRun r = cli({"compare", shipped(), "--topologies", "ring,strar"});
    CHECK(r.status == kExitBadInput);
    CHECK_THAT(r.err, Catch::Contains("unknown topology kind \"strar\"; did you mean \"star\"?"));
  }
  SECTION("a kind compare cannot build") {
    const CliRun r = cli({"compare", shipped(), "--topologies", "custom"});
    CHECK(r.status == kExitBadInput);
    CHECK_THAT(r.err, Catch::Contains("the scenario's own topology and the built-in kinds: scenario, all-to-all, ring"));
  }
  SECTION("a kind listed twice") {
    const CliRun r = cli({"compare", shipped(), "--topologies", "ring,ring"});
    CHECK(r.status == kExitBadInput);
    CHECK_THAT(r.err, Catch::Contains("listed twice"));
  }
  SECTION("bad numbers") {
    CHECK(cli({"compare", shipped(), "--seeds", "0"}).status == kExitBadInput);
    CHECK(cli({"compare", shipped(), "--jobs", "many"}).status == kExitBadInput);
    const CliRun negative = cli({"compare", shipped(), "--fail-at", "-5"});
    CHECK(negative.status == kExitBadInput);
    CHECK_THAT(negative.err, Catch::Contains("--fail-at must be between 0 and 1e12 ms"));
  }
  SECTION("an empty failure window") {
    const CliRun r = cli({"compare", shipped(), "--fail-at", "800", "--recover-at", "800"});
    CHECK(r.status == kExitBadInput);
    CHECK_THAT(r.err, Catch::Contains("must be before --recover-at"));
    const CliRun late = cli({"compare", shipped(), "--fail-at", "1900"});  // default recover-at is earlier
    CHECK(late.status == kExitBadInput);
    CHECK_THAT(late.err, Catch::Contains("the failure window is empty"));
  }
  SECTION("a scenario that does not load") {
    const CliRun r = cli({"compare", "no/such/scenario.json"});
    CHECK(r.status == kExitBadInput);
    CHECK_THAT(r.err, Catch::Contains("no/such/scenario.json"));
  }
  SECTION("a scenario with one leader") {
    LoadResult loaded = loadScenarioText(
        R"({"replsim": 1, "name": "one", "topology": {"kind": "single-leader", "leaders": ["A"], "leader": "A"}})",
        "one.json", ".");
    REQUIRE(loaded.ok());
    CHECK_THROWS_AS(TopologyComparison(*loaded.scenario, windowOptions(FailureMode::None)), CompareError);
  }
}

namespace {

// Three leaders, custom edges of 10 ms both ways except A→C (100 ms), no
// forwarding; one write at A at 0 and one at B at 0.
Scenario slowLinkScenario() {
  LoadResult loaded = loadScenarioText(R"({"replsim": 1, "name": "slow-link",
    "topology": {"kind": "custom", "leaders": ["A", "B", "C"], "edges": [
      ["A", "B", {"both": true, "latency_ms": 10}],
      ["B", "C", {"both": true, "latency_ms": 10}],
      ["A", "C", {"latency_ms": 100}],
      ["C", "A", {"latency_ms": 10}]]},
    "links": {"default": {"latency_ms": 10}},
    "replication": {"forward": false},
    "writes": [{"at_ms": 0, "leader": "A", "key": "a", "value": "1"},
               {"at_ms": 0, "leader": "B", "key": "b", "value": "1"}]})",
                                       "slow-link.json", ".");
  REQUIRE(loaded.ok());
  return *loaded.scenario;
}

}  // namespace

TEST_CASE("compare::TopologyComparison: the scenario's own topology is a row", "[compare]") {
  CompareOptions options;
  options.topologies = {CompareTopology::scenario(), TopologyKind::AllToAll};
  options.fail = FailureMode::None;
  options.failAt = SimTime::fromMs(10);  // unused without failures, but the window must not be empty
  options.recoverAt = SimTime::fromMs(20);
  const ComparisonResult result = TopologyComparison(slowLinkScenario(), options).run(nullptr);
  REQUIRE(result.topologies.size() == 2);
  const TopologyResult& own = result.topologies[0];
  const TopologyResult& all = result.topologies[1];

  SECTION("named scenario, with its own links") {
    CHECK(own.name == "scenario");
    CHECK(own.links == 6);
    CHECK_FALSE(own.forward);
    CHECK(all.name == "all-to-all");
  }
  SECTION("its slow link changes the numbers") {
    // A's write reaches B at 10 ms and C at 100 ms (the slow A→C, nothing
    // forwarded): 100 ms to the last replica. B's reaches A and C at 10 ms.
    // p50 of {10, 100} with nearest rank is 10, p99 is 100. All-to-all
    // rebuilds every link from links.default (10 ms): both writes take 10.
    CHECK(own.baseline.propagationP99Ms == Approx(100.0));
    CHECK(all.baseline.propagationP99Ms == Approx(10.0));
  }
}

TEST_CASE("compare::TopologyComparison: a custom topology is the first row by default", "[compare]") {
  const std::string file = (std::filesystem::path(REPLSIM_SOURCE_DIR) / "scenarios" / "dot-three-datacenters.json").string();
  SECTION("text") {
    const CliRun r = cli({"compare", file, "--fail", "none"});
    REQUIRE(r.status == 0);
    CHECK_THAT(r.out, Catch::Contains("\nscenario  "));
  }
  SECTION("json: its DOT link latencies are kept") {
    const CliRun r = cli({"compare", file, "--fail", "none", "--topologies", "scenario,all-to-all", "--format", "json"});
    REQUIRE(r.status == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["topologies"][0]["name"] == "scenario");
    CHECK(j["topologies"][1]["name"] == "all-to-all");
    CHECK(j["topologies"][0]["baseline"]["propagation_ms"] != j["topologies"][1]["baseline"]["propagation_ms"]);
  }
  SECTION("listed twice") {
    const CliRun r = cli({"compare", file, "--topologies", "scenario,ring,scenario"});
    CHECK(r.status == kExitBadInput);
    CHECK_THAT(r.err, Catch::Contains("topology \"scenario\" is listed twice"));
  }
}

TEST_CASE("compare::TopologyComparison: each topology's worst failure", "[compare]") {
  // 4 leaders, each writing every 20 ms, failure window [100, 300).
  CompareOptions options = windowOptions(FailureMode::EachNode);
  options.topologies = {TopologyKind::Star, TopologyKind::Ring, TopologyKind::AllToAll};
  const ComparisonResult result = TopologyComparison(steadyScenario(4), options).run(nullptr);
  SECTION("star: the hub L1 cuts every pair among the 3 leaves, 3 x 2 = 6; a leaf cuts none") {
    const TopologyResult& star = result.topologies[0];
    REQUIRE(star.worstFailure);
    CHECK(*star.worstFailure == 0);
    CHECK(star.failures[0].simulatedCut.size() == 6);
    CHECK(star.hub == NodeId{0});
  }
  SECTION("ring of 4: each node cuts (n-1)(n-2)/2 = 3 pairs; ties go to the most writes delayed") {
    const TopologyResult& ring = result.topologies[1];
    REQUIRE(ring.worstFailure);
    CHECK(ring.failures[*ring.worstFailure].simulatedCut.size() == 3);
    for (const FailureResult& f : ring.failures)
      CHECK(f.writesDelayed <= ring.failures[*ring.worstFailure].writesDelayed);
  }
  SECTION("text names them") {
    const CliRun r = cli({"compare", shipped(), "--topologies", "star,ring", "--fail", "each-node"});
    REQUIRE(r.status == 0);
    // 6 leaders: the hub cuts 5 x 4 = 20 pairs; a ring node (5 x 4)/2 = 10.
    CHECK_THAT(r.out, Catch::Contains("\n  star               hub L1: 20 pairs cut, "));
    CHECK_THAT(r.out, Catch::Contains(": 10 pairs cut, "));
  }
}

TEST_CASE("compare::TopologyComparison: spread over seeds", "[compare]") {
  SECTION("sample standard deviation, by hand") {
    // {2, 4, 4, 4, 5, 5, 7, 9}: mean 5, squares 9+1+1+1+0+0+4+16 = 32, 32/7.
    CHECK(*standardDeviation({2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) == Approx(std::sqrt(32.0 / 7.0)));
    CHECK(*standardDeviation({1.0, std::nullopt, 3.0}) == Approx(std::sqrt(2.0)));
    CHECK_FALSE(standardDeviation({1.0, std::nullopt}));
    CHECK_FALSE(standardDeviation({}));
  }
  SECTION("fixed latencies and explicit writes: every seed runs alike, spread 0") {
    CompareOptions options = windowOptions(FailureMode::EachNode);
    options.topologies = {TopologyKind::Ring};
    options.seeds = 3;
    const ComparisonResult result = TopologyComparison(steadyScenario(4), options).run(nullptr);
    const FailureResult& f = result.topologies[0].failures[0];
    REQUIRE(f.seeds.size() == 3);
    std::vector<std::optional<double>> delayed;
    for (const auto& s : f.seeds) delayed.push_back(s.writesDelayed);
    CHECK(*standardDeviation(delayed) == 0.0);
  }
  SECTION("random latencies: the shipped scenario's seeds differ, and every output shows it") {
    const CliRun json = cli({"compare", shipped(), "--topologies", "ring", "--seeds", "3", "--format", "json"});
    REQUIRE(json.status == 0);
    const auto j = nlohmann::json::parse(json.out);
    const auto& sd = j["topologies"][0]["baseline"]["standard_deviation"];
    CHECK(sd["propagation_p50_ms"].get<double>() > 0);
    const CliRun text = cli({"compare", shipped(), "--topologies", "ring", "--seeds", "3"});
    CHECK_THAT(text.out, Catch::Contains("\n  ±   "));
    CHECK_THAT(text.out, Catch::Contains("writes delayed"));
    const CliRun csv = cli({"compare", shipped(), "--topologies", "ring", "--seeds", "3", "--format", "csv"});
    CHECK_THAT(csv.out, Catch::Contains(",converged_after_recovery_ms,messages_per_write_sd,"));
    const CliRun one = cli({"compare", shipped(), "--topologies", "ring", "--format", "json"});
    CHECK_FALSE(nlohmann::json::parse(one.out)["topologies"][0]["baseline"].contains("standard_deviation"));
  }
}
