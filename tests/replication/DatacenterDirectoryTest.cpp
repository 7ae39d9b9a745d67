#include <catch2/catch.hpp>

#include "sim/replication/DatacenterDirectory.h"

using namespace replsim;

namespace {

DatacenterSpec dc(std::string name, std::string leader, std::vector<std::string> followers) {
  DatacenterSpec d;
  d.name = std::move(name);
  d.leader = std::move(leader);
  d.followers = std::move(followers);
  return d;
}

TopologySpec spec(TopologyKind kind) {
  TopologySpec s;
  s.kind = kind;
  s.datacenters = {dc("eu", "eu1", {"eu2", "eu3"}), dc("us", "us1", {"us2"})};
  s.datacenters[0].intraLatency = LatencyDistribution::fixed(2.5);
  s.leaders = {"eu1", "us1"};
  s.leader = "us1";
  return s;
}

}  // namespace

TEST_CASE("replication::DatacenterDirectory: members, leaders and who takes writes", "[replication][datacenters]") {
  SECTION("multi-leader: every datacenter's leader takes writes") {
    const TopologySpec s = spec(TopologyKind::AllToAll);
    const Topology t = Topology::build(s, {});
    const DatacenterDirectory d(s, t);
    REQUIRE(d.size() == 2);
    CHECK(d[0].members == std::vector<NodeId>{0, 1, 2});
    CHECK(d[1].members == std::vector<NodeId>{3, 4});
    CHECK(d.dcOf(4) == 1);
    CHECK(d.find("us") == 1u);
    CHECK_FALSE(d.find("ap"));
    CHECK(d.rootDc() == DatacenterDirectory::kNoDatacenter);
    CHECK(d.takesWrites(0));
    CHECK(d.takesWrites(3));
    CHECK_FALSE(d.takesWrites(1));
    CHECK(d.followers(0) == std::vector<NodeId>{1, 2});
    CHECK(d[0].clientLatency == SimTime::fromMs(2.5));
    CHECK(d[1].clientLatency == SimTime::fromMs(1));  // the default intra latency
  }
  SECTION("single-leader: only the root datacenter's leader takes writes") {
    const TopologySpec s = spec(TopologyKind::SingleLeader);
    const DatacenterDirectory d(s, Topology::build(s, {}));
    CHECK(d.rootDc() == 1u);
    CHECK(d.takesWrites(3));
    CHECK_FALSE(d.takesWrites(0));  // eu1 leads eu but follows us1
    CHECK(d.leads(0));
  }
  SECTION("promote moves the leadership inside the datacenter only") {
    const TopologySpec s = spec(TopologyKind::AllToAll);
    DatacenterDirectory d(s, Topology::build(s, {}));
    d.promote(0, 2);
    CHECK(d.leader(0) == 2u);
    CHECK(d.leads(2));
    CHECK_FALSE(d.leads(0));
    CHECK(d.followers(0) == std::vector<NodeId>{0, 1});
    CHECK_THROWS_AS(d.promote(0, 3), std::invalid_argument);
  }
}
