#include "sim/model/ResourceEstimate.h"

#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "sim/scenario/ScenarioLoader.h"
#include "tests/TestSupport.h"

using namespace replsim;
using nlohmann::json;

namespace {

// A scenario from `doc`, loaded with limits high enough that the loader's
// own refusal does not stop it (the estimate is what these tests look at).
Scenario unlimited(json doc) {
  doc["replsim"] = 1;
  doc["name"] = "t";
  doc["limits"]["max_memory_mb"] = 1 << 30;
  doc["limits"]["max_ops"] = 1'000'000'000;
  return replsim::testing::loadScenario(doc.dump());
}

json writesTo(std::initializer_list<const char*> keys, const char* leader = "A") {
  json writes = json::array();
  int at = 0;
  for (const char* k : keys) writes.push_back({{"at_ms", at++ * 10}, {"leader", leader}, {"key", k}, {"value", "v"}});
  return writes;
}

std::string rendered(const ScenarioErrors& errors) {
  std::string out;
  for (const auto& e : errors) out += e.render() + "\n";
  return out;
}

}  // namespace

TEST_CASE("scenario::ResourceEstimate: counts nodes, links, operations, keys and messages", "[limits]") {
  SECTION("all-to-all: N(N-1) links, a write goes on its origin's out-links (no forwarding)") {
    const ResourceEstimate e(unlimited({{"topology", {{"kind", "all-to-all"}, {"leaders", {"A", "B", "C"}}}},
                                        {"writes", writesTo({"x", "y", "x"})}}));
    CHECK(e.nodes() == 3);
    CHECK(e.links() == 6);
    CHECK(e.operations() == 3);
    CHECK(e.writes() == 3);
    CHECK(e.keys() == 2);       // x and y
    CHECK(e.messages() == 6);   // 3 writes × 2 out-links
  }
  SECTION("ring: N links, and with forwarding every write crosses all of them") {
    const ResourceEstimate e(unlimited({{"topology", {{"kind", "ring"}, {"leaders", {{"count", 5}}}}},
                                        {"writes", writesTo({"x", "y"}, "L1")}}));
    CHECK(e.nodes() == 5);
    CHECK(e.links() == 5);
    CHECK(e.messages() == 10);  // 2 writes × 5 links
  }
  SECTION("star, line, tree: 2(N-1) links; single-leader N-1") {
    for (const auto& [kind, extra] : {std::pair{"star", json{{"hub", "L1"}}}, std::pair{"line", json::object()},
                                      std::pair{"tree", json{{"fanout", 2}}}}) {
      json topology = {{"kind", kind}, {"leaders", {{"count", 7}}}};
      topology.update(extra);
      INFO(kind);
      CHECK(ResourceEstimate(unlimited({{"topology", topology}})).links() == 12);
    }
    CHECK(ResourceEstimate(unlimited({{"topology", {{"kind", "single-leader"}, {"leaders", {{"count", 7}}},
                                                    {"leader", "L1"}}}}))
              .links() == 6);
  }
  SECTION("custom: its edges, two for a \"both\" edge") {
    const ResourceEstimate e(unlimited(
        {{"topology", {{"kind", "custom"}, {"edges", {{"A", "B"}, {"B", "C", {{"both", true}}}}}}}}));
    CHECK(e.nodes() == 3);
    CHECK(e.links() == 3);
  }
  SECTION("datacenters: followers are nodes, each with the link from its leader") {
    const ResourceEstimate e(unlimited(
        {{"topology", {{"kind", "all-to-all"},
                       {"datacenters", {{{"name", "eu"}, {"leader", "A"}, {"followers", {"a2", "a3"}}},
                                        {{"name", "us"}, {"leader", "B"}, {"followers", json::array({"b2"})}}}}}}}));
    CHECK(e.nodes() == 5);
    CHECK(e.links() == 2 + 3);
  }
  SECTION("a workload: an upper bound of each leader's Poisson count, mean + 6 standard deviations + 1") {
    // 2 leaders × 100/s × 1 s: mean 100 each, bound 100 + 6·10 + 1 = 161.
    const ResourceEstimate e(unlimited({{"topology", {{"kind", "all-to-all"}, {"leaders", {"A", "B", "C"}}}},
                                        {"workload", {{"leaders", {"A", "B"}}, {"rate_per_s", 100},
                                                      {"duration_ms", 1000}, {"keys", 40},
                                                      {"read_fraction", 0.5}}},
                                        {"writes", writesTo({"x"})}}));
    CHECK(e.generatedOperations() == 322);
    CHECK(e.operations() == 323);
    // Writes: half of 322, + 6·√322 (107.67) + 1, and the explicit one: ceil(1 + 269.67).
    CHECK(e.writes() == 271);
    CHECK(e.keys() == 41);  // k1..k40 and x
  }
  SECTION("a document workload: its units, never more than the operations") {
    json doc = {{"topology", {{"kind", "all-to-all"}, {"leaders", {"A", "B"}}}},
                {"workload", {{"rate_per_s", 1}, {"duration_ms", 1000},
                              {"document", {{"paragraphs", 10}, {"chars_per_paragraph", 100}}}}}};
    doc["workload"]["document"]["granularity"] = "paragraph";
    CHECK(ResourceEstimate(unlimited(doc)).keys() == 10);
    doc["workload"]["document"]["granularity"] = "character";  // 1000 units, but only 2 × 8 operations
    CHECK(ResourceEstimate(unlimited(doc)).keys() == 16);
  }
}

TEST_CASE("scenario::ResourceEstimate: bytes, pinned against a hand computation", "[limits]") {
  // A: 3 leaders all-to-all, 2 writes (x at 0 ms, y at 10 ms), links 10 ms.
  const ResourceEstimate e(unlimited({{"topology", {{"kind", "all-to-all"}, {"leaders", {"A", "B", "C"}}}},
                                      {"writes", writesTo({"x", "y"})}}));
  REQUIRE(e.messages() == 4);
  // In flight (Little's law): the 10 ms latency is not shorter than the 10 ms
  // span of the writes, so all 4 messages may be in flight at once.
  CHECK(e.messagesInFlight() == 4);
  // Nodes and links: 16 MiB fixed + 3 nodes × 2048 + 6 links × 80 (nothing per pair of nodes).
  CHECK(e.nodeBytes() == 16 * 1024 * 1024 + 3 * 2048 + 6 * 80);
  CHECK(e.nodeBytes() == 16'783'840);
  // Keys: 2 keys × (128 + 3 nodes × 48) + the report's 3 nodes × 2 written keys × 400.
  CHECK(e.keyBytes() == 2 * (128 + 3 * 48) + 3 * 2 * 400);
  CHECK(e.keyBytes() == 2'944);
  // Operations: 2 × 160 + writes 2 × 192 + applies 2 × 3 nodes × 40 + 4 messages × 128.
  CHECK(e.operationBytes() == 2 * 160 + 2 * 192 + 2 * 3 * 40 + 4 * 128);
  CHECK(e.operationBytes() == 1'456);
  CHECK(e.bytes() == 16'788'240);

  SECTION("a longer span leaves fewer messages in flight at once") {
    // 2 writes 1000 ms apart: 4 × 10 / 1000 + 2 (one write's fan-out) = 2.04, rounded up.
    json writes = writesTo({"x", "y"});
    writes[1]["at_ms"] = 1000;
    const ResourceEstimate spread(unlimited({{"topology", {{"kind", "all-to-all"}, {"leaders", {"A", "B", "C"}}}},
                                             {"writes", writes}}));
    CHECK(spread.messagesInFlight() == 3);
  }
  SECTION("a fault never undone lets every message wait at once") {
    json writes = writesTo({"x", "y"});
    writes[1]["at_ms"] = 1000;
    const ResourceEstimate crashed(unlimited({{"topology", {{"kind", "all-to-all"}, {"leaders", {"A", "B", "C"}}}},
                                              {"writes", writes},
                                              {"faults", {{{"at_ms", 5}, {"crash", "C"}}}}}));
    CHECK(crashed.messagesInFlight() == 4);
  }
}

TEST_CASE("scenario::ResourceEstimate: refusals name the JSON path that dominates and the limit to raise", "[limits]") {
  SECTION("within the limits: nothing to refuse") {
    const Scenario s = replsim::testing::loadScenario(
        R"({"replsim": 1, "name": "t", "topology": {"kind": "all-to-all", "leaders": {"count": 64}}})");
    CHECK(ResourceEstimate(s).refusals().empty());
  }
  SECTION("operations over max_ops: at /workload/rate_per_s, with the arithmetic") {
    Scenario s = unlimited({{"topology", {{"kind", "all-to-all"}, {"leaders", {"A", "B", "C"}}}},
                            {"workload", {{"rate_per_s", 1e7}, {"duration_ms", 1000}}}});
    s.limits.maxOps = 10'000'000;
    s.limits.maxMemoryMb = 4096;
    const ScenarioErrors errors = ResourceEstimate(s).refusals();
    INFO(rendered(errors));
    REQUIRE(errors.size() == 2);  // operations, and memory
    CHECK(errors[0].jsonPath == "/workload/rate_per_s");
    CHECK(errors[0].message ==
          "this scenario would generate about 30,056,924 operations (3 leaders × 1e+07 per second × 1 s), more than "
          "limits.max_ops (10,000,000); make it smaller, or raise limits.max_ops (/limits/max_ops) to run it");
  }
  SECTION("memory over max_memory_mb: the nodes, at the path that gave their number") {
    // (a ring of 100,000 leaders fits since replicas keep no per-node vectors over all nodes; all-to-all's
    // links do not)
    Scenario s = unlimited({{"topology", {{"kind", "all-to-all"}, {"leaders", {{"count", 100000}}}}}});
    s.limits.maxMemoryMb = 4096;
    const ScenarioErrors errors = ResourceEstimate(s).refusals();
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].jsonPath == "/topology/leaders/count");
    CHECK_THAT(errors[0].message, Catch::StartsWith("this scenario would need about "));
    CHECK_THAT(errors[0].message, Catch::Contains("(100,000 nodes and 9,999,900,000 links: "));
    CHECK_THAT(errors[0].message, Catch::EndsWith(
        "more than limits.max_memory_mb (4,096 MB); make it smaller, or raise limits.max_memory_mb "
        "(/limits/max_memory_mb) to run it"));
  }
  SECTION("memory dominated by keys: at /workload/keys") {
    Scenario s = unlimited({{"topology", {{"kind", "all-to-all"}, {"leaders", {"A", "B", "C"}}}},
                            {"workload", {{"rate_per_s", 1}, {"keys", 100'000'000}}}});
    s.limits.maxMemoryMb = 4096;
    const ScenarioErrors errors = ResourceEstimate(s).refusals();
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].jsonPath == "/workload/keys");
  }
  SECTION("memory dominated by the workload: at /workload/rate_per_s") {
    Scenario s = unlimited({{"topology", {{"kind", "all-to-all"}, {"leaders", {{"count", 1000}}}}},
                            {"workload", {{"rate_per_s", 100}, {"duration_ms", 1000}, {"keys", 10}}}});
    s.limits.maxMemoryMb = 4096;
    const ScenarioErrors errors = ResourceEstimate(s).refusals();
    INFO(rendered(errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].jsonPath == "/workload/rate_per_s");
  }
  SECTION("raising the limit is what lets it run") {
    Scenario s = unlimited({{"topology", {{"kind", "all-to-all"}, {"leaders", {"A", "B"}}}},
                            {"writes", writesTo({"a", "b", "c"})}});
    s.limits.maxOps = 2;
    CHECK(ResourceEstimate(s).refusals().size() == 1);
    s.limits.maxOps = 3;
    CHECK(ResourceEstimate(s).refusals().empty());
    const uint64_t mb = ResourceEstimate(s).bytes() / (1024 * 1024);
    s.limits.maxMemoryMb = mb;  // just below the estimate
    CHECK(ResourceEstimate(s).refusals().size() == 1);
    s.limits.maxMemoryMb = mb + 1;
    CHECK(ResourceEstimate(s).refusals().empty());
  }
}

TEST_CASE("scenario::ResourceEstimate: formatBytes", "[limits]") {
  CHECK(ResourceEstimate::formatBytes(0) == "0 bytes");
  CHECK(ResourceEstimate::formatBytes(1023) == "1023 bytes");
  CHECK(ResourceEstimate::formatBytes(1024) == "1.0 KB");
  CHECK(ResourceEstimate::formatBytes(1536) == "1.5 KB");
  CHECK(ResourceEstimate::formatBytes(320ull << 20) == "320 MB");
  CHECK(ResourceEstimate::formatBytes(9986ull << 20) == "9.8 GB");
  CHECK(ResourceEstimate::formatBytes(UINT64_MAX) == "16 EB");
}
