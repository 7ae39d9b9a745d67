#include <catch2/catch.hpp>

#include "tests/TestSupport.h"

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "sim/cli/RunCommand.h"
#include "sim/replication/Simulation.h"
#include "sim/replication/WorkloadGenerator.h"
#include "sim/report/JsonReport.h"
#include "sim/metrics/RunStats.h"
#include "sim/scenario/ScenarioLoader.h"

using namespace replsim;

namespace {

Scenario load(const std::string& json) { return testing::loadScenario(json); }

struct Ran {
  int status = 0;
  ReportJson report;
  const ReportJson& operator[](const char* k) const { return report[k]; }
  const ReportJson& msg(const char* k) const { return report["messages"][k]; }
  const ReportJson& dropped(const char* k) const { return report["messages"]["dropped"][k]; }
  std::vector<std::string> keys(const char* leader, const char* key) const {
    const auto& ks = report["leaders"][leader]["keys"];
    if (!ks.contains(key)) return {};
    return ks[key].get<std::vector<std::string>>();
  }
};

Ran run(const std::string& json, RunOptions options = {}) {
  const Scenario sc = load(json);
  RunResult r = runScenario(sc, options, nullptr);
  return Ran{r.exitStatus, r.report};
}

std::string trace(const std::string& json) {
  const Scenario sc = load(json);
  std::ostringstream os;
  runScenario(sc, RunOptions{}, &os);
  return os.str();
}

// A scenario with a custom topology / kind and the given extra members.
std::string scenario(const std::string& topology, const std::string& rest) {
  return R"({ "replsim": 1, "name": "t", "topology": )" + topology + ", " + rest + " }";
}

const char* kTriangle =
    R"({ "kind": "custom", "leaders": ["A","B","C"], "edges": [["A","B"],["A","C"],["B","C"],["B","A"],["C","A"]] })";
const char* kBiRing4 = R"({ "kind": "bidirectional-ring", "leaders": ["A","B","C","D"] })";
const char* kRing4 = R"({ "kind": "ring", "leaders": ["A","B","C","D"] })";
const char* kAll3 = R"({ "kind": "all-to-all", "leaders": ["A","B","C"] })";
const char* kAll4 = R"({ "kind": "all-to-all", "leaders": ["A","B","C","D"] })";
const char* kLat10 = R"("links": { "default": { "latency_ms": 10 } })";

std::string oneWrite(const std::string& loop, int maxHops) {
  return std::string(kLat10) + R"(, "replication": { "loop_prevention": ")" + loop +
         R"(", "forward": true }, "writes": [ { "at_ms": 0, "leader": "A", "key": "x", "value": "a" } ],
         "limits": { "max_hops": )" + std::to_string(maxHops) + " }";
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Loop prevention.
//
// Graph T (custom): A→B, A→C, B→C, B→A, C→A; every cycle passes through A. One write A#1 at 0,
// 10 ms links, forwarding on. Arrivals (time: receiver ← sender, path so far):
//   10: B ← A [A]      new: apply, forward [A,B] to C and A          (sent 2 + 2)
//   10: C ← A [A]      new: apply, forward [A,C] to A                (sent + 1 = 5)
//   20: C ← B [A,B]    C has it; C not on the path → path: duplicate | seen: seen | origin: accept,
//                      relay [A,B,C] to A (sent 6)
//   20: A ← B [A,B]    back at the origin → path: path | seen: seen | origin: origin
//   20: A ← C [A,C]    idem
//   30: A ← C [A,B,C]  (origin only) origin
// path:   sent 5, delivered 2, dropped path 2 + duplicate 1
// seen:   sent 5, delivered 2, dropped seen 3
// origin: sent 6, delivered 3 (the relayed copy counts as delivered), dropped origin 3
// none:   with max_hops 4 — every arrival relays: step 1 (10 ms) 2 arrivals → 3 sends (len 2);
//         step 2: 5 arrivals → 5 sends (len 3); step 3: 5 arrivals → 8 sends (len 4): 18 sent.
//         At 40 ms the first arrival would send a path of 5 nodes > 4 → stop. Delivered
//         2 + 3 + 5 + 1 = 11, the other 7 stay pending.
TEST_CASE("replication::Simulation: loop prevention modes on a graph with cycles", "[replication][simulation][loop]") {
  SECTION("path") {
    const Ran r = run(scenario(kTriangle, oneWrite("path", 20)));
    CHECK(r.status == 0);
    CHECK(r["stopped_by"].is_null());
    CHECK(r.msg("sent") == 5);
    CHECK(r.msg("delivered") == 2);
    CHECK(r.dropped("path") == 2);
    CHECK(r.dropped("duplicate") == 1);
    CHECK(r.dropped("origin") == 0);
    CHECK(r.dropped("seen") == 0);
    CHECK(r["converged"] == true);
    CHECK(r.msg("pending_at_end") == 0);
  }
  SECTION("seen") {
    const Ran r = run(scenario(kTriangle, oneWrite("seen", 20)));
    CHECK(r.status == 0);
    CHECK(r.msg("sent") == 5);
    CHECK(r.msg("delivered") == 2);
    CHECK(r.dropped("seen") == 3);
    CHECK(r.dropped("path") == 0);
    CHECK(r.dropped("duplicate") == 0);
    CHECK(r.dropped("origin") == 0);
  }
  SECTION("origin") {
    const Ran r = run(scenario(kTriangle, oneWrite("origin", 20)));
    CHECK(r.status == 0);
    CHECK(r.msg("sent") == 6);
    CHECK(r.msg("delivered") == 3);
    CHECK(r.dropped("origin") == 3);
    CHECK(r.dropped("path") == 0);
    CHECK(r.dropped("seen") == 0);
    CHECK(r.dropped("duplicate") == 0);
    CHECK(r["leaders"]["C"]["writes_applied"] == 1);  // the relayed copy is not applied twice
    CHECK(r["end_ms"] == 30.0);
  }
  SECTION("none hits max_hops") {
    const Ran r = run(scenario(kTriangle, oneWrite("none", 4)));
    CHECK(r.status == 2);
    CHECK(r["stopped_by"] == "max_hops");
    CHECK(r.msg("sent") == 18);
    CHECK(r.msg("delivered") == 11);
    CHECK(r.msg("pending_at_end") == 7);
    CHECK(r["end_ms"] == 40.0);
    const std::string why = r["stop_message"].get<std::string>();
    CHECK_THAT(why, Catch::Contains("A#1") && Catch::Contains("max_hops = 4") && Catch::Contains("loop_prevention is none"));
    CHECK_THAT(why, Catch::Contains("path A,B,C,A,B"));
    // Each replica applied the write once, however often it came by.
    for (const char* n : {"A", "B", "C"}) CHECK(r["leaders"][n]["writes_applied"] == 1);
  }
}

// Bidirectional ring A-B-C-D-A, one write at A, 10 ms links. Steps k = arrivals at 10k ms.
//   path/seen: 10: B, D apply, each forwards to both neighbours (4 sends; 6 in all)
//              20: A gets 2 (own write: path/seen), C gets 2: the first applies and forwards
//                  to B and D (8 sent), the second is a duplicate (path) / seen
//              30: B and D get [A,x,C]: path: B is on [A,B,C] → path; D is not on [A,B,C] → duplicate
//              path: dropped path 3, duplicate 2; seen: seen 5. Both: sent 8, delivered 3.
//   origin:    only A drops. Arrivals double every two steps: 10: B,D (2, 4 sends);
//              20: A×2 dropped, C×2 (4 sends); 30: B×2, D×2 (8 sends); 40: A×4, C×4 (8 sends);
//              50: B×4, D×4 (16 sends, paths of 6). 60: the first arrival is at A (B→A is
//              B's first link) and dropped, the next at C would send 7 nodes > max_hops 6.
//              sent 2+4+4+8+8+16 = 42, delivered 2+2+4+4+8+1 = 21, origin 2+4+1 = 7.
//   none:      every arrival relays to both neighbours: sent 2+4+8+16+32+64 = 126, stopped at the
//              first arrival at 60 ms: delivered 2+4+8+16+32+1 = 63.
TEST_CASE("replication::Simulation: loop prevention on a bidirectional ring of 4", "[replication][simulation][loop]") {
  SECTION("path") {
    const Ran r = run(scenario(kBiRing4, oneWrite("path", 6)));
    CHECK(r.status == 0);
    CHECK(r.msg("sent") == 8);
    CHECK(r.msg("delivered") == 3);
    CHECK(r.dropped("path") == 3);
    CHECK(r.dropped("duplicate") == 2);
    CHECK(r.dropped("seen") == 0);
    CHECK(r.dropped("origin") == 0);
    CHECK(r["converged"] == true);
    CHECK(r["writes"]["fully_replicated"] == 1);
    CHECK(r["writes"]["propagation_ms"]["max"] == 20.0);
  }
  SECTION("seen") {
    const Ran r = run(scenario(kBiRing4, oneWrite("seen", 6)));
    CHECK(r.status == 0);
    CHECK(r.msg("sent") == 8);
    CHECK(r.msg("delivered") == 3);
    CHECK(r.dropped("seen") == 5);
    CHECK(r.dropped("path") == 0);
    CHECK(r.dropped("duplicate") == 0);
  }
  SECTION("origin: copies circulate B↔C↔D until max_hops") {
    const Ran r = run(scenario(kBiRing4, oneWrite("origin", 6)));
    CHECK(r.status == 2);
    CHECK(r["stopped_by"] == "max_hops");
    CHECK(r.msg("sent") == 42);
    CHECK(r.msg("delivered") == 21);
    CHECK(r.dropped("origin") == 7);
    CHECK_THAT(r["stop_message"].get<std::string>(), Catch::Contains("loop_prevention is origin"));
  }
  SECTION("none") {
    const Ran r = run(scenario(kBiRing4, oneWrite("none", 6)));
    CHECK(r.status == 2);
    CHECK(r["stopped_by"] == "max_hops");
    CHECK(r.msg("sent") == 126);
    CHECK(r.msg("delivered") == 63);
  }
}

// Ring A→B→C→D→A. A writes at 0 and crashes at 5 (its message to B is on the wire and arrives).
TEST_CASE("replication::Simulation: origin vs path when the origin is gone", "[replication][simulation][loop]") {
  const std::string base = std::string(kLat10) + R"(, "writes": [ { "at_ms": 0, "leader": "A", "key": "x", "value": "a" } ],
      "limits": { "max_hops": 30 }, )";
  const std::string crash = R"({ "at_ms": 5, "crash": "A" })";
  const std::string routeAround = R"({ "at_ms": 6, "reconfigure": { "add": [["D","B"]], "remove": [["D","A"]] } })";
  SECTION("crash only: the stream to the crashed origin waits, so nothing circulates even with origin") {
    const Ran r = run(scenario(kRing4, base + R"("replication": { "loop_prevention": "origin" }, "faults": [)" + crash + "]"));
    CHECK(r.status == 0);
    CHECK(r["stopped_by"].is_null());
    CHECK(r.msg("sent") == 4);
    CHECK(r.msg("delivered") == 3);
    CHECK(r.msg("pending_at_end") == 1);  // D→A, waiting for A to recover
    CHECK(r["converged"] == true);        // B, C, D (A is crashed and not counted)
    CHECK(r["leaders"]["A"]["crashed"] == true);
  }
  SECTION("origin, with D routed around the crashed A: the write circulates B→C→D→B until max_hops") {
    const Ran r = run(scenario(kRing4, base + R"("replication": { "loop_prevention": "origin" }, "faults": [)" + crash +
                                           ", " + routeAround + "]"));
    CHECK(r.status == 2);
    CHECK(r["stopped_by"] == "max_hops");
    CHECK(r.dropped("origin") == 0);
    CHECK(r.msg("delivered") == 30);  // hops 1..30; the 31st would exceed max_hops
    CHECK(r["end_ms"] == 300.0);
    CHECK_THAT(r["stop_message"].get<std::string>(), Catch::Contains("unreachable"));
  }
  SECTION("path, same faults: B finds itself on the path and drops the write") {
    const Ran r = run(scenario(kRing4, base + R"("replication": { "loop_prevention": "path" }, "faults": [)" + crash +
                                           ", " + routeAround + "]"));
    CHECK(r.status == 0);
    CHECK(r["stopped_by"].is_null());
    CHECK(r.msg("delivered") == 3);
    CHECK(r.dropped("path") == 1);
    CHECK(r["end_ms"] == 40.0);
    CHECK(r["converged"] == true);
  }
  SECTION("seen, same faults: B has seen the id") {
    const Ran r = run(scenario(kRing4, base + R"("replication": { "loop_prevention": "seen" }, "faults": [)" + crash +
                                           ", " + routeAround + "]"));
    CHECK(r.status == 0);
    CHECK(r.dropped("seen") == 1);
    CHECK(r.msg("delivered") == 3);
  }
}

// ---------------------------------------------------------------------------------------------
// Overtaking and causal ordering.
//
// All-to-all A, B, C, D with 10 ms links except A→D (100 ms). A writes a at 0; B, having applied
// A#1 at 10, writes b at 20 (depends on A#1); C, having applied B#1 at 30, writes c at 40
// (depends on B#1, and so transitively on A#1). D receives B#1 at 30 and C#1 at 50, both before
// A#1 (at 100).
//   causal: B#1 held at 30 (waits for A#1), C#1 held at 50 (waits for B#1); A#1 at 100 releases
//           B#1 (held 70 ms), which releases C#1 (held 50 ms). held_causal 2, held_ms p50 50,
//           max 70; everything applied at D at 100.
//   none:   B#1 is applied at 30 as it arrives (overtaking A#1).
namespace {
std::string chain(const char* ordering) {
  return scenario(kAll4, std::string(R"("links": { "default": { "latency_ms": 10 },
        "overrides": [ { "from": "A", "to": "D", "latency_ms": 100 } ] },
      "replication": { "ordering": ")") + ordering + R"(" },
      "writes": [ { "at_ms": 0, "leader": "A", "key": "a", "value": "1" },
                  { "at_ms": 20, "leader": "B", "key": "b", "value": "2" },
                  { "at_ms": 40, "leader": "C", "key": "c", "value": "3" } ])");
}
}  // namespace

TEST_CASE("replication::Simulation: overtaking and causal ordering", "[replication][simulation][causal]") {
  SECTION("causal holds B#1 and C#1 at D until A#1 arrives, then releases both") {
    const Ran r = run(chain("causal"));
    CHECK(r.status == 0);
    CHECK(r.msg("overtaken") == 2);
    CHECK(r.msg("held_causal") == 2);
    CHECK(r.msg("held_ms")["p50"] == 50.0);
    CHECK(r.msg("held_ms")["max"] == 70.0);
    CHECK(r.msg("pending_at_end") == 0);
    CHECK(r["converged"] == true);
    CHECK(r["convergence_ms"] == 100.0);
    CHECK(r["writes"]["fully_replicated"] == 3);
    CHECK(r["writes"]["propagation_ms"]["max"] == 100.0);  // A#1, issued at 0, last applied at D at 100
    CHECK(r["writes"]["propagation_ms"]["p50"] == 80.0);   // B#1: 20 → 100
    CHECK(r.keys("D", "c") == std::vector<std::string>{"3"});
  }
  SECTION("the trace shows the hold and the release") {
    const std::string t = trace(chain("causal"));
    CHECK_THAT(t, Catch::Contains("OVERTAKES A#1") && Catch::Contains("held for causal order"));
    CHECK_THAT(t, Catch::Contains("released after being held 70.000 ms"));
    CHECK_THAT(t, Catch::Contains("released after being held 50.000 ms"));
  }
  SECTION("none applies on arrival: B#1 overtakes and nothing is held") {
    const Ran r = run(chain("none"));
    CHECK(r.status == 0);
    CHECK(r.msg("held_causal") == 0);
    CHECK(r.msg("held_ms")["max"] == 0.0);
    CHECK(r.msg("overtaken") >= 1);
    CHECK(r["converged"] == true);  // different keys: nothing to get wrong
    CHECK(r["writes"]["propagation_ms"]["p50"] == 10.0);  // C#1 40 → 50, B#1 20 → 30
  }
  SECTION("the shipped overtaking race: update before insert with none, held with causal") {
    const std::string race = R"("links": { "default": { "latency_ms": 10 },
        "overrides": [ { "from": "A", "to": "C", "latency_ms": 100 } ] },
      "writes": [ { "at_ms": 0, "leader": "A", "key": "x", "op": "insert", "value": "1" },
                  { "at_ms": 20, "leader": "B", "key": "x", "op": "update", "value": "2" } ], )";
    const Ran none = run(scenario(kAll3, race + R"("replication": { "ordering": "none" })"));
    CHECK(none.msg("overtaken") == 1);
    CHECK(none["anomalies"]["update_before_insert"] == 1);
    CHECK(none["converged"] == false);
    CHECK(none["convergence_ms"].is_null());
    CHECK(none.keys("C", "x") == std::vector<std::string>{"1"});
    CHECK(none.keys("A", "x") == std::vector<std::string>{"2"});
    CHECK(none["conflicts"]["log"][0]["type"] == "update_missing");
    CHECK(none["conflicts"]["log"][0]["by"] == "skip");
    CHECK(none["writes"]["fully_replicated"] == 1);  // B#1 was skipped at C
    const Ran causal = run(scenario(kAll3, race + R"("replication": { "ordering": "causal" })"));
    CHECK(causal.msg("overtaken") == 1);
    CHECK(causal.msg("held_causal") == 1);
    CHECK(causal.msg("held_ms")["max"] == 70.0);
    CHECK(causal["anomalies"]["update_before_insert"] == 0);
    CHECK(causal["converged"] == true);
    CHECK(causal["convergence_ms"] == 100.0);
    CHECK(causal.keys("C", "x") == std::vector<std::string>{"2"});
    // Stopped at 50: B#1 is held at C and A#1 is still on the wire: both are pending.
    RunOptions at50;
    at50.untilMs = 50;
    const Ran early = run(scenario(kAll3, race + R"("replication": { "ordering": "causal" })"), at50);
    CHECK(early.msg("held_causal") == 1);
    CHECK(early.msg("pending_at_end") == 2);
    CHECK(early.keys("C", "x").empty());
    CHECK(early["converged"] == false);
  }
}

// messages.overtaken checks a write's *direct* causal dependencies (docs/semantics.md). In the
// chain above, C#1 reaches D at 50, before its transitive predecessor A#1 (100). With ordering
// causal, B#1 is held at D, so C#1's direct dependency B#1 is missing too: 2 overtakings. With
// ordering none, B#1 was applied at D early (counted once, there), so C#1's direct dependency
// is present and it is not counted again: 1. Pinned so a change of definition is deliberate.
TEST_CASE("replication::Simulation: overtaken counts direct dependencies (ordering none vs causal)",
          "[replication][simulation][causal]") {
  const Ran none = run(chain("none"));
  const Ran causal = run(chain("causal"));
  CHECK(causal.msg("overtaken") == 2);
  CHECK(none.msg("overtaken") == 1);
}

// ---------------------------------------------------------------------------------------------
// Last write wins.
TEST_CASE("replication::Simulation: lww resolves concurrent writes", "[replication][simulation][lww]") {
  SECTION("equal Lamport timestamps: the higher origin name wins, the loser is named everywhere") {
    // A#1 and B#1 both have timestamp 1. Each replica sees the conflict once (at 10 ms).
    const Ran r = run(scenario(kAll3, std::string(kLat10) + R"(, "writes": [
        { "at_ms": 0, "leader": "A", "key": "x", "value": "a" },
        { "at_ms": 0, "leader": "B", "key": "x", "value": "b" } ])"));
    CHECK(r.status == 0);
    CHECK(r["converged"] == true);
    CHECK(r["convergence_ms"] == 10.0);
    for (const char* n : {"A", "B", "C"}) CHECK(r.keys(n, "x") == std::vector<std::string>{"b"});
    CHECK(r["conflicts"]["detected"] == 3);
    CHECK(r["conflicts"]["resolved"] == 3);
    const auto& discarded = r["conflicts"]["discarded"];
    REQUIRE(discarded.size() == 3);
    std::vector<std::string> replicas;
    for (const auto& d : discarded) {
      CHECK(d["write"] == "A#1");
      CHECK(d["in_favour_of"] == ReportJson::array({"B#1"}));
      CHECK(d["by"] == "lww");
      CHECK(d["key"] == "x");
      replicas.push_back(d["replica"].get<std::string>());
    }
    std::sort(replicas.begin(), replicas.end());
    CHECK(replicas == std::vector<std::string>{"A", "B", "C"});
    for (const auto& c : r["conflicts"]["log"]) CHECK(c["kept"] == ReportJson::array({"B#1"}));
  }
  SECTION("the name decides, not the order of the leaders list") {
    const Ran r = run(scenario(R"({ "kind": "all-to-all", "leaders": ["Z", "A"] })", std::string(kLat10) + R"(, "writes": [
        { "at_ms": 0, "leader": "A", "key": "x", "value": "a" },
        { "at_ms": 0, "leader": "Z", "key": "x", "value": "z" } ])"));
    CHECK(r.keys("A", "x") == std::vector<std::string>{"z"});
    CHECK(r.keys("Z", "x") == std::vector<std::string>{"z"});
    CHECK(r["conflicts"]["discarded"][0]["write"] == "A#1");
  }
  SECTION("a higher Lamport timestamp wins over a higher name") {
    // A writes z (ts 1) then x (A#2, ts 2); B writes x (B#1, ts 1) concurrently.
    const Ran r = run(scenario(kAll3, std::string(kLat10) + R"(, "writes": [
        { "at_ms": 0, "leader": "A", "key": "z", "value": "z" },
        { "at_ms": 1, "leader": "A", "key": "x", "value": "a" },
        { "at_ms": 1, "leader": "B", "key": "x", "value": "b" } ])"));
    CHECK(r["converged"] == true);
    for (const char* n : {"A", "B", "C"}) CHECK(r.keys(n, "x") == std::vector<std::string>{"a"});
    REQUIRE(r["conflicts"]["discarded"].size() == 3);
    for (const auto& d : r["conflicts"]["discarded"]) {
      CHECK(d["write"] == "B#1");
      CHECK(d["in_favour_of"] == ReportJson::array({"A#2"}));
    }
  }
  SECTION("Lamport clocks advance on receipt: a write made after seeing another wins by causality, no conflict") {
    const Ran r = run(scenario(kAll3, std::string(kLat10) + R"(, "writes": [
        { "at_ms": 0, "leader": "B", "key": "x", "value": "b" },
        { "at_ms": 15, "leader": "A", "key": "x", "value": "a" } ])"));
    CHECK(r["conflicts"]["detected"] == 0);
    for (const char* n : {"A", "B", "C"}) CHECK(r.keys(n, "x") == std::vector<std::string>{"a"});
  }
  SECTION("three-way conflict converges to the single winner") {
    const Ran r = run(scenario(kAll3, std::string(kLat10) + R"(, "writes": [
        { "at_ms": 0, "leader": "A", "key": "x", "value": "a" },
        { "at_ms": 0, "leader": "B", "key": "x", "value": "b" },
        { "at_ms": 0, "leader": "C", "key": "x", "value": "c" } ])"));
    CHECK(r["converged"] == true);
    for (const char* n : {"A", "B", "C"}) CHECK(r.keys(n, "x") == std::vector<std::string>{"c"});
    CHECK(r["conflicts"]["detected"] == 6);  // each replica: two incoming concurrent writes
  }
}

// ---------------------------------------------------------------------------------------------
// Client operations refused at their leader.
TEST_CASE("replication::Simulation: a write that follows the surviving version is an update, not a conflict",
          "[replication][simulation][lww]") {
  // A#1 and B#1 write x concurrently at 0. C gets B#1 at 10 and A#1 at 20:
  // lww keeps B#1 (equal Lamport 1, higher name) and C's context for x now
  // remembers A#1. B writes B#2 at 30 without having seen A#1 (A↔B is
  // 100 ms): at C (40 ms) it covers the version C holds, B#1, and only the
  // discarded A#1 is missing — an update. Likewise at A (130 ms).
  const Ran r = run(scenario(R"({ "kind": "custom", "edges": [["A", "C", {"latency_ms": 20}],
      ["B", "C", {"latency_ms": 10}], ["A", "B", {"both": true, "latency_ms": 100}]] })",
      R"("replication": { "conflicts": { "resolve": "lww" } }, "writes": [
        { "at_ms": 0, "leader": "A", "key": "x", "value": "a" },
        { "at_ms": 0, "leader": "B", "key": "x", "value": "b" },
        { "at_ms": 30, "leader": "B", "key": "x", "value": "b2" } ])"));
  CHECK(r["conflicts"]["detected"] == 3);  // A#1 vs B#1 at C and at A; A#1 vs B#2 at B
  CHECK(r["conflicts"]["discarded_writes"] == 1);
  for (const auto& d : r["conflicts"]["discarded"]) CHECK(d["write"] == "A#1");
  for (const char* n : {"A", "B", "C"}) CHECK(r.keys(n, "x") == std::vector<std::string>{"b2"});
  CHECK(r["converged"] == true);
}

TEST_CASE("replication::Simulation: client operation failures", "[replication][simulation][client]") {
  // 0 A insert x ok (A#1) | 1 A insert x: key_exists | 2 A update y: key_missing | 3 A delete y:
  // key_missing | 5 B update x before A#1 reached B (10): key_missing | 20 B update x ok (B#1) |
  // 30 C insert x: x reached C at 10 → key_exists | 40 C delete x ok (C#1) | 60 C read x → [] |
  // 60 A update x: deleted by C#1 at 50 → key_missing | 65 C crashes | 70 C set q: crashed.
  const Ran r = run(scenario(kAll3, std::string(kLat10) + R"(, "writes": [
      { "at_ms": 0, "leader": "A", "key": "x", "op": "insert", "value": "1" },
      { "at_ms": 1, "leader": "A", "key": "x", "op": "insert", "value": "2" },
      { "at_ms": 2, "leader": "A", "key": "y", "op": "update", "value": "2" },
      { "at_ms": 3, "leader": "A", "key": "y", "op": "delete" },
      { "at_ms": 5, "leader": "B", "key": "x", "op": "update", "value": "3" },
      { "at_ms": 20, "leader": "B", "key": "x", "op": "update", "value": "3" },
      { "at_ms": 30, "leader": "C", "key": "x", "op": "insert", "value": "4" },
      { "at_ms": 40, "leader": "C", "key": "x", "op": "delete" },
      { "at_ms": 60, "leader": "C", "key": "x", "op": "read" },
      { "at_ms": 60, "leader": "A", "key": "x", "op": "update", "value": "5" },
      { "at_ms": 70, "leader": "C", "key": "q", "value": "q" } ],
    "faults": [ { "at_ms": 65, "crash": "C" } ])"));
  SECTION("counts by reason") {
    CHECK(r.status == 0);
    CHECK(r["writes"]["total"] == 10);
    CHECK(r["writes"]["failed"] == 7);
    CHECK(r["writes"]["failed_by"]["key_exists"] == 2);
    CHECK(r["writes"]["failed_by"]["key_missing"] == 4);
    CHECK(r["writes"]["failed_by"]["crashed"] == 1);
  }
  SECTION("successful writes get consecutive ids per origin; failures get none") {
    CHECK(r["leaders"]["A"]["writes_originated"] == 1);
    CHECK(r["leaders"]["B"]["writes_originated"] == 1);
    CHECK(r["leaders"]["C"]["writes_originated"] == 1);
    CHECK(r["writes"]["fully_replicated"] == 3);
  }
  SECTION("the read sees the delete; the key is absent everywhere") {
    CHECK(r["reads"]["total"] == 1);
    CHECK(r["reads"]["log"][0]["values"] == ReportJson::array());
    CHECK(r["reads"]["log"][0]["leader"] == "C");
    for (const char* n : {"A", "B", "C"}) CHECK(r["leaders"][n]["keys"].empty());
    CHECK(r["converged"] == true);
  }
  SECTION("the trace names each failure") {
    const std::string t = trace(scenario(kAll3, std::string(kLat10) + R"(, "writes": [
        { "at_ms": 0, "leader": "A", "key": "x", "op": "insert", "value": "1" },
        { "at_ms": 1, "leader": "A", "key": "x", "op": "insert", "value": "2" } ])"));
    CHECK_THAT(t, Catch::Contains("FAILED") && Catch::Contains("insert x: key_exists"));
  }
}

TEST_CASE("replication::Simulation: a routed request needs a route that is up now", "[replication][simulation][client]") {
  // Single leader A, followers B and C, 10 ms links. B's clients write
  // through A: cut off by the partition at 100 ms, through again at 200.
  const Ran r = run(R"({ "replsim": 1, "name": "t",
      "topology": { "kind": "single-leader", "leaders": ["A", "B", "C"], "leader": "A" },
      "links": { "default": { "latency_ms": 10 } },
      "writes": [ { "at_ms": 100, "leader": "B", "key": "x", "value": "cut" },
                  { "at_ms": 200, "leader": "B", "key": "x", "value": "through" } ],
      "faults": [ { "at_ms": 50, "partition": [["A"], ["B", "C"]] }, { "at_ms": 150, "heal": true } ] })");
  SECTION("during the partition the write fails as unreachable") {
    CHECK(r["writes"]["failed"] == 1);
    CHECK(r["writes"]["failed_by"]["unreachable"] == 1);
  }
  SECTION("after the heal it goes through, paying the route's latency") {
    CHECK(r["writes"]["client_latency_ms"]["max"] == 10.0);
    CHECK(r.keys("C", "x") == std::vector<std::string>{"through"});
  }
}

// ---------------------------------------------------------------------------------------------
// Faults.
TEST_CASE("replication::Simulation: crash and recover", "[replication][simulation][faults]") {
  // A writes x at 0 (its message to C is in flight when C crashes at 5: pulled back), B writes
  // y at 20 (queued for C). C recovers at 200: both are re-sent and arrive at 210.
  const std::string sc = scenario(kAll3, std::string(kLat10) + R"(, "writes": [
      { "at_ms": 0, "leader": "A", "key": "x", "value": "a" },
      { "at_ms": 20, "leader": "B", "key": "y", "value": "b" } ],
    "faults": [ { "at_ms": 5, "crash": "C" }, { "at_ms": 200, "recover": "C" } ])");
  SECTION("messages to a crashed node are not lost; it catches up after recover") {
    const Ran r = run(sc);
    CHECK(r.status == 0);
    CHECK(r["end_ms"] == 210.0);
    CHECK(r.msg("sent") == 4);
    CHECK(r.msg("delivered") == 4);
    CHECK(r.msg("pending_at_end") == 0);
    CHECK(r.msg("streams_stopped") == 1);  // A→C pulled back at 5
    CHECK(r.msg("streams_resumed") == 2);  // A→C and B→C at 200
    CHECK(r["leaders"]["C"]["crashed"] == false);
    CHECK(r["leaders"]["C"]["writes_applied"] == 2);
    CHECK(r.keys("C", "x") == std::vector<std::string>{"a"});
    CHECK(r.keys("C", "y") == std::vector<std::string>{"b"});
    CHECK(r["converged"] == true);
    CHECK(r["convergence_ms"] == 210.0);
    CHECK(r["writes"]["fully_replicated"] == 2);
    CHECK(r["writes"]["propagation_ms"]["max"] == 210.0);
  }
  SECTION("stopped while C is still down: C is not counted for convergence, its messages are pending") {
    RunOptions o;
    o.untilMs = 100;
    const Ran r = run(sc, o);
    CHECK(r["end_ms"] == 100.0);
    CHECK(r["leaders"]["C"]["crashed"] == true);
    CHECK(r["leaders"]["C"]["writes_applied"] == 0);
    CHECK(r["converged"] == true);  // A and B agree
    CHECK(r.msg("pending_at_end") == 2);
    CHECK(r["writes"]["fully_replicated"] == 2);  // over live replicas
  }
  SECTION("a crashed node does not apply what is delivered on a link added while it is down") {
    // The links that exist from the start; a link added while C is down is tested below.
    const Ran r = run(scenario(R"({ "kind": "custom", "leaders": ["A","B","C"], "edges": [["A","B"],["B","C"]] })",
                               std::string(kLat10) + R"(, "writes": [ { "at_ms": 10, "leader": "A", "key": "x", "value": "a" } ],
                                  "faults": [ { "at_ms": 5, "crash": "C" } ])"));
    CHECK(r["leaders"]["C"]["writes_applied"] == 0);
    CHECK(r.msg("pending_at_end") == 1);
  }
  SECTION("crash twice / recover a live node are no-ops") {
    const Ran r = run(scenario(kAll3, std::string(kLat10) + R"(, "writes": [
        { "at_ms": 0, "leader": "A", "key": "x", "value": "a" } ],
      "faults": [ { "at_ms": 1, "recover": "B" }, { "at_ms": 5, "crash": "C" }, { "at_ms": 6, "crash": "C" },
                  { "at_ms": 50, "recover": "C" } ])"));
    CHECK(r["converged"] == true);
    CHECK(r["convergence_ms"] == 60.0);
    CHECK(r.keys("C", "x") == std::vector<std::string>{"a"});
  }
}

// Spec: "A crashed leader neither sends, receives nor accepts client writes" — also on a link
// that reconfiguration adds while it is down (regression: the crashed C applied A#1 at 20 ms).
TEST_CASE("replication::Simulation: a link added while its receiver is crashed does not deliver to it",
          "[replication][simulation][faults]") {
  const Ran r = run(scenario(R"({ "kind": "custom", "leaders": ["A","B","C"], "edges": [["A","B"],["B","C"]] })",
                             std::string(kLat10) + R"(, "writes": [ { "at_ms": 10, "leader": "A", "key": "x", "value": "a" } ],
      "faults": [ { "at_ms": 5, "crash": "C" }, { "at_ms": 6, "reconfigure": { "add": [["A","C"]] } } ])"));
  CHECK(r["leaders"]["C"]["crashed"] == true);
  CHECK(r["leaders"]["C"]["writes_applied"] == 0);
  CHECK(r["leaders"]["C"]["keys"].empty());
  CHECK(r.msg("pending_at_end") == 2);  // B→C and A→C both wait for C
}

// Same for partitions: a link added across a partition must not carry traffic.
TEST_CASE("replication::Simulation: a link added during a partition respects the partition",
          "[replication][simulation][faults]") {
  const Ran r = run(scenario(R"({ "kind": "custom", "leaders": ["A","B","C"], "edges": [["A","B"]] })",
                             std::string(kLat10) + R"(, "writes": [ { "at_ms": 10, "leader": "A", "key": "x", "value": "a" } ],
      "faults": [ { "at_ms": 0, "partition": [["A","B"],["C"]] }, { "at_ms": 5, "reconfigure": { "add": [["A","C"]] } } ],
      "until_ms": 50)"));
  CHECK(r.keys("C", "x").empty());
  CHECK(r.msg("pending_at_end") == 1);
}

TEST_CASE("replication::Simulation: link_down and link_up", "[replication][simulation][faults]") {
  auto sc = [](const char* both) {
    return scenario(kAll3, std::string(kLat10) + R"(, "writes": [
        { "at_ms": 5, "leader": "A", "key": "x", "value": "a" },
        { "at_ms": 5, "leader": "B", "key": "y", "value": "b" } ],
      "faults": [ { "at_ms": 0, "link_down": ["A", "B"], "both": )" + both + R"( },
                  { "at_ms": 100, "link_up": ["A", "B"], "both": )" + both + " } ]");
  };
  SECTION("both directions: A and B exchange nothing until link_up (no forwarding in all-to-all)") {
    const Ran r = run(sc("true"));
    CHECK(r["end_ms"] == 110.0);
    CHECK(r["convergence_ms"] == 110.0);
    CHECK(r["converged"] == true);
    CHECK(r.msg("streams_resumed") == 2);
    CHECK(r.keys("A", "y") == std::vector<std::string>{"b"});
    CHECK(r.keys("B", "x") == std::vector<std::string>{"a"});
    CHECK(r["writes"]["propagation_ms"]["max"] == 105.0);
  }
  SECTION("one direction: only A→B waits; B→A arrives at 15") {
    const Ran r = run(sc("false"));
    CHECK(r["end_ms"] == 110.0);
    CHECK(r.msg("streams_resumed") == 1);
    CHECK(r["writes"]["propagation_ms"]["p50"] == 10.0);  // B#1
    CHECK(r["writes"]["propagation_ms"]["max"] == 105.0);  // A#1 reached B at 110
  }
  SECTION("stopped before link_up: diverged, the stalled messages pending") {
    RunOptions o;
    o.untilMs = 50;
    const Ran r = run(sc("true"), o);
    CHECK(r["converged"] == false);
    CHECK(r["convergence_ms"].is_null());
    CHECK(r.msg("pending_at_end") == 2);
    CHECK(r.keys("A", "y").empty());
    CHECK(r.keys("C", "y") == std::vector<std::string>{"b"});
  }
}

TEST_CASE("replication::Simulation: partition and heal", "[replication][simulation][faults]") {
  // {A,B} | {C,D}: A writes x=a at 10, C writes x=c at 20. After heal at 100 the streams resume,
  // every replica sees the concurrent pair, and lww (equal timestamps, C > A) keeps c.
  const std::string sc = scenario(kAll4, std::string(kLat10) + R"(, "writes": [
      { "at_ms": 10, "leader": "A", "key": "x", "value": "a" },
      { "at_ms": 20, "leader": "C", "key": "x", "value": "c" } ],
    "faults": [ { "at_ms": 0, "partition": [["A","B"],["C","D"]] }, { "at_ms": 100, "heal": true } ])");
  SECTION("converges after heal") {
    const Ran r = run(sc);
    CHECK(r.status == 0);
    CHECK(r["converged"] == true);
    CHECK(r["convergence_ms"] == 110.0);
    CHECK(r.msg("streams_resumed") == 4);  // A→C, A→D, C→A, C→B
    CHECK(r["conflicts"]["detected"] == 4);
    for (const char* n : {"A", "B", "C", "D"}) CHECK(r.keys(n, "x") == std::vector<std::string>{"c"});
    for (const auto& d : r["conflicts"]["discarded"]) CHECK(d["write"] == "A#1");
  }
  SECTION("diverged during the partition") {
    RunOptions o;
    o.untilMs = 99;
    const Ran r = run(sc, o);
    CHECK(r["converged"] == false);
    CHECK(r.keys("B", "x") == std::vector<std::string>{"a"});
    CHECK(r.keys("D", "x") == std::vector<std::string>{"c"});
    CHECK(r.msg("pending_at_end") == 4);
  }
  SECTION("nodes named in no group form one more group together") {
    const Ran r = run(scenario(kAll4, std::string(kLat10) + R"(, "writes": [
        { "at_ms": 10, "leader": "C", "key": "x", "value": "c" } ],
      "faults": [ { "at_ms": 0, "partition": [["A"],["B"]] } ])"));
    CHECK(r.keys("D", "x") == std::vector<std::string>{"c"});
    CHECK(r.keys("A", "x").empty());
    CHECK(r.keys("B", "x").empty());
    CHECK(r.msg("pending_at_end") == 2);
  }
}

TEST_CASE("replication::Simulation: reconfigure adds and removes links", "[replication][simulation][faults]") {
  SECTION("add: a new link carries writes made after it exists") {
    // Only A→B at first; B's write at 0 cannot reach A. B→A is added at 50; B's write at 60 arrives at 70.
    const Ran r = run(scenario(R"({ "kind": "custom", "leaders": ["A","B"], "edges": [["A","B"]] })",
                               std::string(kLat10) + R"(, "writes": [
          { "at_ms": 0, "leader": "B", "key": "y", "value": "1" },
          { "at_ms": 60, "leader": "B", "key": "z", "value": "2" } ],
        "faults": [ { "at_ms": 50, "reconfigure": { "add": [["B","A"]] } } ])"));
    CHECK(r["topology"]["links"] == 2);
    CHECK(r.keys("A", "z") == std::vector<std::string>{"2"});
    CHECK(r.keys("A", "y").empty());
    // z: B→A at 60 (arrives 70), A forwards it back on A→B (arrives 80): path drop at B.
    CHECK(r["end_ms"] == 80.0);
    CHECK(r.msg("sent") == 2);
    CHECK(r.dropped("path") == 1);
    CHECK(r["converged"] == false);  // y never reached A
  }
  SECTION("remove: messages on the removed link are discarded") {
    // Ring A→B→C→A; A writes at 0; A→B is removed at 5 with the message on it.
    const Ran r = run(scenario(R"({ "kind": "ring", "leaders": ["A","B","C"] })",
                               std::string(kLat10) + R"(, "writes": [ { "at_ms": 0, "leader": "A", "key": "x", "value": "a" } ],
        "faults": [ { "at_ms": 5, "reconfigure": { "remove": [["A","B"]] } } ])"));
    CHECK(r.msg("discarded_by_reconfigure") == 1);
    CHECK(r.msg("delivered") == 0);
    CHECK(r.keys("B", "x").empty());
    CHECK(r["converged"] == false);
    CHECK(r.msg("pending_at_end") == 0);
  }
  SECTION("remove then add back: traffic flows again") {
    const Ran r = run(scenario(R"({ "kind": "ring", "leaders": ["A","B","C"] })",
                               std::string(kLat10) + R"(, "writes": [ { "at_ms": 20, "leader": "A", "key": "x", "value": "a" } ],
        "faults": [ { "at_ms": 5, "reconfigure": { "remove": [["A","B"]] } },
                    { "at_ms": 10, "reconfigure": { "add": [["A","B"]] } } ])"));
    CHECK(r.keys("B", "x") == std::vector<std::string>{"a"});
    CHECK(r.keys("C", "x") == std::vector<std::string>{"a"});
    CHECK(r["converged"] == true);
    CHECK(r["end_ms"] == 50.0);  // A→B 30, B→C 40, C→A 50 (dropped: path)
    CHECK(r.dropped("path") == 1);
  }
}

// After `reconfigure: remove [D, A]` a removed link is no longer part of the topology: D
// forwards A#1 only on D→B, nothing waits on D→A (regression: D used to queue every forwarded
// write in the removed link's backlog, counted in messages.sent and pending_at_end forever).
TEST_CASE("replication::Simulation: nothing is sent on a removed link", "[replication][simulation][faults]") {
  const Ran r = run(scenario(kRing4, std::string(kLat10) + R"(, "writes": [ { "at_ms": 0, "leader": "A", "key": "x", "value": "a" } ],
      "faults": [ { "at_ms": 5, "crash": "A" }, { "at_ms": 6, "reconfigure": { "add": [["D","B"]], "remove": [["D","A"]] } } ])"));
  CHECK(r.msg("sent") == 4);
  CHECK(r.msg("pending_at_end") == 0);
}

// A link re-added by reconfiguration keeps the topology's settings for that pair, overrides
// included: A→B stays 50 ms after remove + add (arrival at 70; regression: 10 ms, at 30).
TEST_CASE("replication::Simulation: a link re-added by reconfigure keeps its overrides",
          "[replication][simulation][faults]") {
  const Ran r = run(scenario(R"({ "kind": "custom", "leaders": ["A","B"], "edges": [["A","B"]] })",
                             R"("links": { "default": { "latency_ms": 10 }, "overrides": [ { "from": "A", "to": "B", "latency_ms": 50 } ] },
      "writes": [ { "at_ms": 20, "leader": "A", "key": "x", "value": "a" } ],
      "faults": [ { "at_ms": 5, "reconfigure": { "remove": [["A","B"]] } },
                  { "at_ms": 10, "reconfigure": { "add": [["A","B"]] } } ])"));
  CHECK(r["end_ms"] == 70.0);
}

// ---------------------------------------------------------------------------------------------
// Limits and stop time.
TEST_CASE("replication::Simulation: limits and until", "[replication][simulation][limits]") {
  const std::string workload = scenario(kAll3, std::string(kLat10) + R"(, "workload": {
      "leaders": "all", "rate_per_s": 100, "duration_ms": 1000, "keys": 5 })");
  SECTION("max_events stops the run with stopped_by max_events and exit 2") {
    Scenario sc = load(workload);
    sc.limits.maxEvents = 100;
    const RunResult r = runScenario(sc, RunOptions{}, nullptr);
    CHECK(r.exitStatus == 2);
    CHECK(r.report["stopped_by"] == "max_events");
    CHECK(r.report["events"] == 100);
    CHECK(r.report["end_ms"].get<double>() < 1000.0);
    CHECK_THAT(r.report["stop_message"].get<std::string>(), Catch::Contains("limits.max_events = 100"));
  }
  SECTION("max_events given in the file") {
    const Ran r = run(scenario(kAll3, std::string(kLat10) + R"(, "workload": {
        "leaders": "all", "rate_per_s": 100, "duration_ms": 1000, "keys": 5 }, "limits": { "max_events": 10 })"));
    CHECK(r.status == 2);
    CHECK(r["events"] == 10);
  }
  SECTION("without a limit the same workload runs to quiescence") {
    const Ran r = run(workload);
    CHECK(r.status == 0);
    CHECK(r["stopped_by"].is_null());
    CHECK(r["converged"] == true);
    CHECK(r.msg("pending_at_end") == 0);
    CHECK(r["events"].get<uint64_t>() > 500);
  }
  SECTION("until_ms stops at that time with messages in flight") {
    // Write at 0, 10 ms links: at 5 ms both messages are on the wire.
    const Ran r = run(scenario(kAll3, std::string(kLat10) + R"(, "until_ms": 5,
        "writes": [ { "at_ms": 0, "leader": "A", "key": "x", "value": "a" } ])"));
    CHECK(r.status == 0);
    CHECK(r["stopped_by"].is_null());
    CHECK(r["end_ms"] == 5.0);
    CHECK(r.msg("pending_at_end") == 2);
    CHECK(r.msg("delivered") == 0);
    CHECK(r["converged"] == false);
    CHECK(r["events"] == 1);
  }
  SECTION("an event exactly at until_ms still happens") {
    const Ran r = run(scenario(kAll3, std::string(kLat10) + R"(, "until_ms": 10,
        "writes": [ { "at_ms": 0, "leader": "A", "key": "x", "value": "a" } ])"));
    CHECK(r["end_ms"] == 10.0);
    CHECK(r.msg("delivered") == 2);
    CHECK(r.msg("pending_at_end") == 0);
    CHECK(r["converged"] == true);
  }
  SECTION("SimulationOptions.until overrides until_ms") {
    const Scenario sc = load(scenario(kAll3, std::string(kLat10) + R"(, "until_ms": 500,
        "writes": [ { "at_ms": 0, "leader": "A", "key": "x", "value": "a" }, { "at_ms": 3, "leader": "B", "key": "y", "value": "b" } ])"));
    SimulationOptions o;
    o.until = SimTime::fromMs(7.5);
    Simulation sim(sc, o);
    RunStats stats;
    sim.addObserver(&stats);
    const RunOutcome out = sim.run();
    CHECK(out.reason == StopReason::Until);
    CHECK_FALSE(out.limitReached());
    CHECK(sim.endTime() == SimTime::fromMs(7.5));
    CHECK(sim.network().inFlight() == 4);
    CHECK(stats.sent == 4);
    CHECK(stats.delivered == 0);
    CHECK_FALSE(sim.converged());
    CHECK_FALSE(sim.convergedSince().has_value());
  }
  SECTION("--until via RunOptions overrides until_ms too") {
    RunOptions o;
    o.untilMs = 2;
    const Ran r = run(scenario(kAll3, std::string(kLat10) + R"(, "until_ms": 500,
        "writes": [ { "at_ms": 0, "leader": "A", "key": "x", "value": "a" } ])"), o);
    CHECK(r["end_ms"] == 2.0);
  }
  SECTION("quiescence before until: the run ends with the last event") {
    Scenario sc = load(scenario(kAll3, std::string(kLat10) + R"(, "writes": [ { "at_ms": 0, "leader": "A", "key": "x", "value": "a" } ])"));
    Simulation sim(sc, SimulationOptions{std::nullopt, SimTime::fromMs(1000)});
    CHECK(sim.run().reason == StopReason::Quiescent);
    CHECK(sim.endTime() == SimTime::fromMs(10));
  }
}

// ---------------------------------------------------------------------------------------------
// Workload generation.
namespace {
std::vector<PlannedOp> plan(const Scenario& sc, uint64_t seed, std::vector<std::string>* keyNames = nullptr) {
  const Topology topo = Topology::build(sc.topology, sc.links);
  Random rng(seed);
  std::map<std::string, KeyId> ids;
  std::vector<std::string> names;
  auto ops = planClientOps(sc, topo, rng, [&](const std::string& k) {
    auto [it, inserted] = ids.emplace(k, static_cast<KeyId>(names.size()));
    if (inserted) names.push_back(k);
    return it->second;
  });
  if (keyNames) *keyNames = names;
  return ops;
}
bool sameOps(const std::vector<PlannedOp>& a, const std::vector<PlannedOp>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].at != b[i].at || a[i].node != b[i].node || a[i].key != b[i].key || a[i].op != b[i].op ||
        a[i].value != b[i].value)
      return false;
  return true;
}
}  // namespace

TEST_CASE("replication::WorkloadGenerator: reproducible from the seed", "[replication][workload]") {
  const Scenario sc = load(scenario(kAll3, R"("workload": { "leaders": "all", "rate_per_s": 200, "duration_ms": 1000,
      "keys": 20, "key_distribution": "zipf", "zipf_s": 1.1, "read_fraction": 0.2,
      "ops": { "set": 0.7, "incr": 0.2, "delete": 0.1 } })"));
  SECTION("same seed → identical ops") {
    const auto a = plan(sc, 5), b = plan(sc, 5);
    REQUIRE(a.size() > 400);
    CHECK(sameOps(a, b));
  }
  SECTION("different seed → different ops") {
    CHECK_FALSE(sameOps(plan(sc, 5), plan(sc, 6)));
  }
  SECTION("ops are sorted by time, within the duration, each leader about rate * duration") {
    const auto ops = plan(sc, 5);
    std::map<NodeId, int> perLeader;
    for (size_t i = 0; i < ops.size(); ++i) {
      if (i) REQUIRE(ops[i - 1].at <= ops[i].at);
      REQUIRE(ops[i].at < SimTime::fromMs(1000));
      ++perLeader[ops[i].node];
    }
    REQUIRE(perLeader.size() == 3);
    for (const auto& [node, n] : perLeader) {
      CHECK(n > 150);
      CHECK(n < 250);
    }
  }
  SECTION("op mix: reads about 20%, writes by weight, incr values are \"1\", set values name the leader") {
    const auto ops = plan(sc, 5);
    std::map<OpKind, int> kinds;
    for (const auto& op : ops) {
      ++kinds[op.op];
      if (op.op == OpKind::Incr) REQUIRE(op.value == "1");
      if (op.op == OpKind::Set) REQUIRE(op.value.rfind(std::string(1, static_cast<char>('A' + op.node)) + ".", 0) == 0);
    }
    const double n = static_cast<double>(ops.size());
    CHECK(kinds[OpKind::Read] / n == Approx(0.2).margin(0.05));
    CHECK(kinds[OpKind::Set] / n == Approx(0.8 * 0.7).margin(0.06));
    CHECK(kinds[OpKind::Incr] / n == Approx(0.8 * 0.2).margin(0.05));
    CHECK(kinds[OpKind::Delete] / n == Approx(0.8 * 0.1).margin(0.04));
    CHECK(kinds[OpKind::Insert] == 0);
  }
  SECTION("zipf skews toward k1") {
    std::vector<std::string> names;
    const auto ops = plan(sc, 5, &names);
    std::map<std::string, int> perKey;
    for (const auto& op : ops) ++perKey[names[op.key]];
    const double n = static_cast<double>(ops.size());
    CHECK(perKey["k1"] > perKey["k2"]);
    CHECK(perKey["k2"] > perKey["k10"]);
    CHECK(perKey["k1"] > perKey["k20"] * 5);
    // P(k1) = 1 / H(20, 1.1) ≈ 0.29.
    CHECK(perKey["k1"] / n == Approx(0.29).margin(0.05));
  }
  SECTION("uniform keys: no such skew") {
    const Scenario u = load(scenario(kAll3, R"("workload": { "leaders": "all", "rate_per_s": 1000, "duration_ms": 1000, "keys": 10 })"));
    std::vector<std::string> names;
    const auto ops = plan(u, 5, &names);
    std::map<std::string, int> perKey;
    for (const auto& op : ops) ++perKey[names[op.key]];
    REQUIRE(perKey.size() == 10);
    for (const auto& [k, c] : perKey) CHECK(c / static_cast<double>(ops.size()) == Approx(0.1).margin(0.02));
  }
  SECTION("explicit writes come before generated ops at the same time, in file order") {
    const Scenario w = load(scenario(kAll3, R"("writes": [ { "at_ms": 0, "leader": "B", "key": "e1", "value": "1" },
        { "at_ms": 0, "leader": "A", "key": "e2", "value": "2" } ],
        "workload": { "leaders": ["C"], "rate_per_s": 100, "duration_ms": 100, "keys": 3 })"));
    std::vector<std::string> names;
    const auto ops = plan(w, 1, &names);
    REQUIRE(ops.size() >= 2);
    CHECK(names[ops[0].key] == "e1");
    CHECK(names[ops[1].key] == "e2");
    for (size_t i = 2; i < ops.size(); ++i) CHECK(ops[i].node == 2u);
  }
}

TEST_CASE("replication::Simulation: the same seed gives the same run, a different seed another", "[replication][simulation]") {
  const std::string sc = scenario(kAll3, R"("links": { "default": { "latency_ms": { "dist": "uniform", "min": 5, "max": 50 } } },
      "workload": { "leaders": "all", "rate_per_s": 100, "duration_ms": 500, "keys": 5 })");
  RunOptions s1, s2;
  s1.seed = 1;
  s2.seed = 2;
  const Ran a = run(sc, s1), b = run(sc, s1), c = run(sc, s2);
  CHECK(a.report.dump() == b.report.dump());
  CHECK(a.report.dump() != c.report.dump());
  CHECK(a["seed"] == 1);
  CHECK(c["seed"] == 2);
}

// ---------------------------------------------------------------------------------------------
// Convergence time.
TEST_CASE("replication::Simulation: convergence_ms is when the replicas last became identical", "[replication][simulation]") {
  SECTION("two rounds of writes: converged at 10, diverged at 50, converged again at 60") {
    const Ran r = run(scenario(kAll3, std::string(kLat10) + R"(, "writes": [
        { "at_ms": 0, "leader": "A", "key": "x", "value": "a" },
        { "at_ms": 50, "leader": "B", "key": "x", "value": "b" } ])"));
    CHECK(r["converged"] == true);
    CHECK(r["convergence_ms"] == 60.0);
  }
  SECTION("stopped in between: diverged, null") {
    RunOptions o;
    o.untilMs = 55;
    const Ran r = run(scenario(kAll3, std::string(kLat10) + R"(, "writes": [
        { "at_ms": 0, "leader": "A", "key": "x", "value": "a" },
        { "at_ms": 50, "leader": "B", "key": "x", "value": "b" } ])"), o);
    CHECK(r["converged"] == false);
    CHECK(r["convergence_ms"].is_null());
  }
  SECTION("no writes at all: identical from the start") {
    const Ran r = run(scenario(kAll3, std::string(kLat10)));
    CHECK(r["converged"] == true);
    CHECK(r["convergence_ms"] == 0.0);
    CHECK(r["end_ms"] == 0.0);
  }
  SECTION("a write that sets the value already there does not break convergence") {
    const Ran r = run(scenario(kAll3, std::string(kLat10) + R"(, "writes": [
        { "at_ms": 0, "leader": "A", "key": "x", "value": "a" },
        { "at_ms": 50, "leader": "B", "key": "x", "value": "a" } ])"));
    CHECK(r["converged"] == true);
    CHECK(r["convergence_ms"] == 10.0);
  }
  SECTION("through the Simulation API") {
    const Scenario sc = load(scenario(kAll3, std::string(kLat10) + R"(, "writes": [
        { "at_ms": 0, "leader": "A", "key": "x", "value": "a" },
        { "at_ms": 30, "leader": "C", "key": "y", "value": "c" } ])"));
    Simulation sim(sc);
    sim.run();
    CHECK(sim.converged());
    REQUIRE(sim.convergedSince().has_value());
    CHECK(*sim.convergedSince() == SimTime::fromMs(40));
    CHECK(sim.writeName(0) == "A#1");
    CHECK(sim.writeName(1) == "C#1");
    for (WriteIndex w = 0; w < 2; ++w) {
      CHECK(sim.fullyReplicated(w));
      CHECK(sim.appliedCount(w) == 3u);
    }
    CHECK(sim.lastAppliedAt(1) == SimTime::fromMs(40));
    CHECK(sim.values(1, 0) == std::vector<std::string>{"a"});
  }
}

TEST_CASE("replication::Simulation: dependency lists are let go once every replica has the write",
          "[replication][simulation][memory]") {
  // 16 leaders writing 1,000 times a second each for two seconds: 32,000
  // writes with about 8 dependencies each (250,000 dots), causal order
  // over links from 2 to 30 ms (writes overtake each other and are held
  // until their dependencies arrive: a list let go too early would let a
  // write through sooner and change when it is applied).
  // Fault-free, the lists go as writes reach everyone, and what is held is
  // bounded by the writes in flight (two full blocks here), not the run's
  // length; a fault (here one that changes nothing) keeps them all. Either
  // way the run is the same.
  const std::string base = R"({"replsim": 1, "name": "deps", "topology": {"kind": "all-to-all", "leaders": {"count": 32}},
    "links": {"default": {"latency_ms": {"dist": "uniform", "min": 2, "max": 30}}}, "replication": {"ordering": "causal"},
    "workload": {"rate_per_s": 500, "duration_ms": 2000, "keys": 64})";
  Simulation a(load(base + "}")), b(load(base + R"(, "faults": [{"at_ms": 0, "heal": true}]})"));
  struct HeldCount : SimObserver {
    size_t held = 0;
    void onDelivered(const MessageEvent& e) override { held += e.held; }
  } heldInA;
  a.addObserver(&heldInA);
  a.run();
  b.run();
  INFO("writes " << a.writes().size() << ", dots held: kept " << b.writes().depsCapacity() << ", recycled "
                 << a.writes().depsCapacity());
  REQUIRE(a.writes().size() > 30000);
  REQUIRE(a.writes().size() == b.writes().size());
  CHECK(b.writes().depsCapacity() >= 250000);
  CHECK(a.writes().depsCapacity() <= 2 * DotArena::kMaxBlock);
  CHECK(a.converged());
  for (NodeId n = 0; n < 32; ++n) CHECK(a.replica(n).digest == b.replica(n).digest);
  size_t sameProgress = 0;
  for (WriteIndex w = 0; w < a.writes().size(); ++w)
    sameProgress += a.appliedCount(w) == b.appliedCount(w) && a.lastAppliedAt(w) == b.lastAppliedAt(w);
  CHECK(sameProgress == a.writes().size());
  CHECK(a.heldAtEnd() == 0);
  CHECK(heldInA.held > 1000);  // (writes did overtake: the lists were read)
}
