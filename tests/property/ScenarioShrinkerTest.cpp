#include <catch2/catch.hpp>

#include <string>

#include "tests/property/ScenarioShrinker.h"

namespace replsim::testing {

namespace {

using ojson = nlohmann::ordered_json;

const char* const kBig = R"({
  "replsim": 1, "name": "big", "seed": 5,
  "topology": {"kind": "ring", "leaders": ["A", "B", "C", "D"]},
  "links": {"default": {"latency_ms": {"dist": "uniform", "min": 5, "max": 20}, "loss": 0.1, "fifo": false},
            "overrides": [{"from": "C", "to": "D", "latency_ms": 40}]},
  "replication": {"loop_prevention": "seen", "ordering": "causal", "auto_reconfigure": {"after_ms": 50},
                  "conflicts": {"resolve": "replica-priority", "priority": ["C", "A"], "detect": "sync"}},
  "writes": [
    {"at_ms": 0, "leader": "A", "key": "x1", "value": "1"},
    {"at_ms": 5, "leader": "B", "key": "x3", "value": "2"},
    {"at_ms": 9, "leader": "C", "key": "x2", "value": "3"},
    {"at_ms": 12, "leader": "D", "key": "x4", "value": "4"}
  ],
  "workload": {"leaders": ["A", "C"], "rate_per_s": 40, "duration_ms": 300, "keys": 4,
               "key_distribution": "zipf", "zipf_s": 1.2, "ops": {"set": 2, "incr": 1}},
  "faults": [
    {"at_ms": 10, "crash": "B"}, {"at_ms": 90, "recover": "B"},
    {"at_ms": 20, "link_down": ["C", "D"]}, {"at_ms": 80, "link_up": ["C", "D"]},
    {"at_ms": 30, "partition": [["A"], ["C", "D"]]}, {"at_ms": 70, "heal": true}
  ]
})";

// The fake failure: B's write of x3 and B's crash, in a scenario of at least
// two leaders.
bool fails(const ScenarioCase& c) {
  const ojson& s = c.scenario;
  if (s["topology"]["leaders"].size() < 2) return false;
  bool write = false, crash = false;
  for (const auto& w : s.value("writes", ojson::array())) write = write || w["key"] == "x3";
  for (const auto& f : s.value("faults", ojson::array())) crash = crash || f.value("crash", std::string()) == "B";
  return write && crash;
}

}  // namespace

TEST_CASE("sim::ScenarioShrinker: greedy shrinking keeps the failure", "[property]") {
  ScenarioCase big;
  big.scenario = ojson::parse(kBig);

  SECTION("a fake failure shrinks to its minimum") {
    REQUIRE(fails(big));
    const ScenarioCase small = ScenarioShrinker::shrink(big, fails);
    const ojson expected = ojson::parse(R"({
      "replsim": 1, "name": "big", "seed": 5,
      "topology": {"kind": "all-to-all", "leaders": ["B", "D"]},
      "links": {"default": {"latency_ms": 10}},
      "replication": {"ordering": "causal", "conflicts": {"resolve": "replica-priority"}},
      "writes": [{"at_ms": 5, "leader": "B", "key": "x3", "value": "2"}],
      "faults": [{"at_ms": 10, "crash": "B"}, {"at_ms": 90, "recover": "B"}]
    })");
    CHECK(small.scenario.dump(2) == expected.dump(2));
  }
  SECTION("removing a leader takes what names it along") {
    bool found = false;
    for (const ScenarioCase& c : ScenarioShrinker::candidates(big)) {
      const ojson& s = c.scenario;
      if (s["topology"]["leaders"] != ojson::array({"A", "B", "D"})) continue;
      found = true;
      CHECK(s["writes"].size() == 3);
      CHECK_FALSE((s.contains("links") && s["links"].contains("overrides")));
      CHECK(s["faults"].size() == 4);  // the link C-D pair is gone; the partition keeps [A], [D]
      CHECK(s["faults"][2]["partition"] == ojson::parse(R"([["A"], ["D"]])"));
      CHECK(s["replication"]["conflicts"]["priority"] == ojson::array({"A"}));
      CHECK(s["workload"]["leaders"] == ojson::array({"A"}));
    }
    CHECK(found);
  }
  SECTION("a DOT topology can become the same custom one") {
    ScenarioCase dot;
    dot.scenario = ojson::parse(R"({"replsim": 1, "name": "d", "topology": {"kind": "file", "path": "g.dot"}})");
    dot.dotFile = "g.dot";
    dot.dot = "digraph g { A -> B [both=true]; }\n";
    dot.customTopology = ojson::parse(R"({"kind": "custom", "edges": [["A", "B", {"both": true}]]})");
    const auto candidates = ScenarioShrinker::candidates(dot);
    REQUIRE_FALSE(candidates.empty());
    CHECK(candidates[0].scenario["topology"] == dot.customTopology);
    CHECK(candidates[0].dot.empty());
  }
  SECTION("the budget bounds the predicate calls; nothing that passes is kept") {
    int calls = 0;
    const ScenarioCase same = ScenarioShrinker::shrink(big, [&](const ScenarioCase&) { return ++calls, false; }, 7);
    CHECK(calls == 7);
    CHECK(same.scenario == big.scenario);
  }
}

}  // namespace replsim::testing
