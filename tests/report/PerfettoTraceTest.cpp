// PerfettoTrace (trace.json) and ShivizLog (shiviz.log) of the hand-worked
// leaderless run (tests/report/QuorumRun.h): the quorum messages, fan-outs,
// quorums and hints are in them with the right timestamps, and the
// --out-events cap counts them.
#include "sim/report/PerfettoTrace.h"

#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "sim/report/ShivizLog.h"
#include "tests/report/QuorumRun.h"

using namespace replsim;
using namespace replsim::testing;

namespace {

nlohmann::json trace(const RecordedRun& run, uint64_t maxEvents) {
  std::ostringstream out;
  writePerfettoTrace(*run.sim, *run.recorder, out, maxEvents);
  return nlohmann::json::parse(out.str());
}

// The first event named `name`, or null.
nlohmann::json named(const nlohmann::json& t, const std::string& name) {
  for (const auto& e : t["traceEvents"])
    if (e.contains("name") && e["name"] == name) return e;
  return nullptr;
}

}  // namespace

TEST_CASE("report::PerfettoTrace: a quorum write and read can be followed end to end") {
  const auto run = recordQuorumRun();
  // Every event of the run, by hand: the client write and the read (2);
  // applies at A (1), E (11) and D (590; the hand-off at 621 finds it
  // there: not applied again) (3); 4 copies sent and delivered (8); 5
  // replies — hinted ack, ack, read request, answer, repair ack — sent and
  // delivered (10); 2 fan-outs, 2 quorums, 2 hint events (6). 29 in all.
  CHECK(run->recorder->events() == 29);
  CHECK(run->recorder->steps().size() == 29);
  CHECK(run->recorder->messagesSent() == 4);
  CHECK(run->recorder->quorumMessagesSent() == 5);

  const nlohmann::json t = trace(*run, 1000);
  // pid is the node's index + 1 (A 1, B 2, ..., E 5); ts in us.
  const nlohmann::json fanout = named(t, "fan-out A#1 x=1 → B,E (w=2)");
  REQUIRE(fanout.is_object());
  CHECK(fanout["ts"] == 1000);
  CHECK(fanout["pid"] == 1);
  CHECK(fanout["args"]["asked"] == nlohmann::json::array({"B", "E"}));
  const nlohmann::json ackSent = named(t, "send ack A#1 → A");
  REQUIRE(ackSent.is_object());
  CHECK(ackSent["ts"] == 11000);
  CHECK(ackSent["pid"] == 5);
  CHECK(ackSent["args"]["arrives_us"] == 21000);
  const nlohmann::json ackDelivered = named(t, "deliver ack A#1 ← E");
  REQUIRE(ackDelivered.is_object());
  CHECK(ackDelivered["ts"] == 21000);
  CHECK(ackDelivered["pid"] == 1);
  const nlohmann::json quorum = named(t, "quorum A#1: 2/2 acks");
  REQUIRE(quorum.is_object());
  CHECK(quorum["ts"] == 21000);
  CHECK(quorum["args"]["reached"] == true);
  const nlohmann::json read = named(t, "quorum read x #1: 2/2 answers");
  REQUIRE(read.is_object());
  CHECK(read["ts"] == 580000);
  CHECK(read["args"]["result"] == "A#1");
  const nlohmann::json answer = named(t, "deliver answer read x #1: none ← D");
  REQUIRE(answer.is_object());
  CHECK(answer["ts"] == 580000);
  const nlohmann::json repair = named(t, "send repair A#1 (read x #1) → D");
  REQUIRE(repair.is_object());
  CHECK(repair["ts"] == 580000);
  CHECK(repair["args"]["kind"] == "read repair");
  CHECK(repair["args"]["arrives_us"] == 590000);
  const nlohmann::json stored = named(t, "hint A#1 for D stored");
  REQUIRE(stored.is_object());
  CHECK(stored["ts"] == 11000);
  CHECK(stored["pid"] == 2);
  const nlohmann::json handoff = named(t, "deliver hand-off A#1 x=1 ← B");
  REQUIRE(handoff.is_object());
  CHECK(handoff["ts"] == 621000);
  CHECK(handoff["pid"] == 4);
  CHECK(named(t, "hint A#1 for D handed off")["ts"] == 611000);
  // Each delivered reply has its flow arrow: a start ("s") and a finish ("f")
  // with the same id: 9 messages, 9 of each.
  size_t starts = 0, finishes = 0;
  for (const auto& e : t["traceEvents"]) {
    if (e.value("ph", "") == "s") ++starts;
    if (e.value("ph", "") == "f") ++finishes;
  }
  CHECK(starts == 9);
  CHECK(finishes == 9);
}

TEST_CASE("report::PerfettoTrace: the --out-events cap counts the quorum events") {
  const auto run = recordQuorumRun();
  // 10 of the 29 events written (above), 19 not.
  const nlohmann::json t = trace(*run, 10);
  CHECK(t["otherData"]["events_written"] == 10);
  CHECK(t["otherData"]["events_not_written"] == 19);
}

TEST_CASE("report::ShivizLog: quorum replies, quorums and hints are events of their hosts") {
  const auto run = recordQuorumRun();
  std::ostringstream out;
  const ExportedEvents w = writeShivizLog(*run->sim, *run->recorder, out, 1000);
  CHECK(w.written == 29);
  const std::string log = out.str();
  // E's ack is E's 2nd event, after the delivery of A's copy, which merged
  // A's clock at its 3rd event (the client write, the hinted write to B, the
  // copy to E; applies and fan-outs are not ShiViz events).
  CHECK(log.find("E {\"A\":3,\"E\":2}\nsend ack A#1 → A\n") != std::string::npos);
  CHECK(log.find("\nquorum A#1: 2/2 acks\n") != std::string::npos);
  CHECK(log.find("\nhint A#1 for D stored\n") != std::string::npos);
  CHECK(log.find("\nsend repair A#1 (read x #1) → D (path A)\n") != std::string::npos);
  CHECK(log.find("\ndeliver hand-off A#1 x=1 ← B (path B)\n") != std::string::npos);
}
