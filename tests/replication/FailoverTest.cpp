#include <catch2/catch.hpp>

#include "sim/replication/Failover.h"

using namespace replsim;

namespace {

TopologySpec twoDatacenters() {
  TopologySpec s;
  s.kind = TopologyKind::AllToAll;
  DatacenterSpec eu, us;
  eu.name = "eu";
  eu.leader = "eu1";
  eu.followers = {"eu3", "eu2"};  // file order is not name order
  us.name = "us";
  us.leader = "us1";
  s.datacenters = {eu, us};
  s.leaders = {"eu1", "us1"};
  return s;
}

// eu1 = 0, eu3 = 1, eu2 = 2, us1 = 3.
std::vector<Replica> replicas(size_t keys = 1) {
  std::vector<Replica> r;
  for (NodeId n = 0; n < 4; ++n) r.emplace_back(n, keys);
  return r;
}

}  // namespace

TEST_CASE("replication::Failover: whom to promote", "[replication][datacenters][failover]") {
  const TopologySpec s = twoDatacenters();
  const Topology t = Topology::build(s, {});
  const DatacenterDirectory d(s, t);
  std::vector<Replica> r = replicas();
  SECTION("the live follower that has processed the most writes") {
    r[1].processed.insert(Dot{0, 1});
    r[2].processed.insert(Dot{0, 1});
    r[2].processed.insert(Dot{3, 1});
    CHECK(Failover::chooseNewLeader(d, 0, r, t) == 2u);
  }
  SECTION("a tie goes to the name first in order, not the file order") {
    r[1].processed.insert(Dot{0, 1});
    r[2].processed.insert(Dot{3, 1});
    CHECK(Failover::chooseNewLeader(d, 0, r, t) == 2u);  // eu2 before eu3
  }
  SECTION("crashed followers are passed over; none live: nobody") {
    r[2].processed.insert(Dot{0, 1});
    r[2].crashed = true;
    CHECK(Failover::chooseNewLeader(d, 0, r, t) == 1u);
    r[1].crashed = true;
    CHECK_FALSE(Failover::chooseNewLeader(d, 0, r, t));
    CHECK_FALSE(Failover::chooseNewLeader(d, 1, r, t));  // us has no follower
  }
  SECTION("counting processed writes includes those ahead of a gap") {
    r[1].processed.insert(Dot{0, 1});
    r[2].processed.insert(Dot{0, 3});
    r[2].processed.insert(Dot{0, 4});
    CHECK(r[2].processed.count() == 2);
    CHECK(Failover::chooseNewLeader(d, 0, r, t) == 2u);
  }
}

TEST_CASE("replication::Failover: lost writes and pending rejoins", "[replication][datacenters][failover]") {
  std::vector<Replica> r = replicas();
  WriteLog log;
  for (uint32_t seq = 1; seq <= 3; ++seq) {
    WriteRecord w;
    w.dot = Dot{0, seq};
    log.add(w, {w.dot}, {});
  }
  r[0].writesOriginated = 3;
  r[1].processed.insert(Dot{0, 1});
  r[1].processed.insert(Dot{0, 3});  // arrived out of order; 2 is missing
  SECTION("the old leader's writes the new one lacks, in sequence order") {
    const auto lost = Failover::lostWrites(r[0], r[1], log);
    REQUIRE(lost.size() == 1);
    CHECK(log[lost[0]].dot == Dot{0, 2});
    CHECK(Failover::lostWrites(r[0], r[2], log).size() == 3);
  }
  SECTION("a record stays pending until its old leader rejoins") {
    Failover f(4);
    f.noteCrash(0, SimTime::fromMs(7));
    CHECK(f.crashedSince(0) == SimTime::fromMs(7));
    CHECK_FALSE(f.pendingRejoin(0));
    const size_t i = f.add(Failover::Record{SimTime::fromMs(10), 0, 0, 1, {}, std::nullopt});
    CHECK(f.pendingRejoin(0) == i);
    CHECK_FALSE(f.pendingRejoin(1));
    f[i].rejoinedAt = SimTime::fromMs(20);
    CHECK_FALSE(f.pendingRejoin(0));
  }
}
