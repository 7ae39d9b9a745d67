#include <catch2/catch.hpp>

#include <string>

#include "sim/cli/RunCommand.h"
#include "tests/TestSupport.h"
#include "tests/property/PropertyChecker.h"

namespace replsim::testing {

namespace {

// Three leaders all-to-all under merge: A and B increment n concurrently,
// C sets x; everything converges.
const char* const kMerge = R"({
  "replsim": 1, "name": "checker", "topology": {"kind": "all-to-all", "leaders": ["A", "B", "C"]},
  "replication": {"ordering": "causal", "conflicts": {"resolve": "merge"}},
  "writes": [
    {"at_ms": 0, "leader": "A", "key": "n", "op": "incr"},
    {"at_ms": 1, "leader": "B", "key": "n", "op": "incr", "value": 2},
    {"at_ms": 5, "leader": "C", "key": "x", "value": "1"}
  ]
})";

bool has(const std::vector<Violation>& vs, const std::string& name) {
  for (const Violation& v : vs)
    if (v.invariant == name) return true;
  return false;
}

}  // namespace

TEST_CASE("sim::PropertyChecker: report-level invariants", "[property]") {
  const Scenario scenario = loadScenario(kMerge);
  const RunResult run = runScenario(scenario, RunOptions{}, nullptr);
  ReportJson report = run.report;
  REQUIRE(report["leaders"]["C"]["keys"]["n"] == ReportJson::array({"3"}));

  SECTION("a clean run breaks nothing") {
    CHECK(PropertyChecker::checkReport(scenario, report, run.exitStatus).empty());
  }
  SECTION("the invariant checker's own violations are passed on") {
    report["invariants"] = {{"checked", {"x"}}, {"violations", {{{"invariant", "applied_twice"}, {"message", "m"}}}}};
    const auto vs = PropertyChecker::checkReport(scenario, report, 4);
    REQUIRE(vs.size() == 1);
    CHECK(vs[0].invariant == "applied_twice");
    CHECK(vs[0].message == "m");
  }
  SECTION("a limit stopping the run") {
    report["stopped_by"] = "max_events";
    CHECK(has(PropertyChecker::checkReport(scenario, report, 2), "run.limit"));
  }
  SECTION("not converged although everything could converge") {
    report["converged"] = false;
    report["leaders"]["C"]["keys"]["x"] = {"2"};
    const auto vs = PropertyChecker::checkReport(scenario, report, 0);
    REQUIRE(has(vs, "convergence"));
    CHECK(vs[0].message.find("key x") != std::string::npos);
  }
  SECTION("converged with different digests") {
    report["leaders"]["B"]["state_digest"] = "0000";
    CHECK(has(PropertyChecker::checkReport(scenario, report, 0), "convergence.digests"));
  }
  SECTION("messages pending at the end of a quiescent run") {
    report["messages"]["pending_at_end"] = 1;
    CHECK(has(PropertyChecker::checkReport(scenario, report, 0), "pending_at_end"));
  }
  SECTION("update before insert under causal ordering") {
    report["anomalies"]["update_before_insert"] = 1;
    CHECK(has(PropertyChecker::checkReport(scenario, report, 0), "causal.update_before_insert"));
  }
  SECTION("a merge counter that lost an increment") {
    report["leaders"]["B"]["keys"]["n"] = {"2"};
    CHECK(has(PropertyChecker::checkReport(scenario, report, 0), "merge.counter"));
  }
  SECTION("a write reported lost in favour of its own later write") {
    report["conflicts"]["discarded"] = {{{"write", "A#1"}, {"replica", "B"}, {"key", "n"},
                                         {"in_favour_of", {"A#2"}}, {"by", "merge"}}};
    CHECK(has(PropertyChecker::checkReport(scenario, report, 0), "lost_writes.own_overwrite"));
    report["conflicts"]["discarded"][0]["in_favour_of"] = {"B#1"};
    CHECK_FALSE(has(PropertyChecker::checkReport(scenario, report, 0), "lost_writes.own_overwrite"));
  }
  SECTION("more writes applied than issued") {
    report["leaders"]["A"]["writes_applied"] = 4;
    CHECK(has(PropertyChecker::checkReport(scenario, report, 0), "applied_once"));
  }
  SECTION("sync: a committed write discarded, and the accounting") {
    Scenario sync = scenario;
    sync.replication.conflicts.detect = Detect::Sync;
    report["writes"]["committed"] = 3;
    report["writes"]["aborted"] = 0;
    report["writes"]["uncommitted"] = 0;
    report["writes"]["committed_then_discarded"] = 0;
    CHECK(PropertyChecker::checkReport(sync, report, 0).empty());
    report["writes"]["committed_then_discarded"] = 1;
    CHECK(has(PropertyChecker::checkReport(sync, report, 0), "sync.committed_then_discarded"));
    report["writes"]["committed"] = 2;
    CHECK(has(PropertyChecker::checkReport(sync, report, 0), "sync.accounting"));
    report["writes"]["uncommitted"] = 1;
    CHECK(has(PropertyChecker::checkReport(sync, report, 0), "sync.uncommitted_at_quiescence"));
  }
  SECTION("no convergence claim where the topology cannot carry every write") {
    Scenario ring = loadScenario(R"({"replsim": 1, "name": "r", "topology": {"kind": "ring", "leaders": ["A", "B", "C"]},
                                     "replication": {"forward": false}})");
    report["converged"] = false;
    CHECK_FALSE(has(PropertyChecker::checkReport(ring, report, 0), "convergence"));
  }
}

}  // namespace replsim::testing
