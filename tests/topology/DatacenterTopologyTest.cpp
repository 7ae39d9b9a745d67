#include <catch2/catch.hpp>

#include "tests/TestSupport.h"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/topology/DatacenterTopology.h"

using namespace replsim;

namespace {

using testing::Edges;
using testing::edgesOf;

double meanOf(const Topology& t, const std::string& from, const std::string& to) {
  for (const TopologyLink& l : t.links())
    if (t.name(l.from) == from && t.name(l.to) == to) return l.params().latency.meanMs();
  FAIL("no link " << from << "->" << to);
  return 0.0;
}

DatacenterSpec dc(std::string name, std::string leader, std::vector<std::string> followers,
                  std::optional<double> intraMs = std::nullopt) {
  DatacenterSpec d;
  d.name = std::move(name);
  d.leader = std::move(leader);
  d.followers = std::move(followers);
  if (intraMs) d.intraLatency = LatencyDistribution::fixed(*intraMs);
  return d;
}

// eu (eu1; eu2, eu3; intra 2 ms), us (us1; us2; default intra), ap (ap1).
TopologySpec threeDatacenters(TopologyKind kind) {
  TopologySpec spec;
  spec.kind = kind;
  spec.datacenters = {dc("eu", "eu1", {"eu2", "eu3"}, 2.0), dc("us", "us1", {"us2"}), dc("ap", "ap1", {})};
  for (const auto& d : spec.datacenters) spec.leaders.push_back(d.leader);
  return spec;
}

LinksSpec linksOf(double defaultMs) {
  LinksSpec links;
  links.defaults.latency = LatencyDistribution::fixed(defaultMs);
  return links;
}

}  // namespace

TEST_CASE("topology::DatacenterTopology: nodes and links", "[topology][datacenters]") {
  SECTION("nodes: datacenter by datacenter, leader first") {
    const Topology t = Topology::build(threeDatacenters(TopologyKind::AllToAll), linksOf(50));
    CHECK(t.names() == std::vector<std::string>{"eu1", "eu2", "eu3", "us1", "us2", "ap1"});
    CHECK(t.kind() == TopologyKind::AllToAll);
  }
  SECTION("all-to-all between the leaders, then leader to each follower") {
    const Topology t = Topology::build(threeDatacenters(TopologyKind::AllToAll), linksOf(50));
    CHECK(edgesOf(t) == Edges{{"eu1", "us1"}, {"eu1", "ap1"}, {"us1", "eu1"}, {"us1", "ap1"}, {"ap1", "eu1"},
                              {"ap1", "us1"}, {"eu1", "eu2"}, {"eu1", "eu3"}, {"us1", "us2"}});
    CHECK(meanOf(t, "eu1", "us1") == 50.0);
    CHECK(meanOf(t, "eu1", "eu2") == 2.0);   // intra_latency_ms
    CHECK(meanOf(t, "us1", "us2") == 1.0);   // the default intra latency
  }
  SECTION("ring over the leaders in datacenter order") {
    const Topology t = Topology::build(threeDatacenters(TopologyKind::Ring), linksOf(50));
    CHECK(edgesOf(t) ==
          Edges{{"eu1", "us1"}, {"us1", "ap1"}, {"ap1", "eu1"}, {"eu1", "eu2"}, {"eu1", "eu3"}, {"us1", "us2"}});
  }
  SECTION("single-leader: the other datacenters' leaders follow the leader, and feed their own followers") {
    TopologySpec spec = threeDatacenters(TopologyKind::SingleLeader);
    spec.leader = "us1";
    const Topology t = Topology::build(spec, linksOf(50));
    CHECK(edgesOf(t) ==
          Edges{{"us1", "eu1"}, {"us1", "ap1"}, {"eu1", "eu2"}, {"eu1", "eu3"}, {"us1", "us2"}});
  }
  SECTION("overrides apply to links inside and between datacenters; other settings come from the default") {
    LinksSpec links = linksOf(50);
    links.defaults.loss = 0.1;
    LinkOverride slow;
    slow.from = "eu1";
    slow.to = "eu2";
    slow.settings.latency = LatencyDistribution::fixed(400);
    LinkOverride far;
    far.from = "eu1";
    far.to = "ap1";
    far.both = true;
    far.settings.latency = LatencyDistribution::fixed(150);
    links.overrides = {slow, far};
    const Topology t = Topology::build(threeDatacenters(TopologyKind::AllToAll), links);
    CHECK(meanOf(t, "eu1", "eu2") == 400.0);
    CHECK(meanOf(t, "eu1", "eu3") == 2.0);
    CHECK(meanOf(t, "eu1", "ap1") == 150.0);
    CHECK(meanOf(t, "ap1", "eu1") == 150.0);
    for (const TopologyLink& l : t.links()) CHECK(l.params().loss == 0.1);
    CHECK(DatacenterTopology::intraLink(links, threeDatacenters(TopologyKind::AllToAll).datacenters[0], "eu1", "eu2")
              .latency.meanMs() == 400.0);
    CHECK(DatacenterTopology::intraLink(links, threeDatacenters(TopologyKind::AllToAll).datacenters[0], "eu3", "eu2")
              .latency.meanMs() == 2.0);
  }
  SECTION("custom edges between leaders keep their settings") {
    TopologySpec spec = threeDatacenters(TopologyKind::Custom);
    EdgeSpec e;
    e.from = "eu1";
    e.to = "us1";
    e.both = true;
    e.settings.latency = LatencyDistribution::fixed(70);
    spec.edges = {e};
    const Topology t = Topology::build(spec, linksOf(50));
    CHECK(edgesOf(t) == Edges{{"eu1", "us1"}, {"us1", "eu1"}, {"eu1", "eu2"}, {"eu1", "eu3"}, {"us1", "us2"}});
    CHECK(meanOf(t, "us1", "eu1") == 70.0);
  }
  SECTION("fromLinks refuses a link to an unknown node") {
    CHECK_THROWS_AS(Topology::fromLinks(TopologyKind::Custom, {"A"}, {LinkSpec{0, 1, {}}}), std::invalid_argument);
  }
}
