// Leaderless runs with per-kind link latencies (links' "by_kind") and with
// quorum.coordinator "client". Every expected time is derived by hand in the
// comment above it from the fixed latencies (docs/leaderless.md).
#include <string>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/TestSupport.h"

using namespace replsim;
using replsim::testing::runReport;

namespace {

// A, B, C (n = 3: every node holds every key); every link 10 ms, but a copy
// (write) 2 ms, an ack 30 ms, a read request 1 ms and an answer 5 ms.
const char* const kKinds = R"("write": 2, "ack": 30, "read": 1, "read_response": 5)";

std::string threeNodes(const std::string& quorum, const std::string& overrides, const std::string& writes,
                       const std::string& faults = "[]", const std::string& replicationExtra = "") {
  return fmt::format(R"({{"replsim": 1, "name": "t", "topology": {{"kind": "all-to-all", "leaders": ["A", "B", "C"]}},
      "links": {{"default": {{"latency_ms": 10, "by_kind": {{{}}}}}, "overrides": [{}]}},
      "replication": {{"mode": "leaderless", "quorum": {}{}}}, "writes": {}, "faults": {}}})",
                     kKinds, overrides, quorum, replicationExtra, writes, faults);
}

}  // namespace

TEST_CASE("replication::LeaderlessProtocol by_kind: fast copies, slow acks — exact commit and read times") {
  // Node coordination, n 3, w 2, r 2. x=1 at A at 0: A stores it (ack 1);
  // the copies reach B and C at 2 (write 2 ms), their acks A at 32 (ack
  // 30 ms): commit at 32. Read at B at 10: B's own copy (x=1 since 2) at
  // once; the requests reach A and C at 11 (read 1 ms), their answers B at
  // 16 (read_response 5 ms): the second answer, at 16 — "1", before the
  // write has committed. Read at C at 50: its own copy and the answers at 56.
  const ReportJson r = runReport(threeNodes(R"({"n": 3, "w": 2, "r": 2})", "",
                                            R"([{"at_ms": 0, "leader": "A", "key": "x", "value": "1"},
                                                {"at_ms": 10, "leader": "B", "key": "x", "op": "read"},
                                                {"at_ms": 50, "leader": "C", "key": "x", "op": "read"}])"));
  CHECK(r["quorum"]["writes_committed"] == 1);
  CHECK(r["writes"]["commit_latency_ms"]["max"] == 32.0);
  REQUIRE(r["reads"]["log"].size() == 2);
  CHECK(r["reads"]["log"][0]["at_ms"] == 16.0);
  CHECK(r["reads"]["log"][0]["values"] == ReportJson::array({"1"}));
  CHECK(r["reads"]["log"][1]["at_ms"] == 56.0);
  CHECK(r["reads"]["stale"] == 0);
  CHECK(r["messages"]["sent"] == 2);  // the copies A->B, A->C
}

TEST_CASE("replication::LeaderlessProtocol by_kind: an override's latency_ms replaces the by_kind below it") {
  // As above with B->A and C->A overridden to 40 ms (no by_kind of their
  // own): the acks take 40, not 30 — commit at 2 + 40 = 42. An override
  // that gives only by_kind {"ack": 4} on C->A keeps the default's other
  // kinds: C's ack at 2 + 4 = 6 is the second ack: commit at 6.
  const std::string writes = R"([{"at_ms": 0, "leader": "A", "key": "x", "value": "1"}])";
  const ReportJson slow = runReport(threeNodes(R"({"n": 3, "w": 2, "r": 2})",
                                               R"({"from": "B", "to": "A", "latency_ms": 40},
                                                  {"from": "C", "to": "A", "latency_ms": 40})",
                                               writes));
  CHECK(slow["writes"]["commit_latency_ms"]["max"] == 42.0);
  const ReportJson fast = runReport(threeNodes(R"({"n": 3, "w": 2, "r": 2})",
                                               R"({"from": "C", "to": "A", "by_kind": {"ack": 4}})", writes));
  CHECK(fast["writes"]["commit_latency_ms"]["max"] == 6.0);
}

TEST_CASE("replication::LeaderlessProtocol coordinator client: every leg is a message, the own replica's too") {
  // n 3, w 1, r 1; B->A and B->C overridden to 20 ms (every kind). The
  // client's loopback to its own node takes links.default's kind latency.
  // x=1 at A at 0:
  //   client: A's own copy by loopback at 2, its ack at 32; B's copy at 2,
  //   ack over B->A at 22; C's at 2, ack at 32: the first ack (w 1) is B's,
  //   commit at 22.  node: A stores it at once: commit at 0.
  // Read at B at 40:
  //   client: own request by loopback at 41, answer at 46; A's and C's
  //   requests at 60 (B->A, B->C 20 ms), answers at 65: answered at 46.
  //   node: B's own copy answers at once: 40.
  const std::string overrides = R"({"from": "B", "to": "A", "latency_ms": 20},
                                   {"from": "B", "to": "C", "latency_ms": 20})";
  const std::string writes = R"([{"at_ms": 0, "leader": "A", "key": "x", "value": "1"},
                                 {"at_ms": 40, "leader": "B", "key": "x", "op": "read"}])";
  const ReportJson client = runReport(threeNodes(R"({"n": 3, "w": 1, "r": 1, "coordinator": "client"})", overrides, writes));
  CHECK(client["writes"]["commit_latency_ms"]["max"] == 22.0);
  REQUIRE(client["reads"]["log"].size() == 1);
  CHECK(client["reads"]["log"][0]["at_ms"] == 46.0);
  CHECK(client["reads"]["log"][0]["values"] == ReportJson::array({"1"}));
  CHECK(client["quorum"]["writes_committed"] == 1);
  CHECK(client["quorum"]["reads_answered"] == 1);
  CHECK(client["messages"]["sent"] == 2);  // loopback legs are not published, as the own store is not
  CHECK(client["converged"] == true);
  const ReportJson node = runReport(threeNodes(R"({"n": 3, "w": 1, "r": 1})", overrides, writes));
  CHECK(node["writes"]["commit_latency_ms"]["max"] == 0.0);
  CHECK(node["reads"]["log"][0]["at_ms"] == 40.0);
}

TEST_CASE("replication::LeaderlessProtocol coordinator client: blocking read repair of the client's own node") {
  // The kinds above plus a repair 4 ms; B->A 5 ms and B->C 30 ms (every
  // kind). A->B is down from 0 to 100, so B never gets x=1 (no hints).
  // Write at A at 0, client: A's loopback copy at 2, its ack at 32; C's copy
  // at 2, its ack at 32: commit at 32 (w 2); B's copy is not sent
  // (requests_not_sent 1).
  // Read at B at 200, r 2, blocking repair: the own request by loopback at
  // 201, its answer (nothing) at 206; A's request at 205, its answer (x=1)
  // at 210 — the 2nd answer: result x=1, and B's own answer is older: a
  // repair by loopback at 214, its ack at 218: answered at 218. C's answer
  // (request at 230, answer at 235) is late and not older: no more repairs.
  //   node: B's own answer at 200, A's at 210: the own copy is repaired at
  //   once, answered at 210.
  const std::string overrides = R"({"from": "B", "to": "A", "latency_ms": 5},
                                   {"from": "B", "to": "C", "latency_ms": 30})";
  const std::string writes = R"([{"at_ms": 0, "leader": "A", "key": "x", "value": "1"},
                                 {"at_ms": 200, "leader": "B", "key": "x", "op": "read"}])";
  const std::string faults = R"([{"at_ms": 0, "link_down": ["A", "B"]}, {"at_ms": 100, "link_up": ["A", "B"]}])";
  const auto scenario = [&](const std::string& coordinator) {
    std::string s = threeNodes(R"({"n": 3, "w": 2, "r": 2, "coordinator": ")" + coordinator + R"("})", overrides,
                               writes, faults, R"(, "read_repair": "blocking")");
    const std::string from = R"("read_response": 5)";
    return s.replace(s.find(from), from.size(), R"("read_response": 5, "repair": 4)");
  };
  const ReportJson client = runReport(scenario("client"));
  CHECK(client["writes"]["commit_latency_ms"]["max"] == 32.0);
  CHECK(client["quorum"]["requests_not_sent"] == 1);
  REQUIRE(client["reads"]["log"].size() == 1);
  CHECK(client["reads"]["log"][0]["at_ms"] == 218.0);
  CHECK(client["reads"]["log"][0]["values"] == ReportJson::array({"1"}));
  CHECK(client["read_repairs"] == 1);
  CHECK(client["leaders"]["B"]["keys"]["x"] == ReportJson::array({"1"}));
  const ReportJson node = runReport(scenario("node"));
  CHECK(node["reads"]["log"][0]["at_ms"] == 210.0);
  CHECK(node["read_repairs"] == 1);
}

TEST_CASE("replication::LeaderlessProtocol coordinator client: hints — the client's own node keeps one by loopback") {
  // Five nodes; x lives on A, D, E, its fallbacks are B then C (as in
  // LeaderlessProtocolTest's hints). D and E are down from 0 to 1500; a
  // sloppy quorum with w 1; every link 10 ms, a hint message 3 ms, B->C
  // 100 ms (every kind). The client at B writes at 1:
  //   A's copy at 11, its ack at 21. D is unreachable: its copy goes to the
  //   first fallback, B — the client's own node — by loopback: stored at 4,
  //   its hinted ack at 7 (the first ack: commit at 7, latency 6). E's goes
  //   to C over B->C: at 101, acked at 104.
  //   node coordination: B keeps the hint at once and acks it: commit at 1.
  // B checks its hints at 104, 204, ..., 1504: D is back, the hand-off
  // reaches it at 1507; C checks at 201, ..., 1501: E gets it at 1504.
  const auto scenario = [](const std::string& coordinator) {
    return R"({"replsim": 1, "name": "t", "topology": {"kind": "all-to-all", "leaders": ["A", "B", "C", "D", "E"]},
      "links": {"default": {"latency_ms": 10, "by_kind": {"hint": 3}},
                "overrides": [{"from": "B", "to": "C", "latency_ms": 100}]},
      "replication": {"mode": "leaderless", "quorum": {"n": 3, "w": 1, "r": 1, "hinted_handoff": true,
                      "sloppy": true, "coordinator": ")" +
           coordinator + R"("}},
      "writes": [{"at_ms": 1, "leader": "B", "key": "x", "value": "1"}],
      "faults": [{"at_ms": 0, "crash": "D"}, {"at_ms": 0, "crash": "E"},
                 {"at_ms": 1500, "recover": "D"}, {"at_ms": 1500, "recover": "E"}]})";
  };
  const ReportJson client = runReport(scenario("client"));
  CHECK(client["writes"]["commit_latency_ms"]["max"] == 6.0);
  CHECK(client["hints"]["stored"] == 2);
  CHECK(client["hints"]["delivered"] == 2);
  CHECK(client["hints"]["held_at_end"] == 0);
  CHECK(client["leaders"]["D"]["keys"]["x"] == ReportJson::array({"1"}));
  CHECK(client["leaders"]["E"]["keys"]["x"] == ReportJson::array({"1"}));
  CHECK_FALSE(client["leaders"]["B"]["keys"].contains("x"));  // a hint is kept aside
  // Published: A's copy, C's hinted copy, the two hand-offs (B's own hint is a loopback).
  CHECK(client["messages"]["sent"] == 4);
  const ReportJson node = runReport(scenario("node"));
  CHECK(node["writes"]["commit_latency_ms"]["max"] == 0.0);
  CHECK(node["hints"]["delivered"] == 2);
}

TEST_CASE("replication::LeaderlessProtocol coordinator client: the report says who coordinated") {
  const std::string writes = R"([{"at_ms": 0, "leader": "A", "key": "x", "value": "1"}])";
  CHECK(runReport(threeNodes(R"({"n": 3, "w": 1, "r": 1, "coordinator": "client"})", "", writes))["quorum"]["coordinator"] ==
        "client");
  CHECK_FALSE(runReport(threeNodes(R"({"n": 3, "w": 1, "r": 1})", "", writes))["quorum"].contains("coordinator"));
}
