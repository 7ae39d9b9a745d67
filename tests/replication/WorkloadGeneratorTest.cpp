// The collaborative-editing workload (workload.document): one edit stream,
// three key mappings, and what the mapping does to conflicts.
#include <catch2/catch.hpp>

#include "tests/TestSupport.h"

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/cli/RunCommand.h"
#include "sim/replication/WorkloadGenerator.h"
#include "sim/scenario/ScenarioLoader.h"
#include "sim/topology/Topology.h"

using namespace replsim;

namespace {

Scenario load(const std::string& json) { return testing::loadScenario(json); }

// Three editors, all-to-all over 50–100 ms links (edits within a round trip
// are concurrent), editing an 8 × 40 document at `granularity`, plus
// `extraWorkload` members (e.g. a read fraction or an op mix).
std::string editing(const std::string& granularity, const std::string& extraWorkload = "") {
  return R"({ "replsim": 1, "name": "t", "seed": 11,
    "topology": { "kind": "all-to-all", "leaders": ["alice", "bob", "carol"] },
    "links": { "default": { "latency_ms": { "dist": "uniform", "min": 50, "max": 100 } } },
    "replication": { "conflicts": { "resolve": "lww" } },
    "workload": { "leaders": "all", "rate_per_s": 10, "duration_ms": 10000, )" +
         extraWorkload + R"("document": { "paragraphs": 8, "chars_per_paragraph": 40, "granularity": ")" +
         granularity + R"(" } } })";
}

// The planned operations with their keys spelt out.
struct Plan {
  std::vector<PlannedOp> ops;
  std::vector<std::string> keyOf;  // ops[i]'s key name
};

Plan plan(const Scenario& sc, uint64_t seed) {
  const Topology topo = Topology::build(sc.topology, sc.links);
  Random rng(seed);
  std::map<std::string, KeyId> ids;
  std::vector<std::string> names;
  Plan p;
  p.ops = planClientOps(sc, topo, rng, [&](const std::string& k) {
    auto [it, inserted] = ids.emplace(k, static_cast<KeyId>(names.size()));
    if (inserted) names.push_back(k);
    return it->second;
  });
  for (const PlannedOp& op : p.ops) p.keyOf.push_back(names[op.key]);
  return p;
}

}  // namespace

TEST_CASE("replication::WorkloadGenerator: document unit keys", "[replication][workload][document]") {
  CHECK(documentUnitKey(DocumentGranularity::Document, 3, 17) == "doc");
  CHECK(documentUnitKey(DocumentGranularity::Paragraph, 3, 17) == "doc/p3");
  CHECK(documentUnitKey(DocumentGranularity::Character, 3, 17) == "doc/p3/c17");
  CHECK(documentUnitKey(DocumentGranularity::Character, 0, 0) == "doc/p0/c0");
}

TEST_CASE("replication::WorkloadGenerator: the three granularities replay one edit stream",
          "[replication][workload][document]") {
  // Reads and a mix of ops too: every draw must be independent of granularity.
  const std::string extra = R"("read_fraction": 0.2, "ops": { "set": 0.7, "insert": 0.1, "update": 0.1, "delete": 0.1 }, )";
  const Plan document = plan(load(editing("document", extra)), 11);
  const Plan paragraph = plan(load(editing("paragraph", extra)), 11);
  const Plan character = plan(load(editing("character", extra)), 11);
  REQUIRE(document.ops.size() > 250);  // 3 leaders × 10/s × 10 s ≈ 300
  REQUIRE(paragraph.ops.size() == document.ops.size());
  REQUIRE(character.ops.size() == document.ops.size());

  SECTION("same times, leaders, ops and values") {
    for (size_t i = 0; i < document.ops.size(); ++i) {
      INFO("op " << i);
      for (const Plan* other : {&paragraph, &character}) {
        REQUIRE(other->ops[i].at == document.ops[i].at);
        REQUIRE(other->ops[i].node == document.ops[i].node);
        REQUIRE(other->ops[i].op == document.ops[i].op);
        REQUIRE(other->ops[i].value == document.ops[i].value);
      }
    }
  }
  SECTION("keys: doc, its paragraph, the character inside that same paragraph") {
    std::set<std::string> paragraphs, characters;
    for (size_t i = 0; i < document.ops.size(); ++i) {
      INFO("op " << i << ": " << paragraph.keyOf[i] << " / " << character.keyOf[i]);
      REQUIRE(document.keyOf[i] == "doc");
      const std::string& p = paragraph.keyOf[i];
      const std::string& c = character.keyOf[i];
      REQUIRE(p.rfind("doc/p", 0) == 0);
      const int pi = std::stoi(p.substr(5));
      REQUIRE(pi >= 0);
      REQUIRE(pi < 8);
      REQUIRE(p == "doc/p" + std::to_string(pi));
      REQUIRE(c.rfind(p + "/c", 0) == 0);  // the character lies in the paragraph the other run edited
      const int ci = std::stoi(c.substr(p.size() + 2));
      REQUIRE(ci >= 0);
      REQUIRE(ci < 40);
      REQUIRE(c == documentUnitKey(DocumentGranularity::Character, pi, ci));
      paragraphs.insert(p);
      characters.insert(c);
    }
    CHECK(paragraphs.size() == 8);     // ~300 uniform draws over 8 paragraphs hit them all
    CHECK(characters.size() > 150);    // … and spread over the 320 characters
  }
  SECTION("another seed gives another stream") {
    const Plan other = plan(load(editing("character", extra)), 12);
    bool differs = other.ops.size() != character.ops.size();
    for (size_t i = 0; !differs && i < other.ops.size(); ++i)
      differs = other.ops[i].at != character.ops[i].at || other.keyOf[i] != character.keyOf[i];
    CHECK(differs);
  }
}

TEST_CASE("replication::Simulation: smaller units of change give fewer conflicts for the same edits",
          "[replication][simulation][document]") {
  std::map<std::string, ReportJson> report;
  for (const char* g : {"document", "paragraph", "character"})
    report[g] = runScenario(load(editing(g)), RunOptions{}, nullptr).report;
  auto detected = [&](const char* g) { return report[g]["conflicts"]["detected"].get<uint64_t>(); };
  auto discarded = [&](const char* g) { return report[g]["conflicts"]["discarded_total"].get<uint64_t>(); };
  for (const char* g : {"document", "paragraph", "character"}) {
    INFO(g);
    CHECK(report[g]["converged"] == true);
    CHECK(report[g]["writes"]["total"] == report["document"]["writes"]["total"]);
    CHECK(report[g]["messages"]["sent"] == report["document"]["messages"]["sent"]);
  }
  // One key: every pair of edits within a round trip of each other conflicts.
  CHECK(detected("document") > 2 * detected("paragraph"));
  CHECK(detected("paragraph") > 10 * detected("character"));
  CHECK(discarded("document") > discarded("paragraph"));
  CHECK(discarded("paragraph") > discarded("character"));
  CHECK(detected("document") >= 400);
  CHECK(detected("character") <= 5);
}

TEST_CASE("replication::WorkloadGenerator: never plans more than limits.max_ops", "[replication][workload][limits]") {
  Scenario sc = load(editing("document"));  // 3 editors × 10/s × 10 s: about 300 operations
  const size_t planned = plan(sc, 11).ops.size();
  REQUIRE(planned > 200);
  SECTION("at the limit, the plan is whole") {
    sc.limits.maxOps = planned;
    CHECK(plan(sc, 11).ops.size() == planned);
  }
  SECTION("below it (which the loader's estimate refuses first), generation stops with an error") {
    sc.limits.maxOps = 100;
    CHECK_THROWS_AS(plan(sc, 11), std::length_error);
  }
}
