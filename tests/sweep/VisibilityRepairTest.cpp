// Visibility (replsim visibility) with read repair and anti-entropy: what a
// single read t ms after a commit sees when the scenario repairs, derived by
// hand and checked against full engine runs (docs/leaderless.md,
// "Staleness: replsim visibility").
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "sim/sweep/Visibility.h"
#include "tests/TestSupport.h"

using namespace replsim;
using replsim::testing::loadScenario;
using replsim::testing::runReport;

namespace {

VisibilityResult run(const std::string& json, std::vector<double> t, uint64_t trials, uint64_t seed = 7) {
  VisibilityOptions o;
  o.tMs = std::move(t);
  o.trials = trials;
  o.seed = seed;
  return runVisibility(loadScenario(json), o);
}

// Nodes A, B, C (every one a replica of x: n 3), one write of x; fixed,
// asymmetric latencies on the six links (fifo, the default). `replication`
// is added inside "replication", `root` at the top level.
const std::vector<std::tuple<const char*, const char*, int>> kRelay = {
    {"A", "B", 3}, {"B", "A", 5}, {"A", "C", 20}, {"C", "A", 2}, {"B", "C", 7}, {"C", "B", 11}};
const std::vector<std::tuple<const char*, const char*, int>> kSlowAC = {
    {"A", "B", 5}, {"B", "A", 5}, {"A", "C", 50}, {"C", "A", 5}, {"B", "C", 5}, {"C", "B", 5}};

std::string threeNodes(const std::vector<std::tuple<const char*, const char*, int>>& lat, int w, int r,
                       const std::string& fanout, const std::string& replication, const std::string& root,
                       const std::string& ops) {
  std::string overrides;
  for (const auto& [from, to, ms] : lat)
    overrides += fmt::format(R"({}{{"from": "{}", "to": "{}", "latency_ms": {}}})", overrides.empty() ? "" : ",",
                             from, to, ms);
  return fmt::format(R"({{"replsim": 1, "name": "pbs-repair", "topology": {{"kind": "all-to-all", "leaders": ["A","B","C"]}},
    "links": {{"default": {{"latency_ms": 10}}, "overrides": [{}]}},
    "replication": {{"mode": "leaderless", "quorum": {{"n": 3, "w": {}, "r": {}, "read_fanout": "{}"}}{}}}{},
    "writes": [{}]}})",
                     overrides, w, r, fanout, replication, root, ops);
}

const char* const kNodes[] = {"A", "B", "C"};
const std::string kWriteA = R"({"at_ms": 0, "leader": "A", "key": "x", "value": "1"})";
const std::string kExp10 = R"({"dist": "exponential", "mean": 10})";

std::string exponentialScenario(int w, int r, const std::string& fanout, const std::string& replication) {
  return fmt::format(R"({{"replsim": 1, "name": "pbs-repair", "topology": {{"kind": "all-to-all", "leaders": ["N1","N2","N3"]}},
    "links": {{"default": {{"latency_ms": {}}}}},
    "replication": {{"mode": "leaderless", "quorum": {{"n": 3, "w": {}, "r": {}, "read_fanout": "{}"}}{}}},
    "writes": [{{"at_ms": 0, "leader": "N1", "key": "x", "value": "1"}}]}})",
                     kExp10, w, r, fanout, replication);
}

}  // namespace

TEST_CASE("sweep::Visibility: async read repair changes nothing a single read sees", "[sweep][visibility]") {
  // The repairs of "async" leave after the client's answer: the trials are
  // those of "off", draw for draw (only the header says "async").
  for (int r : {1, 2, 3}) {
    INFO("r " << r);
    auto off = visibilityJson(run(exponentialScenario(1, r, "all", ""), {0, 2, 5, 10}, 20000));
    auto async = visibilityJson(run(exponentialScenario(1, r, "all", R"(, "read_repair": "async")"), {0, 2, 5, 10}, 20000));
    CHECK(off["read_repair"] == "off");
    CHECK(async["read_repair"] == "async");
    off.erase("read_repair");
    async.erase("read_repair");
    CHECK(off.dump() == async.dump());
  }
}

TEST_CASE("sweep::Visibility: blocking read repair with r = 1 never waits", "[sweep][visibility]") {
  // r 1: the read's result is its first answer, and nothing among the first
  // r is older than the result — there is nothing to repair before
  // answering. Every node is a replica, so the first answer is the read
  // coordinator's own copy, at once: read latency 0 at any quantile, and the
  // fraction of consistent reads is the closed form of w 1, r 1 (the own
  // copy holds the write iff C2 = C1 or the copy, Exp(mean 10 ms), has
  // arrived): 1/3 + 2/3·(1 - e^(-t/10)) = 0.3333, 0.5956, 0.7547 at 0, 5, 10 ms.
  for (const std::string fanout : {"all", "r"}) {
    const VisibilityResult v = run(exponentialScenario(1, 1, fanout, R"(, "read_repair": "blocking")"), {0, 5, 10}, 100000);
    INFO(fanout);
    CHECK(v.readRepair == "blocking");
    const double expected[] = {1.0 / 3, 0.595646, 0.754747};
    for (size_t i = 0; i < 3; ++i) CHECK(v.points[i].fraction == Approx(expected[i]).margin(0.007));  // > 4.5 s.e.
    CHECK(v.read.count == 100000);
    CHECK(v.read.p999 == 0.0);
  }
}

TEST_CASE("sweep::Visibility: blocking read repair against full engine runs, derived by hand", "[sweep][visibility]") {
  // Links (ms): A->B 3, B->A 5, A->C 20, C->A 2, B->C 7, C->B 11; w 1, so
  // the write commits at once at its coordinator C1 (commit 0) and its copy
  // reaches X at lat(C1->X). The read through C2 starts at t = 0.5 ms, asks
  // every replica and decides at its r-th answer; blocking repair then
  // writes the result to each of the first r that lacked it and waits for
  // the acks (C2's own copy is repaired at once).
  //
  // r 3 (the answers of all three), by hand for the nine (C1, C2) pairs:
  //   C1 = C2: every replica is asked behind the copies (fifo), holds it:
  //     latency = slowest round trip from C2: A 22 (via C), B 18 (via C), C 22 (via A);
  //   (A, B): A answers 0.5+5+3 = 8.5; C is asked at 7.5 (copy at 20: lacks) and
  //     answers 18.5 = decision; repair to C and its ack: 18.5+7+11 = 36.5 -> 36;
  //   (A, C): A answers 22.5 (holds), B 18.5 (holds); own copy lacks (repaired
  //     at once) -> 22;
  //   (B, A): B answers 8.5, C 22.5 (asked at 20.5, copy at 7: holds) -> 22;
  //   (B, C): A is asked at 2.5 (copy at 5: lacks), answers 22.5; B 18.5;
  //     repair to A: 22.5+2+20 = 44.5 -> 44;
  //   (C, A): B is asked at 3.5 (copy at 11: lacks), answers 8.5; C 22.5;
  //     repair to B: 22.5+3+5 = 30.5 -> 30;
  //   (C, B): A (holds) 8.5, C 18.5 -> 18.
  //   Sorted: 18 18 22 22 22 22 30 36 44 (without repair: 18 18 18 22 22 22 22 22 22).
  //   Every read consistent (w + r > n).
  // r 2 (the first two answers: C2's own at once and the fastest other):
  //   only (C, A) finds B lacking among its first two: B's answer at 8.5 is
  //   the decision, the repair's ack is back at 8.5+3+5 = 16.5 -> 16; the
  //   others answer in 8 (C2 = A or B) or 18 (C2 = C).
  //   At t = 0.5 the read through A after a write through C is stale (A's own
  //   copy and B both lack it: 8 of 9 consistent); at t = 3.5 all 9 are.
  struct Case {
    int r;
    double t;
    int consistent;
    std::vector<double> latency;  // sorted, over the nine pairs
  };
  const std::vector<Case> cases = {
      {3, 0.5, 9, {18, 18, 22, 22, 22, 22, 30, 36, 44}},
      {2, 0.5, 8, {8, 8, 8, 8, 8, 8, 18, 18, 18}},
      {2, 3.5, 9, {8, 8, 8, 8, 8, 16, 18, 18, 18}},
  };
  const std::string blocking = R"(, "read_repair": "blocking")";
  for (const Case& c : cases) {
    INFO("r " << c.r << " t " << c.t);
    int consistent = 0;
    std::vector<double> latency;
    for (const char* c1 : kNodes)
      for (const char* c2 : kNodes) {
        const std::string ops =
            fmt::format(R"({{"at_ms": 0, "leader": "{}", "key": "x", "value": "1"}}, )"
                        R"({{"at_ms": {}, "leader": "{}", "key": "x", "op": "read"}})",
                        c1, c.t, c2);
        const auto report = runReport(threeNodes(kRelay, 1, c.r, "all", blocking, "", ops));
        REQUIRE(report["quorum"]["reads_answered"] == 1);
        if (report["reads"]["stale"] == 0) ++consistent;
        latency.push_back(static_cast<double>(report["reads"]["log"][0]["at_ms"]) - c.t);
      }
    std::sort(latency.begin(), latency.end());
    CHECK(consistent == c.consistent);  // the engine agrees with the derivation
    CHECK(latency == c.latency);
    const VisibilityResult v = run(threeNodes(kRelay, 1, c.r, "all", blocking, "", kWriteA), {c.t}, 90000);
    CHECK(v.points[0].fraction == Approx(c.consistent / 9.0).margin(0.01));
    // Nearest rank over nine equally likely pairs: p50 is the 5th (4/9 of
    // the mass below it, 0.06 = 30 standard errors from 0.5), p99 and p99.9 the 9th.
    CHECK(v.read.p50 == c.latency[4]);
    CHECK(v.read.p99 == c.latency[8]);
    CHECK(v.read.p999 == c.latency[8]);
  }
  // Without repair the same trials answer at the decision: p99 22 for r 3.
  const VisibilityResult off = run(threeNodes(kRelay, 1, 3, "all", "", "", kWriteA), {0.5}, 90000);
  CHECK(off.read.p99 == 22.0);
}

TEST_CASE("sweep::Visibility: anti-entropy against full engine runs, derived by hand", "[sweep][visibility]") {
  // Links 5 ms except A->C 50 ms; w 1, r 1, read_fanout r: the write commits
  // at once at C1 (commit 0) and the read through C2 answers from C2's own
  // copy, at once — consistent iff C2 holds the write when the read starts
  // (t ms after the write). Anti-entropy every 100 ms, its first round at a
  // phase φ after the write, uniform on [0, 100).
  //   C1 = C2 (3 pairs): consistent. C1 = B or C: the other two get the copy
  //   at 5 ms, and no shipment can beat it (4 pairs: consistent for t >= 5).
  //   (A, B): B at 5 ms. (A, C): the copy reaches C at 50 ms; a round at
  //   φ in [5, 45) finds B holding the write and C not, and B's shipment
  //   reaches C at φ + 5 < 50 (a round before 5 ms has only A holding it, and
  //   A -> C takes 50). So C holds it from φ + 5 with probability 0.4, else
  //   from 50: for 10 <= t < 50, P(consistent) = P(5 <= φ <= t - 5) = (t - 10)/100.
  //   P(consistent at t) = (8 + (t - 10)/100)/9 for 10 <= t < 50:
  //   t 20.5: 8.105/9 = 0.900556; t 30.5: 8.205/9 = 0.911667 (without
  //   anti-entropy 8/9 = 0.888889); t 0.5: 3/9; t 60: 1.
  // The engine's rounds are at 100, 200, … ms: a write at 100 - φ has phase φ.
  const std::string ae = R"(, "anti_entropy": {"interval_ms": 100})";
  const std::string until = R"(, "until_ms": 1200)";
  for (const auto& [phase, holdsAt] : {std::pair{2, 50.0}, {20, 25.0}, {40, 45.0}, {60, 50.0}}) {
    const double s = 100 - phase;
    for (double t : {20.5, 30.5})
      for (const char* c1 : kNodes)
        for (const char* c2 : kNodes) {
          const std::string ops = fmt::format(R"({{"at_ms": {}, "leader": "{}", "key": "x", "value": "1"}}, )"
                                              R"({{"at_ms": {}, "leader": "{}", "key": "x", "op": "read"}})",
                                              s, c1, s + t, c2);
          const auto report = runReport(threeNodes(kSlowAC, 1, 1, "r", ae, until, ops));
          REQUIRE(report["quorum"]["reads_answered"] == 1);
          const bool expected = std::string(c1) != "A" || std::string(c2) != "C" || holdsAt <= t;
          INFO("phase " << phase << " t " << t << " C1 " << c1 << " C2 " << c2);
          CHECK((report["reads"]["stale"] == 0) == expected);
        }
  }
  const VisibilityResult v =
      run(threeNodes(kSlowAC, 1, 1, "r", ae, until, kWriteA), {0.5, 20.5, 30.5, 60}, 200000);
  CHECK(v.antiEntropyMs == 100.0);
  CHECK(v.points[0].fraction == Approx(3.0 / 9).margin(0.005));   // s.e. 0.0011
  CHECK(v.points[1].fraction == Approx(8.105 / 9).margin(0.003));  // s.e. 0.00067
  CHECK(v.points[2].fraction == Approx(8.205 / 9).margin(0.003));
  CHECK(v.points[1].ciLow < 8.105 / 9);
  CHECK(v.points[1].ciHigh > 8.105 / 9);
  CHECK(v.points[2].ciLow > 8.0 / 9);  // distinguishable from no anti-entropy
  CHECK(v.points[3].fraction == 1.0);
  // Staleness windows: 50 ms with probability 0.6/9 = 6.7 % > 0.1 %.
  CHECK(v.tAt999.value == 50.0);
  // Without anti-entropy: 8/9 at 20.5 and 30.5 exactly (fixed latencies).
  const VisibilityResult plain = run(threeNodes(kSlowAC, 1, 1, "r", "", "", kWriteA), {20.5, 30.5}, 200000);
  CHECK(plain.points[0].consistent == plain.points[1].consistent);
  CHECK(plain.points[0].fraction == Approx(8.0 / 9).margin(0.003));
}

TEST_CASE("sweep::Visibility: anti-entropy never lowers consistency, and is deterministic", "[sweep][visibility]") {
  // Exponential links, w 1, r 2, read_fanout all: a shipment only makes a
  // replica hold the write earlier (it can also queue a read message behind
  // it on a fifo link, hence the tolerance on the lower bound).
  const std::string ae = R"(, "anti_entropy": {"interval_ms": 3})";
  const std::string base = exponentialScenario(1, 2, "all", "");
  std::string withAe = exponentialScenario(1, 2, "all", ae);
  withAe.insert(withAe.rfind('}'), R"(, "until_ms": 100)");
  const std::vector<double> t = {0, 1, 2, 5, 10, 20};
  const VisibilityResult off = run(base, t, 40000);
  const VisibilityResult on = run(withAe, t, 40000);
  for (size_t i = 0; i < t.size(); ++i) {
    INFO("t " << t[i]);
    CHECK(on.points[i].fraction >= off.points[i].fraction - 0.01);
  }
  CHECK(on.points[4].fraction > off.points[4].fraction);  // 10 ms: rounds every 3 ms help
  CHECK(visibilityJson(on).dump() == visibilityJson(run(withAe, t, 40000)).dump());
  CHECK(on.tAt999.value <= off.tAt999.value);
}
