#include <catch2/catch.hpp>

#include "tests/TestSupport.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "sim/core/Random.h"
#include "sim/core/Scheduler.h"
#include "sim/network/Network.h"
#include "sim/topology/Topology.h"

using namespace replsim;

namespace {

// Network::arrive, when a test needs only the slot.
MessageSlot arriveSlot(Network& net, const Event& e) {
  Message m;
  return net.arrive(e, &m);
}

SimTime ms(double v) { return SimTime::fromMs(v); }

LinksSpec linksWith(LatencyDistribution latency, bool fifo = true, double loss = 0.0, double retryMs = 100.0) {
  LinksSpec l;
  l.defaults.latency = latency;
  l.defaults.fifo = fifo;
  l.defaults.loss = loss;
  l.defaults.retry = ms(retryMs);
  return l;
}

LatencyDistribution uniform(double lo, double hi) {
  LatencyDistribution d;
  d.kind = LatencyDistribution::Kind::Uniform;
  d.a = lo;
  d.b = hi;
  d.floorMs = lo;
  return d;
}

// A ring of three (L1→L2→L3→L1) with its own scheduler and generator.
struct Fixture {
  explicit Fixture(const LinksSpec& links, uint64_t seed = 1)
      : topology(Topology::builtIn(TopologyKind::Ring, 3, links)), rng(seed), net(topology, sched, rng) {}
  LinkId link(const char* from, const char* to) const {
    return net.find(*topology.find(from), *topology.find(to));
  }
  // Pops every event; returns the writes that arrived (stale events skipped), in arrival order,
  // with their arrival times.
  struct Arrival {
    WriteIndex write;
    SimTime at;
    LinkId link;
  };
  std::vector<Arrival> drain(size_t* stale = nullptr) {
    std::vector<Arrival> out;
    while (!sched.empty()) {
      const Event e = sched.pop();
      REQUIRE(e.kind == Network::kDeliverEvent);
      Message m;
      const MessageSlot s = net.arrive(e, &m);
      if (s == kNone) {
        if (stale) ++*stale;
        continue;
      }
      CHECK(m.write == net.message(s).write);
      out.push_back({m.write, sched.now(), m.link});
      net.release(s);
    }
    return out;
  }
  Topology topology;
  Scheduler sched;
  Random rng;
  Network net;
};

std::vector<WriteIndex> writesOf(const std::vector<Fixture::Arrival>& a) {
  std::vector<WriteIndex> w;
  for (const auto& x : a) w.push_back(x.write);
  return w;
}

}  // namespace

TEST_CASE("network::Network: links come from the topology", "[network]") {
  Fixture f(linksWith(LatencyDistribution::fixed(10)));
  SECTION("a ring of three has three directed links, in topology order") {
    REQUIRE(f.net.linkCount() == 3);
    CHECK(f.link("L1", "L2") == 0u);
    CHECK(f.link("L2", "L3") == 1u);
    CHECK(f.link("L3", "L1") == 2u);
    CHECK(f.link("L2", "L1") == kNone);
    CHECK(f.net.outLinks(0) == std::vector<LinkId>{0});
    CHECK(f.net.link(1).from == 1u);
    CHECK(f.net.link(1).to == 2u);
    CHECK(f.net.params(0).latency.a == 10.0);
  }
  SECTION("addLink adds a new link, listed after the topology's") {
    const LinkId id = f.net.addLink(1, 0, f.topology.links()[0].params(), SimTime::zero());
    CHECK(id == 3u);
    CHECK(f.net.linkCount() == 4);
    CHECK(f.link("L2", "L1") == 3u);
    CHECK(f.net.outLinks(1) == std::vector<LinkId>{1, 3});
  }
  SECTION("addLink on an existing, removed link revives it and updates its params") {
    const LinkId l = f.link("L1", "L2");
    f.net.setDown(l, kRemoved, true, SimTime::zero());
    CHECK(f.net.link(l).down == kRemoved);
    LinkParams p;
    p.latency = LatencyDistribution::fixed(33);
    CHECK(f.net.addLink(0, 1, p, ms(1)) == l);
    CHECK(f.net.linkCount() == 3);
    CHECK(f.net.link(l).down == 0);
    CHECK(f.net.params(l).latency.a == 33.0);
  }
}

TEST_CASE("network::Network: send and arrive", "[network]") {
  Fixture f(linksWith(LatencyDistribution::fixed(10)));
  const LinkId l = f.link("L1", "L2");
  SECTION("arrival = now + latency, and the delivery event is scheduled then") {
    const SendOutcome out = f.net.send(l, 7, 3, ms(5));
    CHECK_FALSE(out.queued);
    CHECK(out.arrival == ms(15));
    CHECK(out.retransmissions == 0u);
    CHECK(f.net.inFlight() == 1);
    REQUIRE(f.sched.size() == 1);
    CHECK(f.sched.peekKey().time == ms(15));
    const Event e = f.sched.pop();
    CHECK(e.kind == Network::kDeliverEvent);
    CHECK(e.target == out.slot);
    Message arrived;
    const MessageSlot s = f.net.arrive(e, &arrived);
    REQUIRE(s == out.slot);
    CHECK(arrived.write == 7u);
    CHECK(arrived.path == 3u);
    CHECK(arrived.link == l);
    CHECK(arrived.sentAt == ms(5));
    CHECK(arrived.kind == MessageKind::Link);
    CHECK(f.net.message(s).write == 7u);
    CHECK(f.net.inFlight() == 0);
    f.net.release(s);
  }
  SECTION("an event that arrived cannot arrive twice") {
    f.net.send(l, 1, 0, ms(0));
    const Event e = f.sched.pop();
    const MessageSlot s = arriveSlot(f.net, e);
    REQUIRE(s != kNone);
    CHECK(arriveSlot(f.net, e) == kNone);
    f.net.release(s);
  }
  SECTION("different links are independent") {
    f.net.send(f.link("L1", "L2"), 1, 0, ms(0));
    f.net.send(f.link("L2", "L3"), 2, 0, ms(3));
    f.net.send(f.link("L3", "L1"), 3, 0, ms(1));
    const auto arrivals = f.drain();
    REQUIRE(arrivals.size() == 3);
    CHECK(writesOf(arrivals) == std::vector<WriteIndex>{1, 3, 2});
    CHECK(arrivals[0].at == ms(10));
    CHECK(arrivals[1].at == ms(11));
    CHECK(arrivals[2].at == ms(13));
  }
}

TEST_CASE("network::Network: FIFO links keep send order", "[network]") {
  SECTION("fifo: with uniform(1..50) latency arrivals are non-decreasing in send order") {
    Fixture f(linksWith(uniform(1, 50), true));
    const LinkId l = f.link("L1", "L2");
    std::vector<SimTime> arrivals;
    for (WriteIndex w = 0; w < 300; ++w) arrivals.push_back(f.net.send(l, w, 0, ms(w * 0.5)).arrival);
    for (size_t i = 1; i < arrivals.size(); ++i) REQUIRE(arrivals[i] >= arrivals[i - 1]);
    // Some were clamped (arrive at the same time as their predecessor), and they still pop in send order.
    size_t clamped = 0;
    for (size_t i = 1; i < arrivals.size(); ++i) clamped += arrivals[i] == arrivals[i - 1];
    CHECK(clamped > 10);
    const auto got = f.drain();
    REQUIRE(got.size() == 300);
    for (WriteIndex w = 0; w < 300; ++w) REQUIRE(got[w].write == w);
  }
  SECTION("fifo = false lets a later message overtake an earlier one on the same link") {
    Fixture f(linksWith(uniform(1, 50), false));
    const LinkId l = f.link("L1", "L2");
    std::vector<SimTime> arrivals;
    for (WriteIndex w = 0; w < 50; ++w) arrivals.push_back(f.net.send(l, w, 0, ms(w * 0.5)).arrival);
    size_t inversions = 0;
    for (size_t i = 1; i < arrivals.size(); ++i) inversions += arrivals[i] < arrivals[i - 1];
    CHECK(inversions > 0);
    const auto got = f.drain();
    REQUIRE(got.size() == 50);
    CHECK_FALSE(std::is_sorted(got.begin(), got.end(),
                               [](const Fixture::Arrival& a, const Fixture::Arrival& b) { return a.write < b.write; }));
  }
  SECTION("seed 1: the second message overtakes the first on a non-FIFO link") {
    // uniform(1..50) with seed 1: the first two samples are about 35.4 ms and 26.5 ms.
    Fixture f(linksWith(uniform(1, 50), false), 1);
    const LinkId l = f.link("L1", "L2");
    const SendOutcome a = f.net.send(l, 0, 0, ms(0));
    const SendOutcome b = f.net.send(l, 1, 0, ms(0));
    CHECK(b.arrival < a.arrival);
    CHECK(writesOf(f.drain()) == std::vector<WriteIndex>{1, 0});
  }
}

TEST_CASE("network::Network: loss is recovered by retransmission", "[network]") {
  SECTION("loss 0.5, retry 100 ms: arrival = now + latency + k * retry") {
    Fixture f(linksWith(LatencyDistribution::fixed(10), false, 0.5, 100));
    const LinkId l = f.link("L1", "L2");
    uint64_t total = 0;
    uint32_t most = 0;
    size_t lostOnce = 0, clean = 0;
    for (WriteIndex w = 0; w < 2000; ++w) {
      const SimTime now = ms(w);
      const SendOutcome out = f.net.send(l, w, 0, now);
      REQUIRE_FALSE(out.queued);
      REQUIRE(out.arrival == now + ms(10) + ms(100) * out.retransmissions);
      total += out.retransmissions;
      most = std::max(most, out.retransmissions);
      lostOnce += out.retransmissions >= 1;
      clean += out.retransmissions == 0;
    }
    CHECK(f.net.retransmissions() == total);
    // Geometric with p = 0.5: mean 1 retransmission per message, half lost at least once.
    CHECK(total > 1800);
    CHECK(total < 2200);
    CHECK(clean > 900);
    CHECK(clean < 1100);
    CHECK(lostOnce > 900);
    CHECK(most >= 5);
    // Nothing is lost for good.
    CHECK(f.drain().size() == 2000);
  }
  SECTION("loss 0 never retransmits") {
    Fixture f(linksWith(LatencyDistribution::fixed(10), true, 0.0, 100));
    for (WriteIndex w = 0; w < 100; ++w) CHECK(f.net.send(f.link("L1", "L2"), w, 0, ms(w)).retransmissions == 0u);
    CHECK(f.net.retransmissions() == 0u);
  }
  SECTION("with fifo, a retransmitted message holds back the ones behind it") {
    Fixture f(linksWith(LatencyDistribution::fixed(10), true, 0.5, 100));
    const LinkId l = f.link("L1", "L2");
    SimTime latest;
    for (WriteIndex w = 0; w < 200; ++w) {
      const SimTime now = ms(w);
      const SendOutcome out = f.net.send(l, w, 0, now);
      const SimTime own = now + ms(10) + ms(100) * out.retransmissions;
      REQUIRE(out.arrival == std::max(own, latest));
      latest = out.arrival;
    }
  }
}

TEST_CASE("network::Network: a link going down pulls back what is in flight", "[network]") {
  Fixture f(linksWith(LatencyDistribution::fixed(10)));
  const LinkId l = f.link("L1", "L2");
  SECTION("setDown pulls back, their old events become stale, setDown(off) resends in order") {
    for (WriteIndex w = 0; w < 3; ++w) f.net.send(l, w, 0, ms(w));  // arrive at 10, 11, 12
    REQUIRE(f.net.inFlight() == 3);
    CHECK(f.net.setDown(l, kLinkDownFault, true, ms(5)) == 3u);
    CHECK(f.net.inFlight() == 0);
    CHECK(f.net.backlogged() == 3);
    CHECK(f.net.link(l).down == kLinkDownFault);
    // A send while down is queued behind them.
    const SendOutcome q = f.net.send(l, 3, 0, ms(6));
    CHECK(q.queued);
    CHECK(f.net.backlogged() == 4);
    // The three old delivery events are stale.
    size_t stale = 0;
    for (int i = 0; i < 3; ++i) {
      const Event e = f.sched.pop();
      stale += arriveSlot(f.net, e) == kNone;
    }
    CHECK(stale == 3);
    CHECK(f.sched.empty());
    // Resume at 40 ms: all four re-sent in send order with fresh samples.
    CHECK(f.net.setDown(l, kLinkDownFault, false, ms(40)) == 4u);
    CHECK(f.net.backlogged() == 0);
    CHECK(f.net.inFlight() == 4);
    const auto got = f.drain();
    CHECK(writesOf(got) == std::vector<WriteIndex>{0, 1, 2, 3});
    for (const auto& a : got) CHECK(a.at == ms(50));
  }
  SECTION("stale events left in the scheduler are ignored after the resend") {
    f.net.send(l, 0, 0, ms(0));  // would arrive at 10
    f.net.setDown(l, kPartitioned, true, ms(1));
    f.net.setDown(l, kPartitioned, false, ms(2));  // re-sent: arrives at 12
    size_t stale = 0;
    const auto got = f.drain(&stale);
    CHECK(stale == 1);
    REQUIRE(got.size() == 1);
    CHECK(got[0].at == ms(12));
  }
  SECTION("two reasons: the link resumes only when both are cleared") {
    f.net.send(l, 0, 0, ms(0));
    CHECK(f.net.setDown(l, kLinkDownFault, true, ms(1)) == 1u);
    CHECK(f.net.setDown(l, kPartitioned, true, ms(2)) == 0u);
    CHECK(f.net.link(l).down == (kLinkDownFault | kPartitioned));
    CHECK(f.net.setDown(l, kLinkDownFault, false, ms(3)) == 0u);
    CHECK(f.net.backlogged() == 1);
    CHECK(f.net.setDown(l, kPartitioned, false, ms(4)) == 1u);
    CHECK(f.net.backlogged() == 0);
    const auto got = f.drain();
    REQUIRE(got.size() == 1);
    CHECK(got[0].at == ms(14));
  }
  SECTION("clearing a reason that was not set does nothing") {
    f.net.send(l, 0, 0, ms(0));
    CHECK(f.net.setDown(l, kLinkDownFault, false, ms(1)) == 0u);
    CHECK(f.net.inFlight() == 1);
    CHECK(f.drain().at(0).at == ms(10));
  }
  SECTION("only the link that went down is affected") {
    f.net.send(l, 0, 0, ms(0));
    f.net.send(f.link("L2", "L3"), 1, 0, ms(0));
    f.net.setDown(l, kReceiverCrashed, true, ms(5));
    const auto got = f.drain();
    CHECK(writesOf(got) == std::vector<WriteIndex>{1});
    CHECK(f.net.backlogged() == 1);
  }
  SECTION("the FIFO clamp restarts after an outage") {
    // Before the outage the link was clamped far in the future by a slow message;
    // after it, fresh samples are used from the resume time.
    Fixture g(linksWith(LatencyDistribution::fixed(10), true, 0.0, 100));
    const LinkId gl = g.link("L1", "L2");
    g.net.send(gl, 0, 0, ms(0));
    g.net.setDown(gl, kLinkDownFault, true, ms(1));
    g.net.setDown(gl, kLinkDownFault, false, ms(2));
    g.net.send(gl, 1, 0, ms(3));
    const auto got = g.drain();
    REQUIRE(got.size() == 2);
    CHECK(got[0].at == ms(12));
    CHECK(got[1].at == ms(13));
  }
}

TEST_CASE("network::Network: the in-flight list stays in sending order whatever arrives first", "[network]") {
  // A non-FIFO link delivers out of order, so arrivals unlink the list's head
  // and its middle in any mix; a pull-back must still find exactly the
  // messages in flight, in sending order. Checked against a plain list.
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    Fixture f(linksWith(uniform(1, 50), false), seed);
    Random choice(seed + 100);
    const LinkId l = f.link("L1", "L2");
    std::vector<WriteIndex> inFlight;  // the reference: sending order
    WriteIndex next = 0;
    SimTime now = SimTime::zero();
    for (int step = 0; step < 300; ++step) {
      if (f.sched.empty() || choice.below(3) != 0) {
        now = std::max(now + ms(0.5), f.sched.now());  // (never before an arrival already popped)
        f.net.send(l, next, 0, now);
        inFlight.push_back(next++);
      } else {
        const Event e = f.sched.pop();
        Message m;
        const MessageSlot s = f.net.arrive(e, &m);
        REQUIRE(s != kNone);
        const auto it = std::find(inFlight.begin(), inFlight.end(), m.write);
        REQUIRE(it != inFlight.end());
        inFlight.erase(it);
        f.net.release(s);
      }
    }
    REQUIRE(f.net.inFlight() == inFlight.size());
    CHECK(f.net.setDown(l, kLinkDownFault, true, std::max(now, f.sched.now())) == inFlight.size());
    std::vector<WriteIndex> pulled;
    for (MessageSlot s : f.net.backlog(l)) pulled.push_back(f.net.message(s).write);
    CHECK(pulled == inFlight);
  }
}

TEST_CASE("network::Network: a crashed sender's messages already in flight still arrive", "[network]") {
  Fixture f(linksWith(LatencyDistribution::fixed(10)));
  const LinkId l = f.link("L1", "L2");
  SECTION("kSenderCrashed does not pull back, but queues new sends until cleared") {
    f.net.send(l, 0, 0, ms(0));
    f.net.send(l, 1, 0, ms(1));
    CHECK(f.net.setDown(l, kSenderCrashed, true, ms(5)) == 0u);
    CHECK(f.net.inFlight() == 2);
    CHECK(f.net.backlogged() == 0);
    const SendOutcome q = f.net.send(l, 2, 0, ms(6));
    CHECK(q.queued);
    CHECK(f.net.backlogged() == 1);
    // The two in flight arrive as scheduled.
    Event e = f.sched.pop();
    MessageSlot s = arriveSlot(f.net, e);
    REQUIRE(s != kNone);
    CHECK(f.net.message(s).write == 0u);
    CHECK(f.sched.now() == ms(10));
    f.net.release(s);
    e = f.sched.pop();
    s = arriveSlot(f.net, e);
    REQUIRE(s != kNone);
    CHECK(f.net.message(s).write == 1u);
    f.net.release(s);
    CHECK(f.sched.empty());
    // Recover at 50: the backlog goes out.
    CHECK(f.net.setDown(l, kSenderCrashed, false, ms(50)) == 1u);
    const auto got = f.drain();
    REQUIRE(got.size() == 1);
    CHECK(got[0].write == 2u);
    CHECK(got[0].at == ms(60));
  }
  SECTION("a pulling reason on top of a crashed sender pulls back what was still in flight, ahead of the backlog") {
    f.net.send(l, 0, 0, ms(0));
    f.net.setDown(l, kSenderCrashed, true, ms(1));
    f.net.send(l, 1, 0, ms(2));  // queued
    CHECK(f.net.setDown(l, kReceiverCrashed, true, ms(3)) == 1u);
    CHECK(f.net.backlogged() == 2);
    f.net.setDown(l, kSenderCrashed, false, ms(20));
    f.net.setDown(l, kReceiverCrashed, false, ms(30));
    size_t stale = 0;
    const auto got = f.drain(&stale);
    CHECK(stale == 1);
    CHECK(writesOf(got) == std::vector<WriteIndex>{0, 1});
    CHECK(got[0].at == ms(40));
  }
}

TEST_CASE("network::Network: discardAll and slot reuse", "[network]") {
  Fixture f(linksWith(LatencyDistribution::fixed(10)));
  const LinkId l = f.link("L1", "L2");
  SECTION("discardAll removes in-flight and backlogged messages; their events become stale") {
    f.net.send(l, 0, 0, ms(0));
    f.net.send(l, 1, 0, ms(1));
    f.net.send(f.link("L2", "L3"), 9, 0, ms(1));
    f.net.setDown(l, kSenderCrashed, true, ms(2));
    f.net.send(l, 2, 0, ms(3));  // backlogged
    REQUIRE(f.net.inFlight() == 3);
    const auto gone = f.net.discardAll(l);
    CHECK(gone.size() == 3);
    std::set<WriteIndex> goneWrites;
    for (MessageSlot s : gone) goneWrites.insert(f.net.message(s).write);
    CHECK(goneWrites == std::set<WriteIndex>{0, 1, 2});
    CHECK(f.net.inFlight() == 1);
    CHECK(f.net.backlogged() == 0);
    for (MessageSlot s : gone) f.net.release(s);
    size_t stale = 0;
    const auto got = f.drain(&stale);
    CHECK(stale == 2);
    CHECK(writesOf(got) == std::vector<WriteIndex>{9});
  }
  SECTION("discarded slots are reused without reviving their stale events") {
    f.net.send(l, 0, 0, ms(0));  // event at 10
    const auto gone = f.net.discardAll(l);
    REQUIRE(gone.size() == 1);
    f.net.release(gone[0]);
    const SendOutcome again = f.net.send(l, 5, 0, ms(1));  // reuses the slot, arrives at 11
    CHECK(again.slot == gone[0]);
    size_t stale = 0;
    const auto got = f.drain(&stale);
    CHECK(stale == 1);
    REQUIRE(got.size() == 1);
    CHECK(got[0].write == 5u);
    CHECK(got[0].at == ms(11));
  }
  SECTION("the pool does not grow in a send/arrive/release loop") {
    std::set<MessageSlot> slots;
    for (WriteIndex w = 0; w < 1000; ++w) {
      const SendOutcome out = f.net.send(l, w, 0, f.sched.now());
      slots.insert(out.slot);
      const Event e = f.sched.pop();
      const MessageSlot s = arriveSlot(f.net, e);
      REQUIRE(s == out.slot);
      f.net.release(s);
    }
    CHECK(slots.size() == 1);
  }
  SECTION("with a window of 4 in flight only 5 slots are ever used") {
    std::set<MessageSlot> slots;
    for (WriteIndex w = 0; w < 4; ++w) slots.insert(f.net.send(l, w, 0, ms(w)).slot);
    for (WriteIndex w = 4; w < 500; ++w) {
      const Event e = f.sched.pop();
      const MessageSlot s = arriveSlot(f.net, e);
      REQUIRE(s != kNone);
      f.net.release(s);
      slots.insert(f.net.send(l, w, 0, f.sched.now()).slot);
    }
    CHECK(slots.size() <= 5);
    CHECK(*slots.rbegin() < 5u);
  }
}

// Network::discardAll (used when reconfiguration removes a link) empties the link's flight and
// backlog; the FIFO clamp must go with them, or the first message on the re-added link would
// wait behind a message that no longer exists (regression: it arrived at 100 ms, not 30 ms).
TEST_CASE("network::Network: a link removed and added back does not wait for discarded messages",
          "[network]") {
  Fixture f(linksWith(LatencyDistribution::fixed(100)));
  const LinkId l = f.link("L1", "L2");
  REQUIRE(f.net.send(l, 0, 0, ms(0)).arrival == ms(100));
  for (MessageSlot s : f.net.discardAll(l)) f.net.release(s);
  f.net.setDown(l, kRemoved, true, ms(5));
  LinkParams fast;
  fast.latency = LatencyDistribution::fixed(10);
  REQUIRE(f.net.addLink(0, 1, fast, ms(10)) == l);
  const SendOutcome out = f.net.send(l, 1, 0, ms(20));
  CHECK_FALSE(out.queued);
  CHECK(out.arrival == ms(30));
}

TEST_CASE("network::Network: a message samples its kind's latency (by_kind), the link's otherwise, re-sent too") {
  // Every link: 10 ms; acks 3 ms, reads 7 ms (by_kind). Sent at 0 on L1→L2
  // (fifo off, so no clamp hides a kind): a Link message arrives at 10, an
  // Ack at 3, a Read at 7, a Write (not listed) at 10.
  LinksSpec links = linksWith(LatencyDistribution::fixed(10.0), /*fifo=*/false);
  links.defaults.byKind = {KindLatency{MessageKind::Ack, LatencyDistribution::fixed(3.0)},
                           KindLatency{MessageKind::Read, LatencyDistribution::fixed(7.0)}};
  Fixture f(links);
  const LinkId l = f.link("L1", "L2");
  CHECK(f.net.send(l, 1, 0, ms(0), MessageKind::Link).arrival == ms(10));
  CHECK(f.net.send(l, 2, 0, ms(0), MessageKind::Ack).arrival == ms(3));
  CHECK(f.net.send(l, 3, 0, ms(0), MessageKind::Read).arrival == ms(7));
  CHECK(f.net.send(l, 4, 0, ms(0), MessageKind::Write).arrival == ms(10));
  f.drain();
  // Down at 20, an ack waits in the backlog; up at 50 it is re-sent with its
  // own kind's latency: 50 + 3 = 53.
  f.net.setDown(l, kLinkDownFault, true, ms(20));
  CHECK(f.net.send(l, 5, 0, ms(20), MessageKind::Ack).queued);
  f.net.setDown(l, kLinkDownFault, false, ms(50));
  const auto arrivals = f.drain();
  REQUIRE(arrivals.size() == 1);
  CHECK(arrivals[0].at == ms(53));
  // The per-kind set is interned with the rest of the link's settings: the
  // three links share one LinkParams, and a link stays 32 bytes.
  CHECK(&f.net.params(f.link("L1", "L2")) == &f.net.params(f.link("L2", "L3")));
  CHECK(sizeof(Link) == 32);
}
