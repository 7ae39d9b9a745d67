#include <catch2/catch.hpp>

#include "sim/sweep/SweepError.h"
#include "sim/sweep/SweepMetric.h"
#include "tests/TestSupport.h"

using replsim::ReportJson;
using replsim::SweepMetric;

TEST_CASE("sim::SweepMetric: reading values from a report by path", "[sweep]") {
  const ReportJson report = ReportJson::parse(R"({"converged": false, "convergence_ms": null, "writes": {"total": 4,
      "propagation_ms": {"p99": 12.5}}, "failovers": [{"lost_writes": ["a#1", "a#2"]}, {"lost_writes": ["b#1"]}],
      "none": []})");
  SECTION("a number, a bool (a proportion), an array's length") {
    CHECK(SweepMetric("writes.propagation_ms.p99").read(report)->number == 12.5);
    const auto c = SweepMetric("converged").read(report);
    CHECK(c->number == 0);
    CHECK(c->boolean);
    CHECK(SweepMetric("failovers.0.lost_writes").read(report)->number == 2);
  }
  SECTION("* sums over every element; an empty array sums to 0") {
    CHECK(SweepMetric("failovers.*.lost_writes").read(report)->number == 3);
    CHECK(SweepMetric("none.*.lost_writes").read(report)->number == 0);
  }
  SECTION("absent or null gives no value") {
    CHECK_FALSE(SweepMetric("convergence_ms").read(report));
    CHECK_FALSE(SweepMetric("writes.nothing").read(report));
    CHECK_FALSE(SweepMetric("nothing.*.x").read(report));
  }
  SECTION("parseList rejects empty, bad and repeated names") {
    CHECK(SweepMetric::parseList("converged,writes.total").size() == 2);
    CHECK_THROWS_AS(SweepMetric::parseList(""), replsim::SweepError);
    CHECK_THROWS_AS(SweepMetric::parseList("a..b"), replsim::SweepError);
    CHECK_THROWS_AS(SweepMetric::parseList("a,a"), replsim::SweepError);
  }
  SECTION("defaults follow the scenario's kind") {
    auto names = [](const std::vector<SweepMetric>& m) {
      std::vector<std::string> n;
      for (const auto& x : m) n.push_back(x.name());
      return n;
    };
    const auto plain = names(SweepMetric::defaultsFor(replsim::testing::loadScenario(
        R"({"replsim":1,"name":"t","topology":{"kind":"ring","leaders":["A","B"]},"writes":[]})")));
    CHECK(plain == std::vector<std::string>{"converged", "convergence_ms", "writes.propagation_ms.p99",
                                            "conflicts.detected", "conflicts.discarded_writes", "writes.failed"});
    const auto dc = names(SweepMetric::defaultsFor(replsim::testing::loadScenario(
        R"({"replsim":1,"name":"t","topology":{"kind":"all-to-all","failover_after_ms":10,
            "datacenters":[{"name":"eu","leader":"e1","followers":["e2"]},{"name":"us","leader":"u1"}]},"writes":[]})")));
    CHECK(dc.size() == 8);
    CHECK(dc[6] == "reads.stale");
    CHECK(dc[7] == "failovers.*.lost_writes");
  }
}
