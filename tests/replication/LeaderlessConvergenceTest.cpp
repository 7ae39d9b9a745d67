// Convergence in leaderless runs with n below the node count: a key lives on
// its preference list only, so "converged" and "fully replicated" are judged
// among each key's live replicas (ReplicaSet::setKeyReplicas), and the
// divergence lists only them. Five nodes A..E, n 3: key x lives on A, D and
// E (pinned by the shipped leaderless-sloppy-empty-fallback scenario and
// below), B and C never hold it.
#include <catch2/catch.hpp>

#include <string>

#include "sim/run/ScenarioRun.h"
#include "sim/report/TextReport.h"
#include "tests/TestSupport.h"

using namespace replsim;

namespace {

ReportJson run(const std::string& faults) {
  const std::string text = R"({"replsim": 1, "name": "per-key",
    "topology": {"kind": "all-to-all", "leaders": ["A", "B", "C", "D", "E"]},
    "links": {"default": {"latency_ms": 10}},
    "replication": {"mode": "leaderless", "quorum": {"n": 3, "w": 2, "r": 1, "hinted_handoff": false}},
    "writes": [{"at_ms": 0, "leader": "A", "key": "x", "value": "1"}],
    "faults": )" + faults + R"(, "until_ms": 2000})";
  RunOptions options;
  options.checkInvariants = "each";
  const RunResult r = runScenario(testing::loadScenario(text), options, nullptr);
  REQUIRE(r.exitStatus <= 1);
  return r.report;
}

}  // namespace

TEST_CASE("replication::ReplicaSet: leaderless convergence is judged among each key's replicas") {
  SECTION("x reaches A (at once), D and E (10 ms): converged at 10 ms though B and C never hold it") {
    const ReportJson r = run("[]");
    CHECK(r["topology"]["converged_among"] == "each key's replicas");
    CHECK(r["converged"] == true);
    CHECK(r["convergence_ms"] == 10.0);
    CHECK_FALSE(r.contains("divergence"));
    CHECK(r["leaders"]["B"]["keys"].empty());
    CHECK(r["leaders"]["C"]["keys"].empty());
    CHECK(r["writes"]["fully_replicated"] == 1);
    CHECK(renderTextReport(r).find("converged: each key's live replicas hold the same data (since 10.000 ms)") !=
          std::string::npos);
  }
  SECTION("A -> D down for good: D, live, lacks x; the divergence names x's replicas only") {
    const ReportJson r = run(R"([{"at_ms": 0, "link_down": ["A", "D"]}])");
    CHECK(r["converged"] == false);
    REQUIRE(r["divergence"].size() == 1);
    CHECK(r["divergence"][0]["key"] == "x");
    const auto& at = r["divergence"][0]["leaders"];
    CHECK(at.size() == 3);  // A, D, E: not B or C
    CHECK(at["A"].size() == 1);
    CHECK(at["D"].empty());
    CHECK(at["E"].size() == 1);
    CHECK(r["writes"]["fully_replicated"] == 0);
    CHECK(renderTextReport(r).find("x: A=[1] D=(absent) E=[1]") != std::string::npos);
  }
  SECTION("D crashed: only live replicas are compared, so A and E agree at 10 ms") {
    const ReportJson r = run(R"([{"at_ms": 0, "crash": "D"}])");
    CHECK(r["converged"] == true);
    CHECK(r["convergence_ms"] == 10.0);
  }
}
