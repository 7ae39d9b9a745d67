// The leaderless datacenter mesh (TopologySpec::datacenterMesh,
// DatacenterTopology::meshLink): every ordered pair linked, each pair's
// settings derived from the datacenters — counted and read off by hand.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/scenario/ScenarioLoader.h"
#include "sim/topology/DatacenterTopology.h"
#include "tests/TestSupport.h"

using namespace replsim;

namespace {

double meanOf(const Topology& t, const std::string& from, const std::string& to) {
  for (const TopologyLink& l : t.links())
    if (t.name(l.from) == from && t.name(l.to) == to) return l.params().latency.meanMs();
  FAIL("no link " << from << "->" << to);
  return 0.0;
}

DatacenterSpec dc(std::string name, std::string leader, std::vector<std::string> followers, std::optional<double> intraMs) {
  DatacenterSpec d;
  d.name = std::move(name);
  d.leader = std::move(leader);
  d.followers = std::move(followers);
  if (intraMs) d.intraLatency = LatencyDistribution::fixed(*intraMs);
  return d;
}

// eu (eu1; eu2, eu3; intra 2 ms), us (us1; us2; default intra 1 ms), ap (ap1).
TopologySpec meshSpec() {
  TopologySpec spec;
  spec.kind = TopologyKind::AllToAll;
  spec.datacenters = {dc("eu", "eu1", {"eu2", "eu3"}, 2.0), dc("us", "us1", {"us2"}, std::nullopt),
                      dc("ap", "ap1", {}, std::nullopt)};
  for (const auto& d : spec.datacenters) spec.leaders.push_back(d.leader);
  spec.datacenterMesh = true;
  return spec;
}

LinkOverride override(std::string from, std::string to, bool both, double ms) {
  LinkOverride o;
  o.from = std::move(from);
  o.to = std::move(to);
  o.both = both;
  o.settings.latency = LatencyDistribution::fixed(ms);
  return o;
}

}  // namespace

TEST_CASE("topology::DatacenterTopology: the leaderless mesh", "[topology][datacenters][leaderless]") {
  LinksSpec links;
  links.defaults.latency = LatencyDistribution::fixed(50.0);
  SECTION("every ordered pair of the 6 nodes: 6 x 5 = 30 links, nodes in the usual order") {
    const Topology t = Topology::build(meshSpec(), links);
    CHECK(t.names() == std::vector<std::string>{"eu1", "eu2", "eu3", "us1", "us2", "ap1"});
    CHECK(t.links().size() == 30);
    CHECK(t.kind() == TopologyKind::AllToAll);
  }
  SECTION("inside a datacenter its intra latency (1 ms when absent), between two the default") {
    const Topology t = Topology::build(meshSpec(), links);
    CHECK(meanOf(t, "eu2", "eu3") == 2.0);  // followers talk to each other too
    CHECK(meanOf(t, "eu3", "eu1") == 2.0);
    CHECK(meanOf(t, "us2", "us1") == 1.0);
    CHECK(meanOf(t, "eu2", "us2") == 50.0);
    CHECK(meanOf(t, "ap1", "eu3") == 50.0);
  }
  SECTION("an override between two leaders sets every pair across their datacenters; one naming nodes, that pair") {
    links.overrides = {override("eu1", "ap1", true, 80.0), override("eu2", "us2", false, 30.0)};
    const Topology t = Topology::build(meshSpec(), links);
    CHECK(meanOf(t, "eu1", "ap1") == 80.0);
    CHECK(meanOf(t, "eu3", "ap1") == 80.0);
    CHECK(meanOf(t, "ap1", "eu2") == 80.0);  // both: the way back too
    CHECK(meanOf(t, "eu2", "us2") == 30.0);
    CHECK(meanOf(t, "us2", "eu2") == 50.0);  // not both
    CHECK(meanOf(t, "eu2", "us1") == 50.0);
    CHECK(meanOf(t, "eu1", "us1") == 50.0);
  }
  SECTION("a later node override beats its datacenters' leader override") {
    links.overrides = {override("eu1", "ap1", true, 80.0), override("eu3", "ap1", false, 5.0)};
    const Topology t = Topology::build(meshSpec(), links);
    CHECK(meanOf(t, "eu3", "ap1") == 5.0);
    CHECK(meanOf(t, "ap1", "eu3") == 80.0);
  }
}

TEST_CASE("scenario: leaderless with datacenters loads as a mesh, and what it refuses", "[scenario][datacenters][leaderless]") {
  const std::string head = R"({"replsim": 1, "name": "t", "topology": {"kind": "KIND", "datacenters": [
      {"name": "eu", "leader": "eu1", "followers": ["eu2"]}, {"name": "us", "leader": "us1", "followers": ["us2"]}]EXTRA},
    "links": {"overrides": [{"from": "eu2", "to": "us2", "latency_ms": 7}]},
    "replication": {"mode": "leaderless", "quorum": {"n": 4, "w": 3, "r": 2}},
    "writes": [{"at_ms": 0, "dc": "eu", "key": "x", "value": "1"}], "faults": [FAULTS]})";
  auto make = [&](const std::string& kind, const std::string& extra, const std::string& faults) {
    std::string s = head;
    s.replace(s.find("KIND"), 4, kind);
    s.replace(s.find("EXTRA"), 5, extra);
    s.replace(s.find("FAULTS"), 6, faults);
    return loadScenarioText(s, "t.json", ".");
  };
  auto errorsOf = [](const LoadResult& r) {
    std::string all;
    for (const auto& e : r.errors) all += e.render() + "\n";
    return all;
  };
  SECTION("n counts the followers too (4 nodes), an override between followers has its link, datacenter faults load") {
    const LoadResult r = make("all-to-all", "",
                              R"({"at_ms": 5, "crash_datacenter": "us"}, {"at_ms": 9, "recover_datacenter": "us"})");
    INFO(errorsOf(r));
    REQUIRE(r.ok());
    CHECK(r.scenario->topology.datacenterMesh);
    CHECK(Topology::build(r.scenario->topology, r.scenario->links).links().size() == 12);
  }
  SECTION("other kinds are refused with the reason") {
    const LoadResult r = make("ring", "", "");
    CHECK_THAT(errorsOf(r), Catch::Contains("/topology/kind") && Catch::Contains("every node is linked to every other"));
  }
  SECTION("failover is refused: no leader to fail over") {
    const LoadResult r = make("all-to-all", R"(, "failover_after_ms": 100)", "");
    CHECK_THAT(errorsOf(r), Catch::Contains("/topology/failover_after_ms") && Catch::Contains("no leader to fail over"));
  }
  SECTION("reconfigure and resume are refused with their reason") {
    const LoadResult r = make("all-to-all", "",
                              R"({"at_ms": 5, "reconfigure": {"remove": [["eu1", "us1"]]}}, {"at_ms": 6, "resume": ["eu1"]})");
    const std::string errors = errorsOf(r);
    CHECK_THAT(errors, Catch::Contains("/faults/0") && Catch::Contains("with link_down"));
    CHECK_THAT(errors, Catch::Contains("/faults/1") && Catch::Contains("no replication streams"));
  }
  SECTION("n beyond the 4 nodes") {
    std::string s = head;
    s.replace(s.find("KIND"), 4, "all-to-all");
    s.replace(s.find("EXTRA"), 5, "");
    s.replace(s.find("FAULTS"), 6, "");
    s.replace(s.find("\"n\": 4"), 6, "\"n\": 5");
    CHECK_THAT(errorsOf(loadScenarioText(s, "t.json", ".")), Catch::Contains("n 5 exceeds the 4 nodes"));
  }
}
