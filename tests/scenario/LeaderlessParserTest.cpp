// replication.mode "leaderless" in the loader (sim/scenario/LeaderlessParser.cpp):
// each field lands in the Scenario, each mistake is reported at its JSON
// path, and each option not implemented yet is refused, never ignored.
#include <algorithm>
#include <utility>

#include <catch2/catch.hpp>

#include "sim/scenario/ScenarioLoader.h"

using nlohmann::json;
using namespace replsim;

namespace {

const char* const kLeaderless =
    R"({"replsim": 1, "name": "t", "topology": {"kind": "all-to-all", "leaders": ["A", "B", "C", "D"]},
        "replication": {"mode": "leaderless"}})";

LoadResult load(const std::string& patch) {
  json doc = json::parse(kLeaderless);
  doc.merge_patch(json::parse(patch));
  return loadScenarioText(doc.dump(2), "t.json", ".");
}

std::string rendered(const LoadResult& result) {
  std::string out;
  for (const auto& e : result.errors) out += e.render() + "\n";
  return out;
}

struct Bad {
  std::string label, patch, path, message;
};

}  // namespace

TEST_CASE("scenario::LeaderlessParser: the fields land in the Scenario, with their defaults") {
  SECTION("defaults") {
    const LoadResult r = load("{}");
    INFO(rendered(r));
    REQUIRE(r.ok());
    const Scenario& s = *r.scenario;
    CHECK(s.replication.mode == ProtocolKind::Leaderless);
    const QuorumSpec& q = s.replication.leaderless.quorum;
    CHECK(q.n == 3);
    CHECK(q.w == 2);
    CHECK(q.r == 2);
    CHECK(q.readFanout == ReadFanout::All);
    CHECK(q.coordinator == QuorumCoordinator::Node);
    CHECK_FALSE(q.sloppy);
    CHECK(q.hintedHandoff);  // the Dynamo/Cassandra default
    CHECK(q.timeout == SimTime::fromMs(1000.0));
    CHECK(s.replication.leaderless.vnodes == 16);
    CHECK(s.replication.leaderless.readRepair == ReadRepair::Off);
  }
  SECTION("every supported field") {
    const LoadResult r = load(R"({"replication": {"quorum": {"n": 4, "w": 3, "r": 1, "read_fanout": "r",
        "coordinator": "node", "sloppy": false, "hinted_handoff": false, "timeout_ms": 250.5},
        "placement": {"vnodes": 5}, "read_repair": "off", "conflicts": {"resolve": "lww", "timestamps": "clock"}},
        "writes": [{"at_ms": 0, "leader": "A", "key": "x", "value": "1"},
                   {"at_ms": 1, "leader": "B", "key": "x", "op": "read"}]})");
    INFO(rendered(r));
    REQUIRE(r.ok());
    const LeaderlessSpec& ll = r.scenario->replication.leaderless;
    CHECK(ll.quorum.n == 4);
    CHECK(ll.quorum.w == 3);
    CHECK(ll.quorum.r == 1);
    CHECK(ll.quorum.readFanout == ReadFanout::R);
    CHECK(ll.quorum.timeout == SimTime::fromUs(250500));
    CHECK_FALSE(ll.quorum.hintedHandoff);  // false is kept
    CHECK(ll.vnodes == 5);
  }
  SECTION("sloppy quorum and hinted handoff") {
    const LoadResult r =
        load(R"({"replication": {"quorum": {"sloppy": true, "hint_window_ms": 5000}}})");  // hinted handoff by default
    INFO(rendered(r));
    REQUIRE(r.ok());
    const QuorumSpec& q = r.scenario->replication.leaderless.quorum;
    CHECK(q.sloppy);
    CHECK(q.hintedHandoff);
    CHECK(q.hintWindow == SimTime::fromMs(5000.0));
  }
  SECTION("tombstones and deletes") {
    const LoadResult r = load(R"({"replication": {"tombstones": {"gc_grace_ms": 2500}},
        "writes": [{"at_ms": 0, "leader": "A", "key": "x", "op": "delete"}]})");
    INFO(rendered(r));
    REQUIRE(r.ok());
    CHECK(r.scenario->replication.leaderless.gcGrace == SimTime::fromMs(2500.0));
  }
  SECTION("anti-entropy") {
    const LoadResult r = load(R"({"until_ms": 5000, "replication": {"anti_entropy": {"interval_ms": 1000}}})");
    INFO(rendered(r));
    REQUIRE(r.ok());
    CHECK(r.scenario->replication.leaderless.antiEntropyInterval == SimTime::fromMs(1000.0));
  }
  SECTION("read repair") {
    for (const auto& [word, value] : {std::pair{"off", ReadRepair::Off}, std::pair{"blocking", ReadRepair::Blocking},
                                      std::pair{"async", ReadRepair::Async}}) {
      const LoadResult r = load(std::string(R"({"replication": {"read_repair": ")") + word + "\"}}");
      INFO(rendered(r));
      REQUIRE(r.ok());
      CHECK(r.scenario->replication.leaderless.readRepair == value);
    }
  }
  SECTION("siblings, with dotted version vectors unless told otherwise") {
    LoadResult r = load(R"({"replication": {"conflicts": {"resolve": "siblings"}}})");
    INFO(rendered(r));
    REQUIRE(r.ok());
    CHECK(r.scenario->replication.conflicts.resolve == "siblings");
    CHECK(r.scenario->replication.conflicts.clock == SiblingClockKind::Dotted);
    r = load(R"({"replication": {"conflicts": {"resolve": "siblings", "clock": "vnode"}}})");
    REQUIRE(r.ok());
    CHECK(r.scenario->replication.conflicts.clock == SiblingClockKind::Vnode);
  }
  SECTION("mode multi-leader is the default and can be written") {
    const LoadResult r = load(R"({"replication": {"mode": "multi-leader"}})");
    REQUIRE(r.ok());
    CHECK(r.scenario->replication.mode == ProtocolKind::MultiLeader);
  }
}

TEST_CASE("scenario::LeaderlessParser: every mistake is reported at its JSON path") {
  const std::vector<Bad> cases = {
      {"mode misspelt", R"({"replication": {"mode": "leader-less"}})", "/replication/mode", "leaderless"},
      {"mode single-leader points at the topology", R"({"replication": {"mode": "single-leader"}})",
       "/replication/mode", "topology.kind \"single-leader\""},
      {"n above the node count", R"({"replication": {"quorum": {"n": 5, "w": 1, "r": 1}}})", "/replication/quorum/n",
       "n 5 exceeds the 4 nodes of the topology"},
      {"n zero", R"({"replication": {"quorum": {"n": 0}}})", "/replication/quorum/n", "expected an integer"},
      {"w above n", R"({"replication": {"quorum": {"n": 3, "w": 4}}})", "/replication/quorum/w",
       "w 4 exceeds n 3: a write cannot wait for more replicas than a key has"},
      {"r above n", R"({"replication": {"quorum": {"n": 2, "w": 1, "r": 3}}})", "/replication/quorum/r",
       "r 3 exceeds n 2: a read cannot wait"},
      {"default w above a small n", R"({"replication": {"quorum": {"n": 1, "r": 1}}})", "/replication/quorum",
       "w defaults to 2 but n is 1"},
      {"default r above a small n", R"({"replication": {"quorum": {"n": 1, "w": 1}}})", "/replication/quorum",
       "r defaults to 2 but n is 1"},
      {"default n above a small topology",
       R"({"topology": {"leaders": ["A", "B"]}, "replication": {"quorum": {"w": 1, "r": 1}}})",
       "/replication/quorum", "n defaults to 3 but the topology has 2 node(s)"},
      {"w zero", R"({"replication": {"quorum": {"w": 0}}})", "/replication/quorum/w", "expected an integer"},
      {"unknown quorum key", R"({"replication": {"quorum": {"wr": 2}}})", "/replication/quorum/wr", "unknown key"},
      {"read_fanout misspelt", R"({"replication": {"quorum": {"read_fanout": "some"}}})",
       "/replication/quorum/read_fanout", "expected one of all, r"},
      {"timeout zero", R"({"replication": {"quorum": {"timeout_ms": 0}}})", "/replication/quorum/timeout_ms", ""},
      {"vnodes zero", R"({"replication": {"placement": {"vnodes": 0}}})", "/replication/placement/vnodes", ""},
      {"vnodes too many", R"({"replication": {"placement": {"vnodes": 1025}}})", "/replication/placement/vnodes", ""},
      {"quorum without leaderless", R"({"replication": {"mode": null, "quorum": {"n": 3}}})", "/replication/quorum",
       "applies only to replication.mode \"leaderless\""},
      {"placement without leaderless", R"({"replication": {"mode": "multi-leader", "placement": {"vnodes": 3}}})",
       "/replication/placement", "applies only to replication.mode \"leaderless\""},
      {"loop_prevention with leaderless", R"({"replication": {"loop_prevention": "seen"}})",
       "/replication/loop_prevention", "does not apply to replication.mode \"leaderless\""},
      {"ordering with leaderless", R"({"replication": {"ordering": "causal"}})", "/replication/ordering",
       "does not apply"},
      {"forward with leaderless", R"({"replication": {"forward": true}})", "/replication/forward", "does not apply"},
      {"routing with leaderless", R"({"replication": {"routing": {"policy": "direct"}}})", "/replication/routing",
       "does not apply"},
      {"auto_reconfigure with leaderless", R"({"replication": {"auto_reconfigure": {"after_ms": 5}}})",
       "/replication/auto_reconfigure", "does not apply"},
      {"detect sync with leaderless", R"({"replication": {"conflicts": {"detect": "sync"}}})",
       "/replication/conflicts/detect", "does not apply to replication.mode \"leaderless\""},
      {"a ring", R"({"topology": {"kind": "ring"}})", "/topology/kind", "needs topology kind \"all-to-all\""},
      {"datacenters", R"({"topology": {"leaders": null, "datacenters": [{"name": "eu", "leader": "A", "followers": ["a2", "a3"]},
          {"name": "us", "leader": "B", "followers": ["b2"]}]}})",
       "/topology/datacenters", "not supported yet"},
      // Not implemented yet: refused, never ignored.
      {"coordinator client", R"({"replication": {"quorum": {"coordinator": "client"}}})",
       "/replication/quorum/coordinator", "coordinator \"client\" is not supported yet"},
      {"sloppy without hinted handoff", R"({"replication": {"quorum": {"sloppy": true, "hinted_handoff": false}}})",
       "/replication/quorum/sloppy", "a sloppy quorum needs \"hinted_handoff\": true"},
      {"hint window without hinted handoff",
       R"({"replication": {"quorum": {"hinted_handoff": false, "hint_window_ms": 1000}}})",
       "/replication/quorum/hint_window_ms", "hint_window_ms only applies with \"hinted_handoff\": true"},
      {"hint window zero", R"({"replication": {"quorum": {"hinted_handoff": true, "hint_window_ms": 0}}})",
       "/replication/quorum/hint_window_ms", ""},
      {"anti-entropy without until_ms", R"({"replication": {"anti_entropy": {"interval_ms": 1000}}})",
       "/replication/anti_entropy", "anti_entropy needs until_ms at the root"},
      {"anti-entropy interval zero", R"({"until_ms": 100, "replication": {"anti_entropy": {"interval_ms": 0}}})",
       "/replication/anti_entropy/interval_ms", ""},
      {"tombstones without gc_grace_ms", R"({"replication": {"tombstones": {}}})", "/replication/tombstones",
       "missing required key \"gc_grace_ms\""},
      {"merge", R"({"replication": {"conflicts": {"resolve": "merge"}}})", "/replication/conflicts/resolve",
       "resolve \"merge\" is not supported with replication.mode \"leaderless\"; only \"lww\" and \"siblings\""},
      {"clock without siblings", R"({"replication": {"conflicts": {"clock": "vnode"}}})",
       "/replication/conflicts/clock", "\"clock\" only applies to resolve \"siblings\""},
      {"clock misspelt", R"({"replication": {"conflicts": {"resolve": "siblings", "clock": "dvv"}}})",
       "/replication/conflicts/clock", "\"dvv\""},
      {"clock in multi-leader mode",
       R"({"replication": {"mode": "multi-leader", "conflicts": {"resolve": "siblings", "clock": "dotted"}}})",
       "/replication/conflicts/clock", "\"clock\" only applies to replication.mode \"leaderless\""},
      {"siblings with on_read", R"({"replication": {"conflicts": {"resolve": "siblings", "on_read": "max-value"}}})",
       "/replication/conflicts/on_read", "on_read is not supported yet with replication.mode \"leaderless\""},
      {"siblings with gc grace",
       R"({"replication": {"conflicts": {"resolve": "siblings"}, "tombstones": {"gc_grace_ms": 100}}})",
       "/replication/tombstones/gc_grace_ms", "tombstones are never purged with resolve \"siblings\""},
      {"op incr", R"({"writes": [{"at_ms": 0, "leader": "A", "key": "x", "op": "incr"}]})", "/writes/0/op",
       "op \"incr\" is not supported yet"},
      {"workload op insert", R"({"workload": {"ops": {"set": 1, "insert": 1}}})", "/workload/ops/insert",
       "op \"insert\" is not supported yet"},
      {"reconfigure fault", R"({"faults": [{"at_ms": 1, "reconfigure": {"remove": [["A", "B"]]}}]})", "/faults/0",
       "fault \"reconfigure\" is not supported yet"},
  };
  for (const Bad& c : cases) {
    DYNAMIC_SECTION(c.label) {
      const LoadResult r = load(c.patch);
      INFO(c.patch);
      INFO(rendered(r));
      CHECK_FALSE(r.ok());
      const auto match = std::find_if(r.errors.begin(), r.errors.end(), [&](const ScenarioError& e) {
        return e.jsonPath == c.path && e.message.find(c.message) != std::string::npos && e.file == "t.json";
      });
      CHECK(match != r.errors.end());
    }
  }
}
