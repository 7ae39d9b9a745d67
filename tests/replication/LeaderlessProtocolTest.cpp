// LeaderlessProtocol through whole runs. Every expected number is derived by
// hand in the comment above it, from the fixed link latencies.
#include "sim/replication/LeaderlessProtocol.h"

#include <catch2/catch.hpp>

#include "tests/TestSupport.h"

using namespace replsim;
using replsim::testing::runReport;

namespace {

// Three nodes, every link 10 ms; n = 3, so every key lives on A, B and C.
std::string threeNodes(const std::string& quorum, const std::string& writes, const std::string& faults = "[]") {
  return R"({"replsim": 1, "name": "t", "topology": {"kind": "all-to-all", "leaders": ["A", "B", "C"]},
             "links": {"default": {"latency_ms": 10}},
             "replication": {"mode": "leaderless", "quorum": )" +
         quorum + R"(}, "writes": )" + writes + R"(, "faults": )" + faults + "}";
}

}  // namespace

TEST_CASE("replication::LeaderlessProtocol: a write commits at the w-th ack, a read answers from r replicas") {
  // x=1 at A at 0: A stores it (ack 1); B and C get it at 10 and ack, the
  // acks reach A at 20: commit at 20 (latency 20).
  // Read at B at 5: B's own copy is empty (first answer); A and C get the
  // request at 15, both hold x=1 by then (C since 10); their answers reach B
  // at 25: the second answer completes r = 2, newest wins: "1".
  // Read at C at 30: C's own copy "1" and the first remote answer at 50.
  const ReportJson r = runReport(threeNodes(R"({"n": 3, "w": 2, "r": 2})",
                                            R"([{"at_ms": 0, "leader": "A", "key": "x", "value": "1"},
                                                {"at_ms": 5, "leader": "B", "key": "x", "op": "read"},
                                                {"at_ms": 30, "leader": "C", "key": "x", "op": "read"}])"));
  CHECK(r["quorum"]["writes_committed"] == 1);
  CHECK(r["quorum"]["writes_failed"] == 0);
  CHECK(r["writes"]["commit_latency_ms"]["max"] == 20.0);
  REQUIRE(r["reads"]["log"].size() == 2);
  CHECK(r["reads"]["log"][0]["at_ms"] == 25.0);
  CHECK(r["reads"]["log"][0]["leader"] == "B");
  CHECK(r["reads"]["log"][0]["values"] == ReportJson::array({"1"}));
  CHECK(r["reads"]["log"][1]["at_ms"] == 50.0);
  CHECK(r["reads"]["log"][1]["values"] == ReportJson::array({"1"}));
  CHECK(r["reads"]["total"] == 2);
  // Neither read began after the commit at 20 and missed it.
  CHECK(r["reads"]["stale"] == 0);
  // Published messages are the write's copies: A->B and A->C.
  CHECK(r["messages"]["sent"] == 2);
  CHECK(r["messages"]["delivered"] == 2);
  // Every replica holds x=1 (n = node count): converged.
  CHECK(r["converged"] == true);
}

TEST_CASE("replication::LeaderlessProtocol: w + r <= n reads miss committed writes, counted exactly") {
  // w = r = 1: a write commits at its coordinator's own store.
  // x=1 at A at 0 (commit 0), x=2 at A at 5 (commit 5); B gets them at 10
  // and 15, C too.
  // Read at B at 8: B's own empty copy is the r = 1 answer, at once: not
  // found. Committed before 8 and newer than nothing: both writes -> stale,
  // 2 versions missed, staleness 8 - 0 = 8 ms (the earliest one missed).
  // Read at C at 12: C holds x=1 (since 10): misses x=2 (commit 5) ->
  // stale, 1 version, staleness 12 - 5 = 7 ms.
  // Totals: stale 2, stale_versions 3, staleness p50 7 (nearest rank of
  // {7, 8}), max 8.
  const ReportJson r = runReport(threeNodes(R"({"n": 3, "w": 1, "r": 1})",
                                            R"([{"at_ms": 0, "leader": "A", "key": "x", "value": "1"},
                                                {"at_ms": 5, "leader": "A", "key": "x", "value": "2"},
                                                {"at_ms": 8, "leader": "B", "key": "x", "op": "read"},
                                                {"at_ms": 12, "leader": "C", "key": "x", "op": "read"}])"));
  CHECK(r["quorum"]["writes_committed"] == 2);
  CHECK(r["writes"]["commit_latency_ms"]["max"] == 0.0);
  CHECK(r["reads"]["stale"] == 2);
  CHECK(r["reads"]["stale_versions"] == 3);
  CHECK(r["reads"]["staleness_ms"]["p50"] == 7.0);
  CHECK(r["reads"]["staleness_ms"]["max"] == 8.0);
  REQUIRE(r["reads"]["log"].size() == 2);
  CHECK(r["reads"]["log"][0]["values"] == ReportJson::array());
  CHECK(r["reads"]["log"][0]["stale_ms"] == 8.0);
  CHECK(r["reads"]["log"][1]["values"] == ReportJson::array({"1"}));
  CHECK(r["reads"]["log"][1]["stale_ms"] == 7.0);
}

TEST_CASE("replication::LeaderlessProtocol: a write short of w fails but is not rolled back") {
  // B and C crash at 0; x=1 at A at 1: A stores it (1 ack of w = 2); the
  // links to B and C are down, so neither copy is sent (2 requests not
  // sent). At 1 + 1000 (timeout) the write fails: writes_failed 1, and it
  // stays at A: partial_writes 1.
  // Read at A at 10 (r = 2): A's own "1", B and C unreachable (2 more not
  // sent): fails at 1010.
  // B and C recover at 2000. Read at B at 2100 with r = 3: B's empty copy,
  // A's "1" and C's empty copy (both at 2120): the failed write is read.
  const ReportJson r = runReport(threeNodes(R"({"n": 3, "w": 2, "r": 3})",
                                            R"([{"at_ms": 1, "leader": "A", "key": "x", "value": "1"},
                                                {"at_ms": 10, "leader": "A", "key": "x", "op": "read"},
                                                {"at_ms": 2100, "leader": "B", "key": "x", "op": "read"}])",
                                            R"([{"at_ms": 0, "crash": "B"}, {"at_ms": 0, "crash": "C"},
                                                {"at_ms": 2000, "recover": "B"}, {"at_ms": 2000, "recover": "C"}])"));
  CHECK(r["quorum"]["writes_committed"] == 0);
  CHECK(r["quorum"]["writes_failed"] == 1);
  CHECK(r["quorum"]["partial_writes"] == 1);
  CHECK(r["quorum"]["failed_writes"] == ReportJson::array({"A#1"}));
  CHECK(r["quorum"]["reads_failed"] == 1);
  CHECK(r["quorum"]["reads_answered"] == 1);
  CHECK(r["quorum"]["requests_not_sent"] == 4);
  REQUIRE(r["reads"]["log"].size() == 1);
  CHECK(r["reads"]["log"][0]["at_ms"] == 2120.0);
  CHECK(r["reads"]["log"][0]["values"] == ReportJson::array({"1"}));
  CHECK(r["reads"]["stale"] == 0);  // nothing was ever committed
  CHECK(r["leaders"]["A"]["keys"]["x"] == ReportJson::array({"1"}));
  CHECK(r["leaders"]["B"]["keys"].contains("x") == false);
}

TEST_CASE("replication::LeaderlessProtocol: read_fanout r asks only r replicas") {
  // n = 3, r = 1, fanout r: a read at a replica asks only itself, so no
  // read request leaves B: the read at 5 answers at once, not found, and no
  // request is counted as not sent.
  const ReportJson r = runReport(threeNodes(R"({"n": 3, "w": 1, "r": 1, "read_fanout": "r"})",
                                            R"([{"at_ms": 0, "leader": "A", "key": "x", "value": "1"},
                                                {"at_ms": 5, "leader": "B", "key": "x", "op": "read"}])"));
  REQUIRE(r["reads"]["log"].size() == 1);
  CHECK(r["reads"]["log"][0]["at_ms"] == 5.0);
  CHECK(r["reads"]["log"][0]["values"] == ReportJson::array());
  CHECK(r["reads"]["stale"] == 1);
  CHECK(r["quorum"]["requests_not_sent"] == 0);
}

TEST_CASE("replication::LeaderlessProtocol: same scenario and seed, same report") {
  const std::string s = threeNodes(R"({"n": 2, "w": 1, "r": 2})", "[]");
  const std::string withWorkload =
      s.substr(0, s.size() - 1) +
      R"(, "workload": {"leaders": ["A", "B", "C"], "rate_per_s": 200, "duration_ms": 200, "keys": 5, "read_fraction": 0.3}})";
  const ReportJson a = runReport(withWorkload);
  const ReportJson b = runReport(withWorkload);
  CHECK(a.dump() == b.dump());
  CHECK(a["reads"]["total"].get<uint64_t>() > 0);
  CHECK(a["quorum"]["writes_committed"].get<uint64_t>() > 0);
}

namespace {

// scenarios/leaderless-strict-quorum-not-linearizable.json with read_repair
// and the second read at `secondReadMs`: key k lives on R3, R2, R1 (not on
// the coordinator W); links 10 ms except W->R2, W->R3 and R2->R1 (100 ms).
std::string overlapping(const std::string& readRepair, int secondReadMs) {
  return R"({"replsim": 1, "name": "t", "topology": {"kind": "all-to-all", "leaders": ["W", "R1", "R2", "R3"]},
      "links": {"default": {"latency_ms": 10}, "overrides": [{"from": "W", "to": "R2", "latency_ms": 100},
          {"from": "W", "to": "R3", "latency_ms": 100}, {"from": "R2", "to": "R1", "latency_ms": 100}]},
      "replication": {"mode": "leaderless", "quorum": {"n": 3, "w": 2, "r": 2}, "read_repair": ")" +
         readRepair + R"("},
      "writes": [{"at_ms": 0, "leader": "W", "key": "k", "value": "old"},
                 {"at_ms": 1000, "leader": "W", "key": "k", "value": "new"},
                 {"at_ms": 1020, "leader": "R1", "key": "k", "op": "read"},
                 {"at_ms": )" +
         std::to_string(secondReadMs) + R"(, "leader": "R2", "key": "k", "op": "read"}]})";
}

}  // namespace

TEST_CASE("replication::LeaderlessProtocol: blocking read repair makes the later read see the newer value") {
  // "new" reaches R1 at 1010, R2 and R3 at 1100.
  // Read 1 at R1 (1020): its own "new", R3's "old" at 1040 (r = 2): result
  // "new"; R3 answered older -> repair R1->R3 (arrives 1050, stored), ack at
  // 1060: the client gets "new" at 1060. R2's answer ("old", sent at 1030
  // over the slow R2->R1 link) arrives at 1130: late and older -> a
  // background repair to R2 (repair 3, below).
  // Read 2 at R2 (1065, after read 1 returned): its own "old", R3's "new"
  // (R3 has it since 1050) at 1085: result "new"; its own copy answered
  // older -> repaired at once (repair 2), nothing to wait for: answered at
  // 1085. R1's answer (1175) is "new": nothing to repair.
  // Repairs: R3 at 1040, R2 (local) at 1085, R2 (late) at 1130 -> 3.
  const ReportJson r = runReport(overlapping("blocking", 1065));
  REQUIRE(r["reads"]["log"].size() == 2);
  CHECK(r["reads"]["log"][0]["at_ms"] == 1060.0);
  CHECK(r["reads"]["log"][0]["values"] == ReportJson::array({"new"}));
  CHECK(r["reads"]["log"][1]["at_ms"] == 1085.0);
  CHECK(r["reads"]["log"][1]["values"] == ReportJson::array({"new"}));
  CHECK(r["read_repairs"] == 3);
  CHECK(r["quorum"]["writes_committed"] == 2);
  CHECK(r["reads"]["stale"] == 0);
  // Published copies: 3 per write, plus the repairs R1->R3 and R1->R2.
  CHECK(r["messages"]["sent"] == 8);
}

TEST_CASE("replication::LeaderlessProtocol: async read repair answers at once") {
  // As above, but read 1 answers at the r-th answer (1040) and its repair
  // reaches R3 at 1050 in the background: read 2 still sees "new" at 1085.
  const ReportJson r = runReport(overlapping("async", 1065));
  REQUIRE(r["reads"]["log"].size() == 2);
  CHECK(r["reads"]["log"][0]["at_ms"] == 1040.0);
  CHECK(r["reads"]["log"][1]["values"] == ReportJson::array({"new"}));
  CHECK(r["read_repairs"] == 3);
}

TEST_CASE("replication::LeaderlessProtocol: without read repair the later read goes back in time") {
  // No repair: R3 keeps "old" until 1100, so read 2 (R2 and R3) returns "old" at 1085.
  const ReportJson r = runReport(overlapping("off", 1065));
  REQUIRE(r["reads"]["log"].size() == 2);
  CHECK(r["reads"]["log"][0]["at_ms"] == 1040.0);
  CHECK(r["reads"]["log"][0]["values"] == ReportJson::array({"new"}));
  CHECK(r["reads"]["log"][1]["values"] == ReportJson::array({"old"}));
  CHECK(r["read_repairs"] == 0);
}

namespace {

// Five nodes, links 10 ms; key x's ring order is A, D, E, B, C (computed by
// the independent Python ring, see HashRingTest): replicas A, D, E,
// fallbacks B then C. D and E are down from 0 to 1500 ms; x=1 is written
// through A at 1 ms (w = 2) and read through D at 1600 ms.
std::string hinted(const std::string& quorumExtra) {
  return R"({"replsim": 1, "name": "t", "topology": {"kind": "all-to-all", "leaders": ["A", "B", "C", "D", "E"]},
      "links": {"default": {"latency_ms": 10}},
      "replication": {"mode": "leaderless", "quorum": {"n": 3, "w": 2, "r": 2, "hinted_handoff": true)" +
         quorumExtra + R"(}},
      "writes": [{"at_ms": 1, "leader": "A", "key": "x", "value": "1"},
                 {"at_ms": 1600, "leader": "D", "key": "x", "op": "read"}],
      "faults": [{"at_ms": 0, "crash": "D"}, {"at_ms": 0, "crash": "E"},
                 {"at_ms": 1500, "recover": "D"}, {"at_ms": 1500, "recover": "E"}]})";
}

}  // namespace

TEST_CASE("replication::LeaderlessProtocol: hints are handed off when the owner returns, and count towards w only when sloppy") {
  SECTION("strict: the write fails although two fallbacks hold it") {
    // A stores x=1 (ack 1); D and E are unreachable (2 requests not sent):
    // D's copy goes to B, E's to C as hints (arrive 11, hinted acks at 21,
    // not counted): the write fails at 1001. B and C check their hints every
    // 100 ms from 11: at 1511 D and E are back (since 1500), the hints are
    // handed off and stored at 1521. The read through D at 1600: D's "1" and
    // the first of A's / E's "1" at 1620.
    const ReportJson r = runReport(hinted(""));
    CHECK(r["quorum"]["writes_failed"] == 1);
    CHECK(r["quorum"]["writes_committed"] == 0);
    CHECK(r["quorum"]["partial_writes"] == 1);
    CHECK(r["hints"]["stored"] == 2);
    CHECK(r["hints"]["delivered"] == 2);
    CHECK(r["hints"]["expired"] == 0);
    CHECK(r["hints"]["held_at_end"] == 0);
    CHECK(r["leaders"]["D"]["keys"]["x"] == ReportJson::array({"1"}));
    CHECK(r["leaders"]["E"]["keys"]["x"] == ReportJson::array({"1"}));
    CHECK_FALSE(r["leaders"]["B"]["keys"].contains("x"));  // a hint is kept aside, not in the data
    REQUIRE(r["reads"]["log"].size() == 1);
    CHECK(r["reads"]["log"][0]["at_ms"] == 1620.0);
    CHECK(r["reads"]["log"][0]["values"] == ReportJson::array({"1"}));
    // Published copies: the two hinted copies and the two hand-offs.
    CHECK(r["messages"]["sent"] == 4);
  }
  SECTION("sloppy: the fallbacks' acks complete the quorum") {
    // As above, but B's hinted ack at 21 is the second ack: commit at 21,
    // latency 20 ms.
    const ReportJson r = runReport(hinted(R"(, "sloppy": true)"));
    CHECK(r["quorum"]["writes_committed"] == 1);
    CHECK(r["quorum"]["writes_failed"] == 0);
    CHECK(r["writes"]["commit_latency_ms"]["max"] == 20.0);
    CHECK(r["hints"]["delivered"] == 2);
  }
  SECTION("hints older than the window are dropped") {
    // hint_window_ms 500: the hints stored at 11 are dropped at the check
    // at 511 (age 500); D and E never get x.
    const ReportJson r = runReport(hinted(R"(, "hint_window_ms": 500)"));
    CHECK(r["hints"]["stored"] == 2);
    CHECK(r["hints"]["expired"] == 2);
    CHECK(r["hints"]["delivered"] == 0);
    CHECK_FALSE(r["leaders"]["D"]["keys"].contains("x"));
  }
}

TEST_CASE("replication::LeaderlessProtocol: a delete is a tombstone; purged before a replica catches up, it is undone") {
  // x=1 through A at 0 (ts 1, everywhere at 10); C down 100..1500; delete
  // through A at 200 (ts 2): tombstones at A (200) and B (210), commit 220.
  // Read through C at 1600 (r 2, blocking repair).
  const auto scenario = [](const std::string& tombstones) {
    return R"({"replsim": 1, "name": "t", "topology": {"kind": "all-to-all", "leaders": ["A", "B", "C"]},
        "links": {"default": {"latency_ms": 10}},
        "replication": {"mode": "leaderless", "quorum": {"n": 3, "w": 2, "r": 2}, "read_repair": "blocking")" +
           tombstones + R"(},
        "writes": [{"at_ms": 0, "leader": "A", "key": "x", "value": "1"},
                   {"at_ms": 200, "leader": "A", "key": "x", "op": "delete"},
                   {"at_ms": 1600, "leader": "C", "key": "x", "op": "read"}],
        "faults": [{"at_ms": 100, "crash": "C"}, {"at_ms": 1500, "recover": "C"}]})";
  };
  SECTION("within gc grace: the tombstone wins and repairs C") {
    // C's own x=1 and A's tombstone (1620): the tombstone is newer, the read
    // returns not-found at 1620 and C's own copy is repaired on the spot
    // (1 repair); B's late tombstone needs nothing. Not stale: the delete
    // is the newest committed write.
    const ReportJson r = runReport(scenario(""));
    REQUIRE(r["reads"]["log"].size() == 1);
    CHECK(r["reads"]["log"][0]["at_ms"] == 1620.0);
    CHECK(r["reads"]["log"][0]["values"] == ReportJson::array());
    CHECK(r["read_repairs"] == 1);
    CHECK(r["reads"]["stale"] == 0);
    CHECK(r["resurrected"] == 0);
    CHECK(r["tombstones_purged"] == 3);  // at A, B and C, 10 days (the default grace) after each
    CHECK(r["converged"] == true);
  }
  SECTION("after gc grace: the value comes back") {
    // gc_grace 1000: A and B purge at 1200 and 1210. C's x=1 and A's empty
    // answer (1620): x=1 is returned; A is repaired (stored 1630, ack 1640:
    // the read returns at 1640) and B when its late answer arrives: 2
    // resurrected, 2 repairs. Stale: the delete committed at 220 is newer
    // than x=1: staleness 1600 - 220 = 1380 ms.
    const ReportJson r = runReport(scenario(R"(, "tombstones": {"gc_grace_ms": 1000})"));
    REQUIRE(r["reads"]["log"].size() == 1);
    CHECK(r["reads"]["log"][0]["at_ms"] == 1640.0);
    CHECK(r["reads"]["log"][0]["values"] == ReportJson::array({"1"}));
    CHECK(r["read_repairs"] == 2);
    CHECK(r["tombstones_purged"] == 2);
    CHECK(r["resurrected"] == 2);
    CHECK(r["reads"]["stale"] == 1);
    CHECK(r["reads"]["staleness_ms"]["max"] == 1380.0);
    CHECK(r["leaders"]["A"]["keys"]["x"] == ReportJson::array({"1"}));
  }
}

TEST_CASE("replication::LeaderlessProtocol: anti-entropy brings back a delete purged before the replica that missed it returned") {
  // x=1 through A at 0 (everywhere at 10); C is down from 100 to `back`;
  // the delete through A at 200 leaves tombstones at A (200) and B (210),
  // purged at 1200 and 1210 (gc grace 1000). Anti-entropy rounds at 1000,
  // 2000 and 3000 (until 3500).
  const auto scenario = [](int back) {
    return R"({"replsim": 1, "name": "t", "until_ms": 3500,
        "topology": {"kind": "all-to-all", "leaders": ["A", "B", "C"]}, "links": {"default": {"latency_ms": 10}},
        "replication": {"mode": "leaderless", "quorum": {"n": 3, "w": 2, "r": 2},
                        "anti_entropy": {"interval_ms": 1000}, "tombstones": {"gc_grace_ms": 1000}},
        "writes": [{"at_ms": 0, "leader": "A", "key": "x", "value": "1"},
                   {"at_ms": 200, "leader": "A", "key": "x", "op": "delete"}],
        "faults": [{"at_ms": 100, "crash": "C"}, {"at_ms": )" +
           std::to_string(back) + R"(, "recover": "C"}]})";
  };
  SECTION("C back after the purge: the value comes back everywhere") {
    // Round 1000: C is down; A-B agree (both hold the tombstone). Round
    // 2000: A and B have purged (nothing), C holds x=1: C ships x=1 to A
    // and to B (stored at 2010): 2 keys repaired, 2 resurrected. Round 3000:
    // all agree.
    const ReportJson r = runReport(scenario(1500));
    CHECK(r["anti_entropy"]["keys_repaired"] == 2);
    CHECK(r["resurrected"] == 2);
    CHECK(r["tombstones_purged"] == 2);
    CHECK(r["leaders"]["A"]["keys"]["x"] == ReportJson::array({"1"}));
    CHECK(r["converged"] == true);
  }
  SECTION("C back within the grace: the tombstone reaches it first") {
    // C is back at 500; round 1000: A-C and B-C differ, the tombstone is
    // newer: shipped to C twice (stored at 1010, the second copy a no-op).
    // Each replica then purges on its own clock, and one still holding the
    // tombstone ships it to one that purged it (a grace shorter than the
    // repair interval makes tombstones churn): round 2000, A and B have
    // purged (1200, 1210), C has not (2010): C ships it to both (stored
    // again 2010, purged 3010); round 3000, C has purged, A and B not yet:
    // both ship it to C (stored again 3010, purge due 4010, after until).
    // Keys repaired 2 + 2 + 2 = 6; purges A 1200, B 1210, C 2010, A and B
    // 3010 = 5; nothing resurrected, and nobody holds x.
    const ReportJson r = runReport(scenario(500));
    CHECK(r["anti_entropy"]["keys_repaired"] == 6);
    CHECK(r["resurrected"] == 0);
    CHECK(r["tombstones_purged"] == 5);
    CHECK_FALSE(r["leaders"]["A"]["keys"].contains("x"));
    CHECK_FALSE(r["leaders"]["C"]["keys"].contains("x"));
    CHECK(r["converged"] == true);
  }
}
