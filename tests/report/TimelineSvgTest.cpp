// TimelineSvg: the leaderless marks — fan-outs, quorum messages by kind,
// quorums reached and failed, repairs, hints and hand-offs — asserted on
// elements (classes and tooltips), not on whole files. The run is
// tests/report/QuorumRun.h, whose times are derived by hand.
#include "sim/report/TimelineSvg.h"

#include <string>

#include <catch2/catch.hpp>

#include "tests/report/QuorumRun.h"

using namespace replsim;
using namespace replsim::testing;

namespace {

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

}  // namespace

TEST_CASE("report::TimelineSvg: a leaderless run shows fan-outs, acks, quorums, repairs and hand-offs") {
  const auto run = recordQuorumRun();
  const std::string svg = renderTimelineSvg(*run->sim, *run->recorder, {});
  // Two fan-outs (the write at 1, the read at 560), two quorums reached (21, 580).
  CHECK(count(svg, "class=\"rs-fanout\"") == 2);
  CHECK(count(svg, "class=\"rs-quorum-reached\"") == 2);
  CHECK(count(svg, "class=\"rs-quorum-failed\"") == 0);
  // One arrow per message: the copies (write, hinted write, repair,
  // hand-off) and the replies (ack, hinted ack, repair ack, read request and
  // answer), each delivered.
  CHECK(count(svg, "class=\"rs-msg rs-q-write\"") == 1);
  CHECK(count(svg, "class=\"rs-msg rs-q-hinted\"") == 1);
  CHECK(count(svg, "class=\"rs-msg rs-q-repair\"") == 1);
  CHECK(count(svg, "class=\"rs-msg rs-q-handoff\"") == 1);
  CHECK(count(svg, "class=\"rs-msg rs-q-ack rs-quorum\"") == 1);
  CHECK(count(svg, "class=\"rs-msg rs-q-hinted-ack rs-quorum\"") == 1);
  CHECK(count(svg, "class=\"rs-msg rs-q-repair-ack rs-quorum\"") == 1);
  CHECK(count(svg, "class=\"rs-msg rs-q-read rs-quorum\"") == 1);
  CHECK(count(svg, "class=\"rs-msg rs-q-answer rs-quorum\"") == 1);
  CHECK(count(svg, "class=\"rs-msg") == 9);
  // Hints: stored at B at 11, handed off at 611.
  CHECK(count(svg, "class=\"rs-hint\"") == 1);
  CHECK(count(svg, "class=\"rs-hint-handoff\"") == 1);
  // Tooltips carry the times: E's ack sent at 11, delivered at 21; the
  // quorum at 21; the repair 580 -> 590; the hand-off 611 -> 621.
  CHECK(svg.find("<title>ack A#1  E→A\nsent 11.000 ms, delivered 21.000 ms</title>") != std::string::npos);
  CHECK(svg.find("<title>quorum A#1: 2/2 acks at 21.000 ms</title>") != std::string::npos);
  CHECK(svg.find("<title>quorum read x #1: 2/2 answers → A#1 at 580.000 ms</title>") != std::string::npos);
  CHECK(svg.find("<title>repair A#1 (read x #1)  A→D  (read repair)\nsent 580.000 ms, delivered 590.000 ms</title>") !=
        std::string::npos);
  CHECK(svg.find("<title>hand-off A#1 x=1  B→D  (hand-off)\nsent 611.000 ms, delivered 621.000 ms</title>") !=
        std::string::npos);
  CHECK(svg.find("<title>fan-out A#1 x=1 → B,E (w=2) at 1.000 ms; the coordinator&#39;s own copy counts</title>") !=
        std::string::npos);
  // The legend explains each kind drawn (an apostrophe is escaped).
  for (const char* item : {"read request", "ack", "read answer", "read repair", "hinted write (to a fallback)",
                           "hint handed off to its replica", "coordinator&#39;s fan-out",
                           "quorum reached (w acks / r answers)"})
    CHECK(svg.find(std::string(">") + item + "</text>") != std::string::npos);
  CHECK(svg.find("quorum not reached by the timeout") == std::string::npos);
  // The title counts the replies apart from the copies: 4 + 5.
  CHECK(svg.find("· 4 messages + 5 acks, read requests and answers") != std::string::npos);
}

TEST_CASE("report::TimelineSvg: a quorum that times out is marked failed") {
  // w 3 (QuorumRun.h, ObserverFanoutTest): the write fails at 1001 with 2/3 acks.
  std::string json = kQuorumScenario;
  json.replace(json.find("\"w\": 2"), 6, "\"w\": 3");
  const auto run = recordRun(loadScenario(json));
  const std::string svg = renderTimelineSvg(*run->sim, *run->recorder, {});
  CHECK(count(svg, "class=\"rs-quorum-failed\"") == 1);
  CHECK(count(svg, "class=\"rs-quorum-reached\"") == 1);  // the read
  CHECK(svg.find("<title>no quorum for A#1: 2/3 acks at 1001.000 ms</title>") != std::string::npos);
  CHECK(svg.find(">quorum not reached by the timeout</text>") != std::string::npos);
}

TEST_CASE("report::TimelineSvg: a multi-leader run has none of the quorum marks") {
  const auto run = recordShipped("overtaking-none.json");
  const std::string svg = renderTimelineSvg(*run->sim, *run->recorder, {});
  for (const char* mark : {"rs-q-", "rs-quorum", "rs-fanout", "rs-hint", "rs-ah-repair", "rs-ah-hint", ".rs-qr"})
    CHECK(svg.find(mark) == std::string::npos);
  CHECK(svg.find("acks, read requests and answers") == std::string::npos);
}
