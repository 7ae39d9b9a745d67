// Visibility (replsim visibility, PBS): closed forms derived by hand for
// what the trials do (docs/leaderless.md, "Staleness: replsim visibility").
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "sim/sweep/SampleStatistics.h"
#include "sim/sweep/Visibility.h"
#include "tests/TestSupport.h"

using namespace replsim;
using replsim::testing::loadScenario;

namespace {

// Nodes N1..Nk (all replicas when n == k), one latency on every link.
std::string scenario(int nodes, int n, int w, int r, const std::string& fanout, const std::string& latency,
                     const std::string& extra = "") {
  std::string leaders;
  for (int i = 1; i <= nodes; ++i) leaders += fmt::format("{}\"N{}\"", i > 1 ? "," : "", i);
  return fmt::format(R"({{"replsim": 1, "name": "pbs", "topology": {{"kind": "all-to-all", "leaders": [{}]}},
    "links": {{"default": {{"latency_ms": {}}}}},
    "replication": {{"mode": "leaderless", "quorum": {{"n": {}, "w": {}, "r": {}, "read_fanout": "{}"}}{}}},
    "writes": [{{"at_ms": 0, "leader": "N1", "key": "x", "value": "1"}}]}})",
                     leaders, latency, n, w, r, fanout, extra);
}

VisibilityResult run(const std::string& json, std::vector<double> t, uint64_t trials, uint64_t seed = 7) {
  VisibilityOptions o;
  o.tMs = std::move(t);
  o.trials = trials;
  o.seed = seed;
  return runVisibility(loadScenario(json), o);
}

const std::string kExp10 = R"({"dist": "exponential", "mean": 10})";

}  // namespace

TEST_CASE("sweep::SampleStatistics: the Wilson interval, pinned by hand", "[sweep][visibility]") {
  // centre (p + z²/2n)/(1 + z²/n), half z/(1 + z²/n)·sqrt(p(1-p)/n + z²/4n²), z = 1.959964:
  // 5 of 10: centre 0.5, half 1.416009·sqrt(0.025 + 0.0096036) = 0.263407.
  auto [lo, hi] = SampleStatistics::wilson95(5, 10);
  CHECK(lo == Approx(0.236593).margin(1e-6));
  CHECK(hi == Approx(0.763407).margin(1e-6));
  // 0 of 10: centre 0.138767 = half: [0, 0.277533].
  std::tie(lo, hi) = SampleStatistics::wilson95(0, 10);
  CHECK(lo == 0.0);
  CHECK(hi == Approx(0.277533).margin(1e-6));
  // 999 of 1000.
  std::tie(lo, hi) = SampleStatistics::wilson95(999, 1000);
  CHECK(lo == Approx(0.994357).margin(1e-6));
  CHECK(hi == Approx(0.999823).margin(1e-6));
}

TEST_CASE("sweep::Visibility: a quantile's distribution-free interval", "[sweep][visibility]") {
  std::vector<double> v;
  for (int i = 1; i <= 1000; ++i) v.push_back(i);
  // Median: rank 500; 1.96·sqrt(1000·0.25) = 30.99 -> ranks 469 and 531.
  const QuantileEstimate q = quantileWithInterval(v, 0.5);
  CHECK(q.value == 500);
  CHECK(q.ciLow == 469);
  CHECK(q.ciHigh == 531);
  // 0.999 of 1000: rank 999; 1.96·sqrt(0.999) = 1.96 -> ranks 997 and 1000 (clamped).
  const QuantileEstimate top = quantileWithInterval(v, 0.999);
  CHECK(top.value == 999);
  CHECK(top.ciLow == 997);
  CHECK(top.ciHigh == 1000);
}

TEST_CASE("sweep::Visibility: w 1, r 1 at fixed latency — stale with probability C(n-w, r)/C(n, r)",
          "[sweep][visibility]") {
  // Every node is a replica (n = nodes). The write's coordinator C1 stores
  // it at once and commits (w 1, write latency 0); the read's coordinator C2
  // (independent, uniform) asks only itself (read_fanout r, r 1), which holds
  // the write iff C2 = C1 or the copy has arrived (10 ms). Before 10 ms the
  // read is stale with probability (n-1)/n = C(n-1, 1)/C(n, 1); from 10 ms on never.
  for (int n : {3, 5}) {
    const VisibilityResult v = run(scenario(n, n, 1, 1, "r", "10"), {0, 5, 9.999, 10, 20}, 40000);
    INFO("n " << n);
    CHECK(v.committed == 40000);
    CHECK(v.writesFailed == 0);
    for (size_t i = 0; i < 3; ++i) {
      CHECK(v.points[i].fraction == Approx(1.0 / n).margin(0.01));  // 4.5 standard errors
      CHECK(v.points[i].ciLow < 1.0 / n);
      CHECK(v.points[i].ciHigh > 1.0 / n);
    }
    // Common random numbers: the same trials at every t before the copy arrives.
    CHECK(v.points[0].consistent == v.points[2].consistent);
    CHECK(v.points[3].consistent == 40000);
    CHECK(v.points[4].fraction == 1.0);
    CHECK(v.tAt999.value == 10.0);
    CHECK(v.tAt999.ciLow == 10.0);
    CHECK(v.tAt999.ciHigh == 10.0);
    CHECK(v.write.p999 == 0.0);
    CHECK(v.read.p999 == 0.0);  // the own copy answers at once
  }
}

TEST_CASE("sweep::Visibility: w 1, r 1 with exponential latency — 1/3 + 2/3·(1 - e^(-t/10))", "[sweep][visibility]") {
  // As above with n 3, but the copy to C2 ≠ C1 takes W ~ Exp(mean 10 ms):
  // P(consistent at t) = 1/3 + 2/3·P(W <= t). The staleness window is 0 with
  // probability 1/3, else W: its 0.999 quantile solves 2/3·e^(-x/10) = 0.001,
  // x = 10·ln(2000/3) = 65.02 ms.
  const VisibilityResult v = run(scenario(3, 3, 1, 1, "r", kExp10), {0, 5, 10, 20}, 200000);
  const double expected[] = {1.0 / 3, 0.595646, 0.754747, 0.909776};
  for (size_t i = 0; i < 4; ++i) {
    INFO("t " << v.points[i].tMs);
    CHECK(v.points[i].fraction == Approx(expected[i]).margin(0.005));  // > 4.5 standard errors
    CHECK(v.points[i].ciLow < expected[i]);
    CHECK(v.points[i].ciHigh > expected[i]);
  }
  CHECK(v.tAt999.value == Approx(65.02).margin(4.0));
  CHECK(v.tAt999.ciLow <= 65.03);
  CHECK(v.tAt999.ciHigh >= 65.02);
}

TEST_CASE("sweep::Visibility: a strict quorum (w + r > n, no faults) is consistent at every t", "[sweep][visibility]") {
  // The w replicas that acked held the write before the commit, hence before
  // any read request; any r answers include one of them (w + r > n).
  for (const std::string fanout : {"all", "r"}) {
    const VisibilityResult v = run(scenario(3, 3, 2, 2, fanout, kExp10), {0, 1, 10}, 20000);
    for (const VisibilityPoint& p : v.points) CHECK(p.fraction == 1.0);
    CHECK(v.tAt999.value == 0.0);
    CHECK(v.write.p50 > 0.0);
    CHECK(v.read.p50 > 0.0);
  }
  // The same holds with more nodes than replicas (coordinators outside the preference list).
  const VisibilityResult v = run(scenario(5, 3, 2, 2, "all", kExp10), {0}, 20000);
  CHECK(v.points[0].fraction == 1.0);
}

TEST_CASE("sweep::Visibility: consistency does not decrease with t", "[sweep][visibility]") {
  const std::string mixture =
      R"({"dist": "mixture", "of": [{"weight": 0.9, "dist": {"dist": "exponential", "mean": 1.5}},
          {"weight": 0.1, "dist": {"dist": "pareto", "xm": 3, "alpha": 1.8}}]})";
  for (const std::string fanout : {"all", "r"}) {
    const VisibilityResult v =
        run(scenario(5, 5, 1, 2, fanout, mixture), {0, 0.5, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89}, 20000);
    for (size_t i = 1; i < v.points.size(); ++i) CHECK(v.points[i].consistent >= v.points[i - 1].consistent);
    CHECK(v.points.front().fraction < 1.0);
    CHECK(v.points.back().fraction > v.points.front().fraction);
  }
}

TEST_CASE("sweep::Visibility: deterministic from the seed; refused scenarios", "[sweep][visibility]") {
  const std::string s = scenario(3, 3, 1, 1, "all", kExp10);
  const std::string a = visibilityJson(run(s, {0, 5}, 5000, 3)).dump();
  CHECK(a == visibilityJson(run(s, {0, 5}, 5000, 3)).dump());
  CHECK(a != visibilityJson(run(s, {0, 5}, 5000, 4)).dump());
  CHECK_THROWS_WITH(run(scenario(3, 3, 1, 1, "all", "10"), {0}, 0), Catch::Contains("--trials"));
}

TEST_CASE("sweep::Visibility: writes that miss the timeout are not counted", "[sweep][visibility]") {
  // Every copy takes 600 ms, its ack 600 more: with w 2 nothing commits within 1000 ms.
  const VisibilityResult v = run(scenario(3, 3, 2, 1, "all", "600"), {0}, 100);
  CHECK(v.committed == 0);
  CHECK(v.writesFailed == 100);
  CHECK(v.points[0].fraction == 0.0);
}

TEST_CASE("sweep::Visibility: the trials agree with full engine runs", "[sweep][visibility]") {
  // Fixed, asymmetric link latencies: a trial's outcome depends only on its
  // two coordinators (C1 writes, C2 reads). For each of the 9 pairs, a full
  // Simulation runs the write through C1 at 0 and a read through C2 at its
  // commit + t (t offset by 0.5 ms: no instant ties with a delivery); the
  // trials' fraction must be the mean of the 9 engine outcomes.
  const std::vector<std::tuple<const char*, const char*, int>> lat = {
      {"A", "B", 3}, {"B", "A", 5}, {"A", "C", 20}, {"C", "A", 2}, {"B", "C", 7}, {"C", "B", 11}};
  std::string overrides;
  for (const auto& [from, to, ms] : lat)
    overrides += fmt::format(R"({}{{"from": "{}", "to": "{}", "latency_ms": {}}})", overrides.empty() ? "" : ",",
                             from, to, ms);
  const auto scenarioWith = [&](int w, int r, const std::string& fanout, const std::string& ops) {
    return fmt::format(R"({{"replsim": 1, "name": "pbs", "topology": {{"kind": "all-to-all", "leaders": ["A","B","C"]}},
      "links": {{"default": {{"latency_ms": 10}}, "overrides": [{}]}},
      "replication": {{"mode": "leaderless", "quorum": {{"n": 3, "w": {}, "r": {}, "read_fanout": "{}"}}}},
      "writes": [{}]}})",
                       overrides, w, r, fanout, ops);
  };
  struct Case {
    int w, r;
    const char* fanout;
  };
  for (const Case c : {Case{1, 2, "all"}, Case{1, 1, "r"}, Case{2, 1, "all"}, Case{1, 2, "r"}}) {
    for (double t : {0.5, 6.5, 12.5}) {
      int consistent = 0;
      for (const char* c1 : {"A", "B", "C"}) {
        const std::string write = fmt::format(R"({{"at_ms": 0, "leader": "{}", "key": "x", "value": "1"}})", c1);
        const double commit =
            replsim::testing::runReport(scenarioWith(c.w, c.r, c.fanout, write))["writes"]["commit_latency_ms"]["max"];
        for (const char* c2 : {"A", "B", "C"}) {
          const std::string read =
              fmt::format(R"(, {{"at_ms": {}, "leader": "{}", "key": "x", "op": "read"}})", commit + t, c2);
          const auto report = replsim::testing::runReport(scenarioWith(c.w, c.r, c.fanout, write + read));
          REQUIRE(report["quorum"]["reads_answered"] == 1);
          if (report["reads"]["stale"] == 0) ++consistent;
        }
      }
      const VisibilityResult v = run(scenarioWith(c.w, c.r, c.fanout, R"({"at_ms": 0, "leader": "A", "key": "x", "value": "1"})"),
                                     {t}, 90000);
      INFO("w " << c.w << " r " << c.r << " " << c.fanout << " t " << t << ": engine " << consistent << "/9");
      CHECK(v.points[0].fraction == Approx(consistent / 9.0).margin(0.01));
    }
  }
}

TEST_CASE("sweep::Visibility: a siblings scenario gives lww's numbers (one write per trial)", "[sweep][visibility]") {
  // A trial writes once to an empty key: an answer holds that write or
  // nothing, so "the returned siblings include the write or what replaced
  // it" is lww's "an answer holds the write" (docs/leaderless.md). n 3, w 1,
  // r 1, fan-out r, fixed 10 ms: consistent with probability 1/3 before
  // 10 ms (the read's coordinator is the write's), always from 10 ms on.
  for (const std::string clock : {"dotted", "vnode"}) {
    const std::string siblings = R"(, "conflicts": {"resolve": "siblings", "clock": ")" + clock + "\"}";
    const VisibilityResult s = run(scenario(3, 3, 1, 1, "r", "10", siblings), {0, 10}, 30000);
    const VisibilityResult l = run(scenario(3, 3, 1, 1, "r", "10"), {0, 10}, 30000);
    INFO(clock);
    CHECK(s.points[0].consistent == l.points[0].consistent);
    CHECK(s.points[0].fraction == Approx(1.0 / 3).margin(0.012));  // 4.4 standard errors
    CHECK(s.points[1].consistent == 30000);
    CHECK(s.tAt999.value == 10.0);
  }
}
