// LeaderlessProtocol with conflicts.resolve "siblings", through whole runs:
// every expected number is derived by hand in the comment above it, from
// fixed 10 ms links (docs/leaderless.md, "Siblings").
#include "sim/replication/LeaderlessProtocol.h"

#include <catch2/catch.hpp>

#include "tests/TestSupport.h"

using namespace replsim;
using replsim::testing::runReport;

namespace {

using Values = std::vector<std::string>;

// Three nodes, every link 10 ms; n = 3: every key lives on A, B and C.
std::string siblings(const std::string& clock, const std::string& quorum, const std::string& writes,
                     const std::string& faults = "[]", const std::string& extra = "") {
  return R"({"replsim": 1, "name": "t", "topology": {"kind": "all-to-all", "leaders": ["A", "B", "C"]},
             "links": {"default": {"latency_ms": 10}},
             "replication": {"mode": "leaderless", "quorum": )" +
         quorum + R"(, "conflicts": {"resolve": "siblings", "clock": ")" + clock + "\"}" + extra +
         R"(}, "writes": )" + writes + R"(, "faults": )" + faults + "}";
}

// X writes x through A at 0, 100, …, Y through B at 50, 150, …, each with
// its session's context (its own last write); a read at C after the last.
std::string interleaved(const std::string& clock, int rounds) {
  std::string w = "[";
  for (int i = 0; i < rounds; ++i)
    w += R"({"at_ms": )" + std::to_string(100 * i) + R"(, "leader": "A", "key": "x", "value": "a)" +
         std::to_string(i + 1) + R"("}, {"at_ms": )" + std::to_string(100 * i + 50) +
         R"(, "leader": "B", "key": "x", "value": "b)" + std::to_string(i + 1) + R"("}, )";
  w += R"({"at_ms": )" + std::to_string(100 * rounds + 100) + R"(, "leader": "C", "key": "x", "op": "read"}])";
  return siblings(clock, R"({"n": 3, "w": 2, "r": 2})", w);
}

Values keys(const ReportJson& r, const std::string& node) { return r["leaders"][node]["keys"]["x"].get<Values>(); }

}  // namespace

TEST_CASE("replication::LeaderlessProtocol siblings: interleaved clients explode with vnode clocks, not with dots") {
  // Every copy arrives 10 ms after its write, before the other client's
  // next write (50 ms later). vnode: a write's context (its client's last
  // write's clock) never includes the object's clock, which the other
  // client has advanced since: the k-th write leaves k siblings everywhere.
  // dotted: each write's past covers its own client's last write, and only
  // that: after the first two, always 2 siblings — the last of each client.
  for (int rounds : {1, 3, 6}) {
    INFO("rounds " << rounds);
    const ReportJson vnode = runReport(interleaved("vnode", rounds));
    const ReportJson dotted = runReport(interleaved("dotted", rounds));
    Values all;
    for (int i = 1; i <= rounds; ++i) all.push_back("a" + std::to_string(i));
    for (int i = 1; i <= rounds; ++i) all.push_back("b" + std::to_string(i));
    std::sort(all.begin(), all.end());
    const Values last = {"a" + std::to_string(rounds), "b" + std::to_string(rounds)};
    CHECK(vnode["reads"]["log"][0]["values"].get<Values>() == all);
    CHECK(vnode["reads"]["max_siblings"] == 2 * rounds);
    CHECK(dotted["reads"]["log"][0]["values"].get<Values>() == last);
    CHECK(dotted["reads"]["max_siblings"] == 2);
    for (const char* node : {"A", "B", "C"}) {
      CHECK(keys(vnode, node) == all);
      CHECK(keys(dotted, node) == last);
    }
    CHECK(vnode["topology"]["sibling_clock"] == "vnode");
    CHECK(dotted["topology"]["sibling_clock"] == "dotted");
    for (const ReportJson* r : {&vnode, &dotted}) {
      CHECK((*r)["quorum"]["writes_committed"] == 2 * rounds);
      CHECK((*r)["reads"]["stale"] == 0);  // the read's context holds every dot
      CHECK((*r)["reads"]["siblings_returned"] == 1);
      CHECK((*r)["conflicts"]["siblings_open"] == 1);
      CHECK((*r)["conflicts"]["detected"] == 0);
      CHECK((*r)["converged"] == true);
    }
  }
}

TEST_CASE("replication::LeaderlessProtocol siblings: a read makes the session's next write replace what it returned") {
  // a at A and b at B at 0, concurrent (empty contexts): [a, b] everywhere
  // from 10 ms. The read at A at 20 (r 2: A's own copy, then B's and C's
  // answers at 40) returns both and gives A's session the context {A1, B1};
  // A's write of c at 60 replaces both: [c] (read at C at 100). Without the
  // read, A's session would hold {A1} and c would replace a only.
  const std::string writes = R"([{"at_ms": 0, "leader": "A", "key": "x", "value": "a"},
      {"at_ms": 0, "leader": "B", "key": "x", "value": "b"},
      {"at_ms": 20, "leader": "A", "key": "x", "op": "read"},
      {"at_ms": 60, "leader": "A", "key": "x", "value": "c"},
      {"at_ms": 100, "leader": "C", "key": "x", "op": "read"}])";
  for (const char* clock : {"dotted", "vnode"}) {
    INFO(clock);
    const ReportJson r = runReport(siblings(clock, R"({"n": 3, "w": 2, "r": 2})", writes));
    CHECK(r["reads"]["log"][0]["values"].get<Values>() == Values{"a", "b"});
    CHECK(r["reads"]["log"][1]["values"].get<Values>() == Values{"c"});
    CHECK(r["reads"]["max_siblings"] == 2);
    CHECK(r["conflicts"]["siblings_open"] == 0);
    CHECK(keys(r, "B") == Values{"c"});
  }
}

TEST_CASE("replication::LeaderlessProtocol siblings: stale means neither returned nor replaced by what was") {
  // w 1, r 1, fan-out r: a read asks only its coordinator's copy.
  // v1 at A at 0 commits at once (A's own ack); copies reach B and C at 10.
  // v2 at A at 30 (A's session: {A1}) replaces v1 and commits at 30; its
  // copies reach B and C at 40.
  //   read at C at 35: C holds v1, context {A1}: v2 (committed at 30) is
  //     missed: stale, 1 version, 5 ms;
  //   read at B at 45: B holds v2, context {A:2}: v1 is not returned but
  //     v2 replaced it: not stale.
  const std::string writes = R"([{"at_ms": 0, "leader": "A", "key": "x", "value": "v1"},
      {"at_ms": 30, "leader": "A", "key": "x", "value": "v2"},
      {"at_ms": 35, "leader": "C", "key": "x", "op": "read"},
      {"at_ms": 45, "leader": "B", "key": "x", "op": "read"}])";
  const ReportJson r = runReport(siblings("dotted", R"({"n": 3, "w": 1, "r": 1, "read_fanout": "r"})", writes));
  CHECK(r["reads"]["log"][0]["values"].get<Values>() == Values{"v1"});
  CHECK(r["reads"]["log"][0]["stale_ms"] == 5);
  CHECK(r["reads"]["log"][1]["values"].get<Values>() == Values{"v2"});
  CHECK_FALSE(r["reads"]["log"][1].contains("stale_ms"));
  CHECK(r["reads"]["stale"] == 1);
  CHECK(r["reads"]["stale_versions"] == 1);
  CHECK(r["reads"]["staleness_ms"]["max"] == 5);
}

TEST_CASE("replication::LeaderlessProtocol siblings: a delete is a tombstone sibling; covering it all reads not-found") {
  // 1 at A at 0. B deletes at 50 with an empty session (never read x): the
  // tombstone is a sibling beside 1, which reads as ["1"] (read at C at 100).
  // B reads at 150 (context {A1, B1}) and deletes again at 200: it replaces
  // both; the read at C at 300 is not-found, and no tombstone is purged.
  const std::string writes = R"([{"at_ms": 0, "leader": "A", "key": "x", "value": "1"},
      {"at_ms": 50, "leader": "B", "key": "x", "op": "delete"},
      {"at_ms": 100, "leader": "C", "key": "x", "op": "read"},
      {"at_ms": 150, "leader": "B", "key": "x", "op": "read"},
      {"at_ms": 200, "leader": "B", "key": "x", "op": "delete"},
      {"at_ms": 300, "leader": "C", "key": "x", "op": "read"}])";
  const ReportJson r = runReport(siblings("dotted", R"({"n": 3, "w": 2, "r": 2})", writes));
  CHECK(r["reads"]["log"][0]["values"].get<Values>() == Values{"1"});
  CHECK(r["reads"]["log"][1]["values"].get<Values>() == Values{"1"});
  CHECK(r["reads"]["log"][2]["values"].get<Values>() == Values{});
  CHECK(r["reads"]["max_siblings"] == 1);  // tombstones are not values
  CHECK(r["tombstones_purged"] == 0);
  CHECK(r["leaders"]["C"]["keys"].is_object());
  CHECK_FALSE(r["leaders"]["C"]["keys"].contains("x"));
  CHECK(r["converged"] == true);
}

TEST_CASE("replication::LeaderlessProtocol siblings: read repair and anti-entropy ship whole objects") {
  // C is down from 0 to 100; a at A and b at B at 5 (concurrent) reach A
  // and B at 15 and commit at 25 (w 2: the own ack and the other's).
  const std::string writes = R"([{"at_ms": 5, "leader": "A", "key": "x", "value": "a"},
      {"at_ms": 5, "leader": "B", "key": "x", "value": "b"})";
  const std::string faults = R"([{"at_ms": 0, "crash": "C"}, {"at_ms": 100, "recover": "C"}])";
  SECTION("blocking read repair") {
    // The read at C at 200 (r 2): C's own empty copy, then A's and B's
    // answers [a, b] at 220: the result [a, b] differs from C's own: one
    // repair, stored at C at once; B's late answer equals the result.
    const ReportJson r = runReport(siblings("dotted", R"({"n": 3, "w": 2, "r": 2})",
                                            writes + R"(, {"at_ms": 200, "leader": "C", "key": "x", "op": "read"}])",
                                            faults, R"(, "read_repair": "blocking")"));
    CHECK(r["reads"]["log"][0]["values"].get<Values>() == Values{"a", "b"});
    CHECK(r["read_repairs"] == 1);
    CHECK(keys(r, "C") == Values{"a", "b"});
    CHECK(r["converged"] == true);
  }
  SECTION("anti-entropy") {
    // Rounds at 100, 200, 300 and 400 (until 450). The recover at 100 is
    // scheduled before the run, ahead of the first round, so C is up then.
    // Round 100: (A, B) equal; (A, C) and (B, C) differ at their one key
    // (the tree is its leaf): A ships [a, b] to C, and so does B (A's copy
    // is still on the wire): 2 keys repaired, 2 objects of 16 + 1 ("x") +
    // 1 + 1 ("a", "b") = 19 bytes. Rounds 200 to 400: 3 equal pairs each.
    // 12 pairs: 2 tree messages and one 16-byte node each, plus the 2 objects.
    const ReportJson r = runReport(
        R"({"until_ms": 450,)" +
        siblings("dotted", R"({"n": 3, "w": 2, "r": 2})", writes + "]", faults,
                 R"(, "anti_entropy": {"interval_ms": 100})")
            .substr(1));
    CHECK(r["anti_entropy"]["rounds"] == 4);
    CHECK(r["anti_entropy"]["pairs_compared"] == 3 + 3 * 3);
    CHECK(r["anti_entropy"]["keys_repaired"] == 2);
    CHECK(r["anti_entropy"]["messages"] == 2 * 12 + 2);
    CHECK(r["anti_entropy"]["bytes"] == 16 * 12 + 2 * 19);
    CHECK(keys(r, "C") == Values{"a", "b"});
    CHECK(r["converged"] == true);
  }
}
