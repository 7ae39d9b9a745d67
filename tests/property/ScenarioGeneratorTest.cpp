#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "tests/property/ScenarioGenerator.h"

namespace replsim::testing {

namespace {

using ojson = nlohmann::ordered_json;

std::string scratchDir() { return (std::filesystem::temp_directory_path() / "replsim-generator-test").string(); }

// What a generated scenario uses, as "area:value" words.
std::set<std::string> featuresOf(const ojson& s) {
  std::set<std::string> f;
  const ojson& t = s["topology"];
  f.insert("kind:" + t["kind"].get<std::string>());
  if (t.contains("datacenters")) {
    f.insert("datacenters");
    for (const auto& dc : t["datacenters"])
      if (dc.contains("followers")) f.insert("followers");
  }
  const ojson r = s.value("replication", ojson::object());
  const ojson c = r.value("conflicts", ojson::object());
  f.insert("resolve:" + c.value("resolve", std::string("lww")));
  f.insert("detect:" + c.value("detect", std::string("async")));
  f.insert("ordering:" + r.value("ordering", std::string("none")));
  if (r.contains("auto_reconfigure")) f.insert("auto_reconfigure");
  const ojson links = s.value("links", ojson::object());
  const ojson latency = links.value("default", ojson::object()).value("latency_ms", ojson(10));
  f.insert("latency:" + (latency.is_number() ? std::string("fixed") : latency["dist"].get<std::string>()));
  if (links.value("default", ojson::object()).contains("loss")) f.insert("loss");
  for (const auto& fault : s.value("faults", ojson::array()))
    for (const auto& [k, v] : fault.items())
      if (k != "at_ms" && k != "both") f.insert("fault:" + k);
  for (const auto& w : s.value("writes", ojson::array())) f.insert("op:" + w.value("op", std::string("set")));
  if (s.contains("workload")) f.insert("workload");
  return f;
}

}  // namespace

TEST_CASE("sim::ScenarioGenerator: random valid scenarios, reproducible from a seed", "[property]") {
  SECTION("the same seed gives the same scenario, another seed another") {
    for (uint64_t seed : {1, 17, 99}) {
      const ScenarioCase a = ScenarioGenerator::generate(seed), b = ScenarioGenerator::generate(seed);
      CHECK(a.scenario.dump() == b.scenario.dump());
      CHECK(a.dot == b.dot);
      CHECK(a.scenario.dump() != ScenarioGenerator::generate(seed + 1).scenario.dump());
    }
  }

  SECTION("every scenario loads, and none has until_ms") {
    for (uint64_t seed = 1; seed <= 300; ++seed) {
      const ScenarioCase c = ScenarioGenerator::generate(seed);
      const LoadResult r = c.load(scratchDir());
      std::string errors;
      for (const auto& e : r.errors) errors += e.render() + "\n";
      INFO("seed " << seed << "\n" << c.scenario.dump(2) << "\n" << errors);
      REQUIRE(r.ok());
      CHECK_FALSE(c.scenario.contains("until_ms"));
      const size_t leaders = r.scenario->topology.leaders.size();
      CHECK(leaders >= 3);
      CHECK(leaders <= 8);
    }
  }

  SECTION("over 300 seeds every kind, resolver, fault, ordering, detection, latency form and datacenters appear") {
    std::map<std::string, int> seen;
    for (uint64_t seed = 1; seed <= 300; ++seed)
      for (const std::string& f : featuresOf(ScenarioGenerator::generate(seed).scenario)) ++seen[f];
    for (const char* f :
         {"kind:all-to-all", "kind:ring", "kind:bidirectional-ring", "kind:star", "kind:line", "kind:tree",
          "kind:custom", "kind:file", "datacenters", "followers", "resolve:lww", "resolve:merge", "resolve:siblings",
          "resolve:replica-priority", "resolve:first-update-wins", "detect:async", "detect:sync", "ordering:none",
          "ordering:causal", "auto_reconfigure", "latency:fixed", "latency:uniform", "latency:normal",
          "latency:lognormal", "latency:exponential", "loss", "fault:crash", "fault:recover", "fault:offline",
          "fault:online", "fault:link_down", "fault:link_up", "fault:partition", "fault:heal",
          "fault:crash_datacenter", "fault:recover_datacenter", "op:set", "op:insert", "op:update", "op:delete",
          "op:incr", "op:read", "workload"}) {
      INFO(f);
      CHECK(seen[f] > 0);
    }
  }

  SECTION("faults come in adjacent pairs that heal, on the same target, later") {
    const std::map<std::string, std::string> healOf = {{"crash", "recover"},
                                                       {"offline", "online"},
                                                       {"link_down", "link_up"},
                                                       {"partition", "heal"},
                                                       {"crash_datacenter", "recover_datacenter"}};
    int pairs = 0;
    for (uint64_t seed = 1; seed <= 300; ++seed) {
      const ojson faults = ScenarioGenerator::generate(seed).scenario.value("faults", ojson::array());
      REQUIRE(faults.size() % 2 == 0);
      for (size_t i = 0; i < faults.size(); i += 2, ++pairs) {
        const ojson &down = faults[i], &up = faults[i + 1];
        INFO("seed " << seed << ": " << down.dump() << " then " << up.dump());
        std::string kind;
        for (const auto& [k, v] : healOf)
          if (down.contains(k)) kind = k;
        REQUIRE_FALSE(kind.empty());
        REQUIRE(up.contains(healOf.at(kind)));
        CHECK(up["at_ms"].get<double>() > down["at_ms"].get<double>());
        if (kind != "partition") CHECK(up[healOf.at(kind)] == down[kind]);
      }
    }
    CHECK(pairs > 300);
  }

  SECTION("ordering none never generates update or delete; merge never mixes incr and text on a key") {
    for (uint64_t seed = 1; seed <= 300; ++seed) {
      const ojson s = ScenarioGenerator::generate(seed).scenario;
      const ojson r = s.value("replication", ojson::object());
      const bool causal = r.value("ordering", std::string()) == "causal";
      const bool merge = r.value("conflicts", ojson::object()).value("resolve", std::string()) == "merge";
      std::map<std::string, std::set<bool>> incrByKey;
      for (const auto& w : s.value("writes", ojson::array())) {
        const std::string op = w.value("op", std::string("set"));
        INFO("seed " << seed << ": " << w.dump());
        if (!causal) CHECK((op != "update" && op != "delete"));
        if (op != "read") incrByKey[w["key"].get<std::string>()].insert(op == "incr");
      }
      if (merge)
        for (const auto& [key, kinds] : incrByKey) CHECK(kinds.size() == 1);
      if (s.contains("workload")) {
        const ojson ops = s["workload"]["ops"];
        if (!causal) CHECK_FALSE((ops.contains("update") || ops.contains("delete")));
        if (merge && ops.contains("incr")) CHECK(ops.size() == 1);
      }
    }
  }
}

}  // namespace replsim::testing
