// Random leaderless scenarios (every quorum size, fan-out, read repair,
// hinted handoff, sloppy quorums, tombstones, lww or siblings with dotted or
// per-vnode clocks, node or client coordinators, lossy and heavy-tailed
// links with per-kind latencies,
// crashes and partitions that heal): the engine's invariants hold after
// every event, the same seed gives the same report, and the report's
// quorum counts add up.
#include <catch2/catch.hpp>

#include "sim/core/Random.h"
#include "sim/run/ScenarioRun.h"
#include "tests/TestSupport.h"

using nlohmann::json;
using namespace replsim;

namespace {

json randomScenario(uint64_t seed) {
  Random rng(seed);
  const auto pick = [&](std::initializer_list<json> options) {
    std::vector<json> v(options);
    return v[rng.below(v.size())];
  };
  const int nodes = 3 + static_cast<int>(rng.below(4));
  json names = json::array();
  for (int i = 0; i < nodes; ++i) names.push_back("N" + std::to_string(i));
  const int n = 1 + static_cast<int>(rng.below(static_cast<uint64_t>(nodes)));
  json quorum = {{"n", n},
                 {"w", 1 + static_cast<int>(rng.below(static_cast<uint64_t>(n)))},
                 {"r", 1 + static_cast<int>(rng.below(static_cast<uint64_t>(n)))},
                 {"read_fanout", pick({"all", "r"})},
                 {"timeout_ms", pick({50, 200, 1000})},
                 {"coordinator", pick({"node", "client"})}};
  if (rng.bernoulli(0.5)) {
    quorum["hinted_handoff"] = true;
    quorum["sloppy"] = rng.bernoulli(0.5);
    quorum["hint_window_ms"] = pick({100, 5000});
  } else {
    quorum["hinted_handoff"] = false;  // the default is on: the other half keeps testing it off
  }
  json faults = json::array();
  const int crashes = static_cast<int>(rng.below(4));
  for (int i = 0; i < crashes; ++i) {
    const json node = names[rng.below(names.size())];
    const int at = static_cast<int>(rng.below(400));
    faults.push_back({{"at_ms", at}, {"crash", node}});
    faults.push_back({{"at_ms", at + 10 + static_cast<int>(rng.below(300))}, {"recover", node}});
  }
  if (rng.bernoulli(0.3)) {
    json rest = names;
    rest.erase(rest.begin());
    faults.push_back({{"at_ms", 100}, {"partition", json::array({json::array({names[0]}), rest})}});
    faults.push_back({{"at_ms", 300}, {"heal", true}});
  }
  const json latency = pick({5, json{{"dist", "exponential"}, {"mean", 5}},
                             json{{"dist", "mixture"},
                                  {"of", json::array({json{{"weight", 0.8}, {"dist", 3}},
                                                      json{{"weight", 0.2},
                                                           {"dist", {{"dist", "pareto"}, {"xm", 2}, {"alpha", 1.5}}}}})}}});
  json link = {{"latency_ms", latency}, {"loss", pick({0, 0.1})}};
  if (rng.bernoulli(0.3))  // per-kind latencies: slow acks, heavy-tailed answers, quick repairs
    link["by_kind"] = {{"ack", pick({1, 20})},
                       {"read_response", json{{"dist", "exponential"}, {"mean", 8}}},
                       {"repair", 1}};
  // lww (with tombstones purged after a grace) or siblings, whose
  // tombstones are never purged (gc_grace_ms is refused with them).
  const json resolve = pick({"lww", "siblings", "siblings"});
  json replication = {{"mode", "leaderless"},
                      {"quorum", quorum},
                      {"read_repair", pick({"off", "blocking", "async"})},
                      {"conflicts", {{"resolve", resolve}}}};
  if (resolve == "lww") replication["tombstones"] = {{"gc_grace_ms", pick({50, 500, 100000})}};
  else replication["conflicts"]["clock"] = pick({"dotted", "vnode"});
  return {{"replsim", 1},
          {"name", "random"},
          {"seed", seed},
          {"topology", {{"kind", "all-to-all"}, {"leaders", names}}},
          {"links", {{"default", link}}},
          {"replication", replication},
          {"workload",
           {{"leaders", names},
            {"rate_per_s", pick({20, 100})},
            {"duration_ms", 500},
            {"keys", 1 + static_cast<int>(rng.below(6))},
            {"read_fraction", 0.3},
            {"ops", {{"set", 1}, {"delete", pick({0, 0.2})}}}}},
          {"faults", faults}};
}

}  // namespace

TEST_CASE("replication::LeaderlessProtocol: random scenarios keep every invariant and add up") {
  RunOptions options;
  options.checkInvariants = "each";
  options.renderText = false;
  // Over all seeds, what was exercised (the generator must reach each feature).
  uint64_t committed = 0, failed = 0, stale = 0, hints = 0, repairs = 0, purged = 0, readsFailed = 0;
  uint64_t clientRuns = 0, byKindRuns = 0;
  uint64_t dottedRuns = 0, vnodeRuns = 0, dottedSiblings = 0, vnodeMaxSiblings = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    const std::string text = randomScenario(seed).dump();
    INFO("seed " << seed << ": " << text);
    const Scenario scenario = testing::loadScenario(text);
    const RunResult a = runScenario(scenario, options, nullptr);
    const RunResult b = runScenario(scenario, options, nullptr);
    REQUIRE(a.exitStatus == 0);
    CHECK(a.report.dump() == b.report.dump());
    const ReportJson& r = a.report;
    CHECK(r["invariants"]["violation_count"] == 0);
    // Every operation's timer fires, so at the end each write is committed
    // or failed, and each read answered or failed.
    const auto u = [](const ReportJson& v) { return v.get<uint64_t>(); };
    CHECK(u(r["quorum"]["writes_committed"]) + u(r["quorum"]["writes_failed"]) ==
          u(r["writes"]["total"]) - u(r["writes"]["failed"]));
    CHECK(u(r["quorum"]["writes_committed"]) == u(r["writes"]["committed"]));
    CHECK(u(r["quorum"]["partial_writes"]) <= u(r["quorum"]["writes_failed"]));
    CHECK(u(r["quorum"]["reads_answered"]) == r["reads"]["log"].size());
    CHECK(u(r["reads"]["stale"]) <= u(r["quorum"]["reads_answered"]));
    CHECK(u(r["reads"]["stale_versions"]) >= u(r["reads"]["stale"]));
    CHECK(u(r["hints"]["stored"]) ==
          u(r["hints"]["delivered"]) + u(r["hints"]["expired"]) + u(r["hints"]["held_at_end"]));
    CHECK(u(r["hints"]["held_at_end"]) == 0);  // every owner came back within the window or it expired
    CHECK(u(r["messages"]["pending_at_end"]) == 0);
    if (r["topology"].contains("sibling_clock")) {
      // Dotted: each session (node, key) writes with a context that covers
      // its own previous write, so at most one sibling per session survives:
      // a read returns at most as many values as there are nodes.
      const uint64_t most = u(r["reads"]["max_siblings"]);
      if (r["topology"]["sibling_clock"] == "dotted") {
        CHECK(most <= r["topology"]["nodes"].size());
        ++dottedRuns;
        dottedSiblings += u(r["reads"]["siblings_returned"]);
      } else {
        ++vnodeRuns;
        vnodeMaxSiblings = std::max(vnodeMaxSiblings, most);
      }
    }
    if (r["quorum"].contains("coordinator")) ++clientRuns;  // only printed for "client"
    if (text.find("by_kind") != std::string::npos) ++byKindRuns;
    committed += u(r["quorum"]["writes_committed"]);
    failed += u(r["quorum"]["writes_failed"]);
    readsFailed += u(r["quorum"]["reads_failed"]);
    stale += u(r["reads"]["stale"]);
    hints += u(r["hints"]["stored"]);
    repairs += u(r["read_repairs"]);
    purged += u(r["tombstones_purged"]);
  }
  INFO("committed " << committed << ", failed " << failed << ", reads failed " << readsFailed << ", stale " << stale
                    << ", hints " << hints << ", repairs " << repairs << ", tombstones purged " << purged);
  CHECK(committed > 1000);
  CHECK(failed > 0);
  CHECK(readsFailed > 0);
  CHECK(stale > 0);
  CHECK(hints > 0);
  CHECK(repairs > 0);
  CHECK(purged > 0);
  INFO("client-coordinated runs " << clientRuns << ", runs with by_kind " << byKindRuns);
  CHECK(clientRuns > 0);
  CHECK(clientRuns < 40);
  CHECK(byKindRuns > 0);
  INFO("dotted runs " << dottedRuns << " (" << dottedSiblings << " reads with siblings), vnode runs " << vnodeRuns
                      << " (at most " << vnodeMaxSiblings << " values in one read)");
  CHECK(dottedRuns > 0);
  CHECK(dottedSiblings > 0);
  CHECK(vnodeRuns > 0);
  CHECK(vnodeMaxSiblings > 6);  // beyond the nodes: the explosion happens in random runs too
}
