// Synchronous conflict detection: the SyncCommits bookkeeping on its own,
// then the engine on hand-computed cases (the title example under sync and
// async detection on the same writes).
#include <catch2/catch.hpp>

#include <string>

#include "sim/cli/RunCommand.h"
#include "sim/replication/SyncCommits.h"
#include "sim/scenario/ScenarioLoader.h"
#include "tests/TestSupport.h"

using namespace replsim;

namespace {

SimTime ms(double v) { return SimTime::fromMs(v); }

ReportJson run(const std::string& json) { return testing::runReport(json); }

// DDIA's title example on three leaders 10 ms apart: L1 inserts "A" at 0,
// then L1 writes "B" at 100 ms and L2 writes "C" at 101 ms, concurrently.
std::string titleExample(const std::string& detect, const std::string& extraWrites = "") {
  return R"({"replsim":1,"name":"t","topology":{"kind":"all-to-all","leaders":["L1","L2","L3"]},
    "links":{"default":{"latency_ms":10}},
    "replication":{"conflicts":{"detect":")" + detect + R"(","resolve":"lww"}},
    "writes":[{"at_ms":0,"leader":"L1","key":"t","op":"insert","value":"A"},
              {"at_ms":100,"leader":"L1","key":"t","value":"B"},
              {"at_ms":101,"leader":"L2","key":"t","value":"C"})" + extraWrites + "]}";
}

}  // namespace

TEST_CASE("sim::SyncCommits: acks, commit time and aborts", "[replication][sync]") {
  SyncCommits s;
  SECTION("the write commits when the last ack it waits for arrives, at the latest arrival") {
    s.begin(0, 0, ms(100), ms(0), {1, 1, 1});  // node 0 is the origin: not waited for
    CHECK(s.entry(0).acksMissing == 2);
    CHECK_FALSE(s.ack(0, 1, ms(130)));
    CHECK_FALSE(s.ack(0, 1, ms(140)));  // a repeat does not count
    CHECK_FALSE(s.ack(0, 0, ms(140)));  // nor does the origin
    CHECK(s.ack(0, 2, ms(120)));        // last ack, but an earlier arrival
    CHECK(s.entry(0).state == SyncCommits::State::Committed);
    CHECK(s.entry(0).commitAt == ms(130));
    CHECK_FALSE(s.waitsFor(0, 1));      // committed: it waits for nobody any more
  }
  SECTION("nobody to wait for: committed at once") {
    s.begin(0, 1, ms(5), ms(2), {0, 1, 0});
    CHECK(s.entry(0).state == SyncCommits::State::Committed);
    CHECK(s.entry(0).commitAt == ms(5));
    CHECK_FALSE(s.waitsFor(0, 1));
  }
  SECTION("an acks from a node not waited for is ignored") {
    s.begin(0, 0, ms(0), ms(0), {0, 1, 0});
    CHECK(s.waitsFor(0, 1));
    CHECK_FALSE(s.waitsFor(0, 2));
    CHECK_FALSE(s.ack(0, 2, ms(10)));
    CHECK(s.entry(0).state == SyncCommits::State::Pending);
  }
  SECTION("an aborted write ignores later acks; the earliest notice wins") {
    s.begin(0, 0, ms(0), ms(0), {0, 1, 1});
    CHECK(s.abort(0, 1, 7, ms(40)));
    CHECK(s.aborted(0));
    CHECK_FALSE(s.waitsFor(0, 2));  // aborted: nobody's ack matters
    CHECK_FALSE(s.ack(0, 2, ms(20)));
    CHECK_FALSE(s.abort(0, 2, 7, ms(50)));  // a later notice changes nothing
    CHECK(s.abort(0, 2, 7, ms(30)));        // an earlier one moves the notice
    CHECK(s.entry(0).noticeAt == ms(30));
    CHECK(s.entry(0).abortedAt == 1);       // detection stays with the first finder
    CHECK(s.entry(0).abortedFor == 7);
  }
}

TEST_CASE("sim::Simulation: synchronous conflict detection", "[replication][sync]") {
  SECTION("the write issued first commits after a round trip; the concurrent one is aborted") {
    const ReportJson r = run(titleExample("sync"));
    // L1#2 ("B", 100 ms) reaches L2 and L3 at 110; their acks arrive at 120.
    // L2#1 ("C", 101 ms) is aborted at L2 itself when "B" arrives at 110.
    CHECK(r["writes"]["aborted"] == 1);
    CHECK(r["writes"]["aborted_writes"][0]["write"] == "L2#1");
    CHECK(r["writes"]["aborted_writes"][0]["detected_at"] == "L2");
    CHECK(r["writes"]["aborted_writes"][0]["in_favour_of"] == "L1#2");
    CHECK(r["writes"]["aborted_writes"][0]["at_ms"] == 110.0);
    CHECK(r["writes"]["aborted_writes"][0]["latency_ms"] == 9.0);
    CHECK(r["writes"]["committed"] == 2);
    CHECK(r["writes"]["commit_latency_ms"]["max"] == 20.0);  // insert and "B": 10 ms there, 10 back
    CHECK(r["writes"]["uncommitted"] == 0);
    CHECK(r["writes"]["committed_then_discarded"] == 0);
    CHECK(r["converged"] == true);
    for (const char* leader : {"L1", "L2", "L3"}) CHECK(r["leaders"][leader]["keys"]["t"] == ReportJson::array({"B"}));
    // Aborted once, where it was found: a tentative write was never visible
    // anywhere, so no other replica has anything to discard.
    REQUIRE(r["conflicts"]["discarded"].size() == 1);
    CHECK(r["conflicts"]["discarded"][0]["write"] == "L2#1");
    CHECK(r["conflicts"]["discarded"][0]["replica"] == "L2");
    CHECK(r["conflicts"]["discarded"][0]["by"] == "sync");
    CHECK(r["conflicts"]["discarded_total"] == 1);
  }
  SECTION("the same writes with async detection: both commit at once and lww throws one away") {
    const ReportJson r = run(titleExample("async"));
    CHECK(r["writes"]["aborted"] == 0);
    CHECK(r["writes"]["committed"] == 3);
    CHECK(r["writes"]["commit_latency_ms"]["max"] == 0.0);
    CHECK(r["writes"]["committed_then_discarded"] == 1);  // "B" was confirmed, then lost
    CHECK(r["leaders"]["L1"]["keys"]["t"] == ReportJson::array({"C"}));
  }
  SECTION("a write built on an aborted one is itself aborted (it is concurrent with the survivor)") {
    // L2 writes again at 105, before "B" arrives: its context holds C, not B.
    const ReportJson r = run(titleExample("sync", R"(,{"at_ms":105,"leader":"L2","key":"t","value":"D"})"));
    CHECK(r["writes"]["aborted"] == 2);
    CHECK(r["converged"] == true);
    CHECK(r["leaders"]["L3"]["keys"]["t"] == ReportJson::array({"B"}));
  }
  SECTION("a write after the survivor arrived is causally later: no conflict, it commits") {
    const ReportJson r = run(titleExample("sync", R"(,{"at_ms":150,"leader":"L2","key":"t","value":"E"})"));
    CHECK(r["writes"]["aborted"] == 1);
    CHECK(r["writes"]["committed"] == 3);
    CHECK(r["leaders"]["L1"]["keys"]["t"] == ReportJson::array({"E"}));
  }
  SECTION("a leader that is down when the write is issued is still waited for: no commit while it is down") {
    // L3 crashes at 50 and never returns. The insert (0 ms) committed at 20.
    // "B" waits for L3's certification forever: uncommitted. "C" is aborted
    // at L2 when "B" arrives (110 ms), as without the crash.
    std::string s = titleExample("sync");
    s.replace(s.find("\"writes\""), 0, R"("faults":[{"at_ms":50,"crash":"L3"}],)");
    const ReportJson r = run(s);
    CHECK(r["writes"]["committed"] == 1);
    CHECK(r["writes"]["commit_latency_ms"]["max"] == 20.0);
    CHECK(r["writes"]["aborted"] == 1);
    CHECK(r["writes"]["uncommitted"] == 1);
    CHECK(r["writes"]["committed_then_discarded"] == 0);
    for (const char* leader : {"L1", "L2"}) CHECK(r["leaders"][leader]["keys"]["t"] == ReportJson::array({"A"}));
  }
  SECTION("... and commits once it is back") {
    // L3 recovers at 300: "B" reaches it at 310, its ack L1 at 320 — 220 ms.
    std::string s = titleExample("sync");
    s.replace(s.find("\"writes\""), 0, R"("faults":[{"at_ms":50,"crash":"L3"},{"at_ms":300,"recover":"L3"}],)");
    const ReportJson r = run(s);
    CHECK(r["writes"]["committed"] == 2);
    CHECK(r["writes"]["uncommitted"] == 0);
    CHECK(r["writes"]["commit_latency_ms"]["max"] == 220.0);
    CHECK(r["converged"] == true);
    for (const char* leader : {"L1", "L2", "L3"}) CHECK(r["leaders"][leader]["keys"]["t"] == ReportJson::array({"B"}));
  }
  SECTION("a leader that crashes after the write was issued holds the commit until it recovers") {
    std::string s = titleExample("sync");
    s.replace(s.find("\"writes\""), 0, R"("faults":[{"at_ms":100.5,"crash":"L3"},{"at_ms":300,"recover":"L3"}],)");
    const ReportJson r = run(s);
    // The stream to L3 resumes when it recovers at 300: "B" arrives at 310,
    // the ack at 320, so the client waited 220 ms.
    CHECK(r["writes"]["commit_latency_ms"]["max"] == 220.0);
    CHECK(r["converged"] == true);
  }
  SECTION("a committed write that saw another replaces it, whatever lww's wall clocks say") {
    // B's clock runs 38 ms ahead. B#1 commits at 319.6 ms and is applied at
    // C at 323.6; C writes at 335 having seen it, and commits. Under async
    // lww-clock, B#1's higher clock would beat C#1 even though C#1 follows
    // it; under sync no resolver overrides certification's order.
    // (Found by the randomized property test, seed 6762.)
    const ReportJson r = run(R"({"replsim":1,"name":"t",
      "topology":{"kind":"custom","edges":[["C","A"],["A","B",{"both":true}],["B","C"]]},
      "links":{"default":{"latency_ms":4}},
      "replication":{"clocks":{"A":{"offset_ms":8,"drift_ppm":41},"B":{"offset_ms":38,"drift_ppm":175}},
                     "conflicts":{"detect":"sync","resolve":"lww","timestamps":"clock"}},
      "writes":[{"at_ms":311.618,"leader":"B","key":"k1","value":"B.4"},
                {"at_ms":334.984,"leader":"C","key":"k1","value":"C.5"}]})");
    CHECK(r["writes"]["committed"] == 2);
    CHECK(r["writes"]["committed_then_discarded"] == 0);
    CHECK(r["conflicts"]["discarded_total"] == 0);
    for (const char* leader : {"A", "B", "C"}) CHECK(r["leaders"][leader]["keys"]["k1"] == ReportJson::array({"C.5"}));
  }
  SECTION("only leaders acknowledge: a slow follower does not hold the commit") {
    const ReportJson r = run(R"({"replsim":1,"name":"t",
      "topology":{"kind":"all-to-all","datacenters":[
        {"name":"eu","leader":"eu1","followers":["eu2"],"intra_latency_ms":1},{"name":"us","leader":"us1"}]},
      "links":{"default":{"latency_ms":50},"overrides":[{"from":"eu1","to":"eu2","latency_ms":300}]},
      "replication":{"conflicts":{"detect":"sync"}},
      "writes":[{"at_ms":0,"dc":"eu","key":"x","value":"1"}]})");
    // 1 ms from the client to eu1, 50 to us1, 50 back; eu2 gets it at 301.
    CHECK(r["writes"]["commit_latency_ms"]["max"] == 101.0);
  }
}
