// FreshnessStats: replication lag per node, across the batches in which lag
// samples reach their node's counts (more samples than one batch holds).
#include <catch2/catch.hpp>

#include "tests/TestSupport.h"

#include <string>

#include "sim/cli/RunCommand.h"
#include "sim/metrics/FreshnessStats.h"
#include "sim/replication/Simulation.h"
#include "sim/report/JsonReport.h"

using namespace replsim;

TEST_CASE("metrics::FreshnessStats: lag percentiles over more samples than a batch", "[metrics][freshness]") {
  // L2..L10 each write their own key 4,000 times, once a millisecond; L1
  // writes nothing. Links into L1 from Lj take j ms, every other link 10 ms.
  // All-to-all does not relay, and a write's dependencies reached L1 before
  // it (sent earlier, over a link no slower than the 10 ms they took to
  // reach its origin), so nothing is held: L1 applies Lj's writes exactly
  // j ms after they were issued — 4,000 samples of each of 2..10 ms,
  // 36,000 in all (above the 32,768 of one batch). Ranks: p50 is the
  // 18,000th sample, in the fifth group of 4,000 (6 ms); p99 the 35,640th,
  // in the ninth (10 ms). L2 applies 8 origins x 4,000 writes, all at 10 ms.
  std::string writes, overrides;
  for (int j = 2; j <= 10; ++j) {
    overrides += std::string(overrides.empty() ? "" : ",") + "{\"from\":\"L" + std::to_string(j) +
                 "\",\"to\":\"L1\",\"latency_ms\":" + std::to_string(j) + "}";
    for (int k = 0; k < 4000; ++k)
      writes += std::string(writes.empty() ? "" : ",") + "{\"at_ms\":" + std::to_string(k) + ",\"leader\":\"L" +
                std::to_string(j) + "\",\"key\":\"k" + std::to_string(j) + "\",\"value\":\"" + std::to_string(k) + "\"}";
  }
  const std::string json = R"({"replsim":1,"name":"lag-batches","topology":{"kind":"all-to-all","leaders":{"count":10}},)"
                           R"("links":{"default":{"latency_ms":10},"overrides":[)" + overrides + R"(]},"writes":[)" +
                           writes + "]}";
  const Scenario scenario = testing::loadScenario(json);
  {
    // Every sample reaches its node's counts, whichever batch it was in.
    Simulation sim(scenario, SimulationOptions{});
    FreshnessStats freshness(sim);
    sim.addObserver(&freshness);
    sim.run();
    CHECK(freshness.lagUs(0).size() == 36000u);
    CHECK(freshness.lagUs(1).size() == 32000u);
    for (NodeId n = 2; n < 10; ++n) CHECK(freshness.lagUs(n).size() == 32000u);
  }
  const RunResult r = runScenario(scenario, RunOptions{}, nullptr);
  REQUIRE(r.exitStatus == 0);
  CHECK(r.report["leaders"]["L1"]["lag_ms"] == ReportJson({{"p50", 6.0}, {"p99", 10.0}, {"max", 10.0}}));
  CHECK(r.report["leaders"]["L2"]["lag_ms"] == ReportJson({{"p50", 10.0}, {"p99", 10.0}, {"max", 10.0}}));
  CHECK(r.report["leaders"]["L1"]["writes_applied"] == 36000);
}
