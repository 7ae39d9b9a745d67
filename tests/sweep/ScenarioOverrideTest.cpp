#include <catch2/catch.hpp>

#include "sim/sweep/ScenarioOverride.h"
#include "sim/sweep/SweepError.h"

using replsim::ScenarioOverride;
using replsim::SweepError;
using json = nlohmann::json;

TEST_CASE("sim::ScenarioOverride: parse and apply by dotted path", "[sweep]") {
  json doc = json::parse(R"({"links":{"default":{"latency_ms":10}},"writes":[{"at_ms":0},{"at_ms":5}],
                             "topology":{"kind":"ring","leaders":["a.b","c"]},"weird":{"a.b":{"x":1}}})");
  SECTION("a value as JSON when it parses, a plain string otherwise") {
    CHECK(ScenarioOverride::parse("links.default.loss=0.05").value() == json(0.05));
    CHECK(ScenarioOverride::parse("replication.conflicts.resolve=lww").value() == json("lww"));
    CHECK(ScenarioOverride::parse("x=true").value() == json(true));
    CHECK(ScenarioOverride::parse("x=\"1\"").value() == json("1"));
    CHECK(ScenarioOverride::parse("x={\"dist\":\"uniform\",\"min\":1,\"max\":5}").value()["dist"] == "uniform");
    CHECK(ScenarioOverride::parse("x=a=b").value() == json("a=b"));  // the value is everything after the first '='
  }
  SECTION("text() gives back what --set takes") {
    CHECK(ScenarioOverride::parse("a.b=lww").text() == "a.b=lww");
    CHECK(ScenarioOverride::parse("a.b=\"1\"").text() == "a.b=\"1\"");
    CHECK(ScenarioOverride::parse("a.b=0.05").text() == "a.b=0.05");
  }
  SECTION("an existing member is replaced, a missing one created") {
    REQUIRE(ScenarioOverride::parse("links.default.latency_ms=20").applyTo(doc).ok());
    REQUIRE(ScenarioOverride::parse("links.default.loss=0.1").applyTo(doc).ok());
    REQUIRE(ScenarioOverride::parse("replication.conflicts.resolve=merge").applyTo(doc).ok());
    CHECK(doc["links"]["default"] == json::parse(R"({"latency_ms":20,"loss":0.1})"));
    CHECK(doc["replication"]["conflicts"]["resolve"] == "merge");
  }
  SECTION("a numeric segment indexes an array; out of range is an error") {
    REQUIRE(ScenarioOverride::parse("writes.1.at_ms=7").applyTo(doc).ok());
    CHECK(doc["writes"][1]["at_ms"] == 7);
    const replsim::Status outOfRange = ScenarioOverride::parse("writes.2.at_ms=7").applyTo(doc);
    CHECK_FALSE(outOfRange.ok());
    CHECK(outOfRange.message() == "writes.2: the array writes has 2 elements");
    const replsim::Status notIndex = ScenarioOverride::parse("writes.x=7").applyTo(doc);
    CHECK_FALSE(notIndex.ok());
    CHECK(notIndex.message() == "writes is an array: expected an index, found \"x\"");
    const replsim::Status throughNumber = ScenarioOverride::parse("writes.0.at_ms.9=1").applyTo(doc);
    CHECK(throughNumber.message() == "writes.0.at_ms is a number, not an object: cannot set writes.0.at_ms.9");
  }
  SECTION("a member name with a dot wins over creating nested members") {
    REQUIRE(ScenarioOverride::parse("weird.a.b.x=2").applyTo(doc).ok());
    CHECK(doc["weird"]["a.b"]["x"] == 2);
    CHECK_FALSE(doc["weird"].contains("a"));
  }
  SECTION("through a value that is not an object is an error") {
    const replsim::Status through = ScenarioOverride::parse("topology.kind.x=1").applyTo(doc);
    CHECK_FALSE(through.ok());
    CHECK(through.message() == "topology.kind is a string, not an object: cannot set topology.kind.x");
  }
  SECTION("bad assignments are SweepErrors") {
    CHECK_THROWS_AS(ScenarioOverride::parse("no-equals"), SweepError);
    CHECK_THROWS_AS(ScenarioOverride::parse("=1"), SweepError);
    CHECK_THROWS_AS(ScenarioOverride::parse("a..b=1"), SweepError);
    CHECK_THROWS_AS(ScenarioOverride::parse("a.=1"), SweepError);
  }
}

TEST_CASE("sim::ScenarioOverride: loadScenarioWithOverrides validates the overridden document", "[sweep]") {
  const std::string file = std::string(REPLSIM_SOURCE_DIR) + "/scenarios/conflict-lww.json";
  SECTION("a good override changes the scenario") {
    auto r = replsim::loadScenarioWithOverrides(file, {ScenarioOverride::parse("replication.conflicts.resolve=merge")});
    REQUIRE(r.ok());
    CHECK(r.scenario->replication.conflicts.resolve == "merge");
  }
  SECTION("a bad value is reported at its JSON path, naming the --set") {
    auto r = replsim::loadScenarioWithOverrides(file, {ScenarioOverride::parse("links.default.loss=2")});
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].jsonPath == "/links/default/loss");
    CHECK(r.errors[0].message.find("--set links.default.loss=2") != std::string::npos);
  }
  SECTION("an override that cannot apply is an error at its path") {
    auto r = replsim::loadScenarioWithOverrides(file, {ScenarioOverride::parse("writes.9.at_ms=1")});
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].jsonPath == "/writes/9/at_ms");
  }
  SECTION("a missing file is the loader's error") {
    auto r = replsim::loadScenarioWithOverrides("/nonexistent/x.json", {ScenarioOverride::parse("a=1")});
    CHECK_FALSE(r.ok());
  }
}
