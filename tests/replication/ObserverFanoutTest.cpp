// ObserverFanout and the leaderless quorum hooks: who gets them, and the
// exact sequence a hand-worked quorum write and read publish. Every time
// below is derived by hand in the comments from the fixed 10 ms links.
#include "sim/replication/ObserverFanout.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "sim/replication/Simulation.h"
#include "tests/TestSupport.h"

using namespace replsim;
using replsim::testing::loadScenario;

namespace {

// Five nodes, every link 10 ms. Key x's ring order is A, D, E, B, C (the
// independent Python ring, see HashRingTest and LeaderlessProtocolTest):
// replicas A, D, E; fallbacks B then C. n 3, w 2, r 2, hinted handoff,
// blocking read repair, read fan-out r. D is down from 0 to 550 ms.
// x=1 is written through A at 1 ms; x is read through A at 560 ms.
const char* kScenario = R"({"replsim": 1, "name": "hooks",
    "topology": {"kind": "all-to-all", "leaders": ["A", "B", "C", "D", "E"]},
    "links": {"default": {"latency_ms": 10}},
    "replication": {"mode": "leaderless", "read_repair": "blocking",
                    "quorum": {"n": 3, "w": 2, "r": 2, "hinted_handoff": true, "read_fanout": "r"}},
    "writes": [{"at_ms": 1, "leader": "A", "key": "x", "value": "1"},
               {"at_ms": 560, "leader": "A", "key": "x", "op": "read"}],
    "faults": [{"at_ms": 0, "crash": "D"}, {"at_ms": 550, "recover": "D"}]})";

// Writes each quorum hook as one line: "MS what ...".
class HookLog final : public SimObserver {
 public:
  explicit HookLog(const Simulation& sim) : sim_(sim) {}
  bool wantsQuorumEvents() const override { return true; }
  void onQuorumMessage(const QuorumMessageEvent& e) override {
    std::string s = ms(e.at) + (e.delivered ? " delivered " : " sent ") + toString(e.kind) + " " + name(e.from) +
                    "->" + name(e.to) + " op " + (e.op == UINT32_MAX ? "-" : std::to_string(e.op)) + " " +
                    write(e.write);
    if (!e.delivered) s += " arrives " + ms(e.deliverAt);
    lines.push_back(s);
  }
  void onQuorumFanout(const QuorumFanoutEvent& e) override {
    std::string asked;
    for (uint32_t n : e.asked) asked += name(n);
    lines.push_back(ms(e.at) + " fanout " + (e.read ? "read" : "write") + " op " + std::to_string(e.op) + " by " +
                    name(e.coordinator) + " key " + sim_.keyName(e.key) + " asked " + asked +
                    (e.local ? " local" : "") + " needs " + std::to_string(e.needed));
  }
  void onQuorum(const QuorumEvent& e) override {
    lines.push_back(ms(e.at) + (e.reached ? " reached " : " failed ") + (e.read ? "read" : "write") + " op " +
                    std::to_string(e.op) + " at " + name(e.coordinator) + " " + std::to_string(e.count) + "/" +
                    std::to_string(e.needed) + " " + write(e.write));
  }
  void onHint(const HintEvent& e) override {
    lines.push_back(ms(e.at) + " hint " + toString(e.action) + " at " + name(e.node) + " for " + name(e.owner) +
                    " " + write(e.write));
  }
  std::vector<std::string> lines;

 private:
  std::string ms(SimTime t) const { return std::to_string(t.us() / 1000); }
  std::string name(uint32_t n) const { return sim_.nodeName(n); }
  std::string write(uint32_t w) const { return w == UINT32_MAX ? "none" : sim_.writeName(w); }
  const Simulation& sim_;
};

// Counts every hook it is given, quorum hooks included, without asking for them.
struct Uninterested final : SimObserver {
  void onSent(const MessageEvent&) override { ++sent; }
  void onQuorumMessage(const QuorumMessageEvent&) override { ++quorum; }
  void onQuorumFanout(const QuorumFanoutEvent&) override { ++quorum; }
  void onQuorum(const QuorumEvent&) override { ++quorum; }
  void onHint(const HintEvent&) override { ++quorum; }
  int sent = 0, quorum = 0;
};

}  // namespace

TEST_CASE("replication::ObserverFanout: the quorum hooks reach only the observers that want them") {
  const Scenario s = loadScenario(kScenario);
  Simulation sim(s);
  Uninterested plain;
  HookLog log(sim);
  sim.addObserver(&plain);
  sim.addObserver(&log);
  sim.run();
  // The copies published as replication messages: the hinted write A->B, the
  // write A->E, the repair A->D and the hand-off B->D (derived below).
  CHECK(plain.sent == 4);
  CHECK(plain.quorum == 0);
  CHECK_FALSE(log.lines.empty());

  ObserverFanout fanout;
  CHECK_FALSE(fanout.quorumWanted());
  fanout.add(&plain);
  CHECK_FALSE(fanout.quorumWanted());
  fanout.add(&log);
  CHECK(fanout.quorumWanted());
}

TEST_CASE("replication::LeaderlessProtocol: a quorum write and read publish fan-out, messages, quorum, repair and hand-off") {
  const Scenario s = loadScenario(kScenario);
  Simulation sim(s);
  HookLog log(sim);
  sim.addObserver(&log);
  sim.run();
  // t=1: A (coordinator, a replica) stores A#1 (its own ack). D is down: its
  // copy goes to the first fallback, B, as a hinted write; then E's copy.
  // Both arrive at 11. The fan-out sums up the two requests (after them).
  // t=11: B stores the hint (for D) and sends a hinted ack; E stores the
  // copy and acks. Both reach A at 21.
  // t=21: the hinted ack does not count (strict quorum); E's ack is the
  // second: quorum reached, 2/2.
  // t=560: the read at A asks r=2: A's own copy (answers at once, 1/2) and
  // the first replica after it whose link is up: D (back since 550). The
  // request arrives at 570; D holds nothing yet (its hint is still at B):
  // its answer "none" arrives at 580, the second: decided, A#1 is newest;
  // D answered older: a blocking repair A->D (590), acked at 600.
  // Hints: B checks every 100 ms from 11: 111..511 D is down; at 611 D is
  // up: handed off, arriving at 621 (D has it since the repair at 590: not
  // applied again). The write's timeout (1001) and the read's (1560) find
  // both done: nothing more.
  const std::vector<std::string> expected = {
      "1 sent hinted write A->B op 0 A#1 arrives 11",
      "1 sent write A->E op 0 A#1 arrives 11",
      "1 fanout write op 0 by A key x asked BE local needs 2",
      "11 delivered hinted write A->B op 0 A#1",
      "11 hint stored at B for D A#1",
      "11 sent hinted ack B->A op 0 A#1 arrives 21",
      "11 delivered write A->E op 0 A#1",
      "11 sent ack E->A op 0 A#1 arrives 21",
      "21 delivered hinted ack B->A op 0 A#1",
      "21 delivered ack E->A op 0 A#1",
      "21 reached write op 0 at A 2/2 A#1",
      "560 sent read request A->D op 0 none arrives 570",
      "560 fanout read op 0 by A key x asked D local needs 2",
      "570 delivered read request A->D op 0 none",
      "570 sent read answer D->A op 0 none arrives 580",
      "580 delivered read answer D->A op 0 none",
      "580 reached read op 0 at A 2/2 A#1",
      "580 sent read repair A->D op 0 A#1 arrives 590",
      "590 delivered read repair A->D op 0 A#1",
      "590 sent repair ack D->A op 0 A#1 arrives 600",
      "600 delivered repair ack D->A op 0 A#1",
      "611 sent hand-off B->D op 0 A#1 arrives 621",
      "611 hint handed off at B for D A#1",
      "621 delivered hand-off B->D op 0 A#1",
  };
  CHECK(log.lines == expected);
}

TEST_CASE("replication::LeaderlessProtocol: a quorum that times out is published as failed, once") {
  // As above with w 3: A's own store and E's ack (21) are 2 of 3; the hinted
  // ack does not count; D is down until 550: at the timeout (1 + 1000 =
  // 1001 ms, the default quorum.timeout_ms) the write fails with 2/3.
  std::string json = kScenario;
  json.replace(json.find("\"w\": 2"), 6, "\"w\": 3");
  const Scenario s = loadScenario(json);
  Simulation sim(s);
  HookLog log(sim);
  sim.addObserver(&log);
  sim.run();
  std::vector<std::string> quorums;
  for (const std::string& l : log.lines)
    if (l.find(" reached ") != std::string::npos || l.find(" failed ") != std::string::npos) quorums.push_back(l);
  // The read at 560 is r 2: A's copy and D's "none" at 580, as above.
  const std::vector<std::string> expected = {"580 reached read op 0 at A 2/2 A#1", "1001 failed write op 0 at A 2/3 A#1"};
  CHECK(quorums == expected);
}
