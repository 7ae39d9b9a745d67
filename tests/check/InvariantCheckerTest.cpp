// The invariant checker: quiet on sound runs, and each invariant able to
// fail — driven either by a resolver that breaks its promise, or by feeding
// the checker an account of the run that contradicts the replicas' state.
#include <catch2/catch.hpp>

#include "tests/TestSupport.h"

#include <algorithm>
#include <string>

#include "sim/check/InvariantChecker.h"
#include "sim/replication/Simulation.h"
#include "tests/check/TestResolvers.h"

using namespace replsim;

namespace {

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

bool violated(const InvariantChecker& c, const std::string& invariant) {
  for (const auto& v : c.violations())
    if (v.invariant == invariant) return true;
  return false;
}

// The merge-counter example of WrongResultsTest: A and B increment at 0, C at
// 15 ms after A's increment only.
std::string counters(const std::string& resolver) {
  return R"({ "replsim": 1, "name": "t",
    "topology": { "kind": "all-to-all", "leaders": ["A","B","C"] },
    "links": { "default": { "latency_ms": 10 }, "overrides": [ { "from": "B", "to": "C", "latency_ms": 100 } ] },
    "replication": { "ordering": "causal", "conflicts": { "resolve": ")" + resolver + R"(" } },
    "writes": [
      { "at_ms": 0, "leader": "A", "key": "n", "op": "incr" },
      { "at_ms": 0, "leader": "B", "key": "n", "op": "incr" },
      { "at_ms": 15, "leader": "C", "key": "n", "op": "incr" } ] })";
}

struct Checked {
  Scenario scenario;
  std::unique_ptr<Simulation> sim;
  std::unique_ptr<InvariantChecker> checker;
  RunOutcome outcome;
};

Checked check(const std::string& json, InvariantChecker::Mode mode = InvariantChecker::Mode::End) {
  Checked c;
  c.scenario = testing::loadScenario(json);
  c.sim = std::make_unique<Simulation>(c.scenario);
  c.checker = std::make_unique<InvariantChecker>(*c.sim, mode);
  c.sim->addObserver(c.checker.get());
  c.outcome = c.sim->run();
  c.checker->finish(c.outcome);
  return c;
}

}  // namespace

TEST_CASE("sim::InvariantChecker: sound runs pass, and say what was checked", "[check]") {
  SECTION("merge counters, causal ordering, convergence") {
    const Checked c = check(counters("merge"));
    CHECK(c.checker->violations().empty());
    for (const char* inv : {"applied_once", "confirmed_writes", "converged", "merge_counters", "causal_order",
                            "nothing_pending"})
      CHECK(has(c.checker->checked(), inv));
    CHECK_FALSE(has(c.checker->checked(), "sync_commits"));
  }
  SECTION("after every event too") {
    const Checked c = check(counters("merge"), InvariantChecker::Mode::Each);
    CHECK(c.checker->violations().empty());
  }
  SECTION("a resolver that does not promise convergence is not held to it") {
    const Checked c = check(counters("keep-local"));
    CHECK_FALSE(has(c.checker->checked(), "converged"));
  }
  SECTION("sync: its own invariants are checked") {
    const Checked c = check(R"({ "replsim": 1, "name": "t", "topology": { "kind": "all-to-all", "leaders": ["A","B"] },
      "links": { "default": { "latency_ms": 10 } }, "replication": { "conflicts": { "detect": "sync" } },
      "writes": [ { "at_ms": 0, "leader": "A", "key": "x", "value": "1" },
                  { "at_ms": 1, "leader": "B", "key": "x", "value": "2" } ] })");
    CHECK(c.checker->violations().empty());
    CHECK(has(c.checker->checked(), "sync_commits"));
    CHECK(has(c.checker->checked(), "aborted_no_trace"));
  }
  SECTION("a run stopped by until_ms is not judged on what was still on its way") {
    const Checked c = check(R"({ "replsim": 1, "name": "t", "until_ms": 5,
      "topology": { "kind": "all-to-all", "leaders": ["A","B"] }, "links": { "default": { "latency_ms": 10 } },
      "writes": [ { "at_ms": 0, "leader": "A", "key": "x", "value": "1" } ] })");
    CHECK(c.checker->violations().empty());
    CHECK_FALSE(has(c.checker->checked(), "confirmed_writes"));
    CHECK_FALSE(has(c.checker->checked(), "nothing_pending"));
  }
}

TEST_CASE("sim::InvariantChecker: each invariant can fail", "[check]") {
  testing::registerTestResolvers();
  SECTION("merge_counters and converged: a counter that loses increments") {
    // At A: {A#1, B#1} folds to 2 at 10 ms; C#1 (value 2, it carries A#1)
    // arrives at 25 ms, covers A#1, and the frontier {B#1, C#1} folds to
    // 1 + 1 = 2 — although three increments were applied at A.
    const Checked c = check(counters("test-naive-counter"));
    CHECK(violated(*c.checker, "merge_counters"));
  }
  SECTION("converged: a resolver that claims convergence but answers differently at each replica") {
    const Checked c = check(R"({ "replsim": 1, "name": "t", "topology": { "kind": "all-to-all", "leaders": ["A","B"] },
      "links": { "default": { "latency_ms": 10 } }, "replication": { "conflicts": { "resolve": "test-stubborn" } },
      "writes": [ { "at_ms": 0, "leader": "A", "key": "x", "value": "1" },
                  { "at_ms": 0, "leader": "B", "key": "x", "value": "2" } ] })");
    CHECK(violated(*c.checker, "converged"));
  }
  SECTION("applied_once: the same write applied twice at one replica") {
    Checked c = check(counters("merge"));
    c.checker->onApplied(ApplyEvent{SimTime::fromMs(500), 0, 0, false, false, SimTime::zero()});
    CHECK(violated(*c.checker, "applied_once"));
  }
  SECTION("confirmed_writes: a confirmed write nobody accounts for") {
    // The failover's lost write eu1#2 is accounted for by the failover; a
    // checker that was not told of the failover finds it missing.
    const std::string path = std::string(REPLSIM_SOURCE_DIR) + "/scenarios/datacenter-failover-lost-writes.json";
    const LoadResult loaded = loadScenarioFile(path);
    REQUIRE(loaded.ok());
    Simulation sim(*loaded.scenario);
    const RunOutcome outcome = sim.run();
    InvariantChecker told(sim), untold(sim);
    WriteIndex lost = kNone;
    for (WriteIndex w = 0; w < sim.writes().size(); ++w)
      if (sim.writeName(w) == "eu1#2") lost = w;
    REQUIRE(lost != kNone);
    for (InvariantChecker* k : {&told, &untold})
      k->onCommit(CommitEvent{SimTime::zero(), 0, lost, SimTime::zero(), false, kNone, kNone});
    told.onFailover(FailoverEvent{SimTime::zero(), 0, 0, 0, {lost}, 0, {}, false});
    told.finish(outcome);
    untold.finish(outcome);
    CHECK_FALSE(violated(told, "confirmed_writes"));
    CHECK(violated(untold, "confirmed_writes"));
  }
  SECTION("sync_commits: an outcome told twice, or an abort that did not happen") {
    Checked c = check(R"({ "replsim": 1, "name": "t", "topology": { "kind": "all-to-all", "leaders": ["A","B"] },
      "links": { "default": { "latency_ms": 10 } }, "replication": { "conflicts": { "detect": "sync" } },
      "writes": [ { "at_ms": 0, "leader": "A", "key": "x", "value": "1" } ] })");
    REQUIRE(c.checker->violations().empty());
    InvariantChecker k(*c.sim);
    k.onCommit(CommitEvent{SimTime::zero(), 0, 0, SimTime::zero(), /*aborted=*/true});
    k.onCommit(CommitEvent{SimTime::zero(), 0, 0, SimTime::zero(), /*aborted=*/true});
    k.finish(c.outcome);
    CHECK(violated(k, "sync_commits"));
    CHECK(k.violationCount() == 2);  // told twice; reported aborted but committed
  }
  SECTION("causal_order: an update skipped for a missing row under causal ordering") {
    Checked c = check(counters("merge"));
    InvariantChecker k(*c.sim);
    k.onConflict(ConflictEvent{SimTime::zero(), 0, 0, ConflictType::UpdateMissing, {0}, {}, {0}, "skip", false, ""});
    k.finish(c.outcome);
    CHECK(violated(k, "causal_order"));
  }
}

TEST_CASE("sim::InvariantChecker: quorum_once holds on a leaderless run and can fail", "[check]") {
  // The write A#1 (index 0) reaches its quorum at 20 ms (B's and C's acks),
  // the read at B at 50 ms (its own copy and the first remote answer): once each.
  const Scenario s = testing::loadScenario(R"({"replsim": 1, "name": "q",
      "topology": {"kind": "all-to-all", "leaders": ["A", "B", "C"]}, "links": {"default": {"latency_ms": 10}},
      "replication": {"mode": "leaderless", "quorum": {"n": 3, "w": 2, "r": 2}},
      "writes": [{"at_ms": 0, "leader": "A", "key": "x", "value": "1"},
                 {"at_ms": 30, "leader": "B", "key": "x", "op": "read"}]})");
  Simulation sim(s);
  InvariantChecker checker(sim);
  sim.addObserver(&checker);
  const RunOutcome outcome = sim.run();
  checker.finish(outcome);
  CHECK(has(checker.checked(), "quorum_once"));
  CHECK(checker.violationCount() == 0);
  SECTION("a quorum published twice") {
    checker.onQuorum(QuorumEvent{SimTime::fromMs(900), 0, 0, 0, false, true, 2, 2, 0});
    CHECK(violated(checker, "quorum_once"));
  }
  SECTION("a quorum reached short of w") {
    checker.onQuorum(QuorumEvent{SimTime::fromMs(900), 1, 7, 0, true, true, 1, 2, kNone});
    CHECK(violated(checker, "quorum_once"));
  }
  SECTION("a commit without its quorum") {
    InvariantChecker fresh(sim);
    fresh.onCommit(CommitEvent{SimTime::zero(), 0, 0, SimTime::zero(), false, kNone, kNone});
    CHECK(violated(fresh, "quorum_once"));
  }
}
