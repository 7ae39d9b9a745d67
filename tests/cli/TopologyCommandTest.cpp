// Tests of `replsim topology` on scenarios: which nodes count as writers.

#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "tests/TestSupport.h"

using namespace replsim;
using replsim::testing::cli;

TEST_CASE("cli::TopologyCommand: datacenters count pairs from their leaders only", "[cli][topology]") {
  const std::string file = std::string(REPLSIM_SOURCE_DIR) + "/scenarios/datacenters-follower-reads.json";

  SECTION("text: 3 datacenters (eu1+2 followers, us1+1, ap1+1) are 7 nodes; 3 writers x 6 others = 18 pairs") {
    const auto r = cli({"topology", file});
    REQUIRE(r.status == 0);
    CHECK(r.out.find("writers               eu1, us1, ap1\n") != std::string::npos);
    CHECK(r.out.find("strongly connected    yes (among the writers)\n") != std::string::npos);
    CHECK(r.out.find("replicating pairs     18 of 18 ordered pairs from a writer\n") != std::string::npos);
  }
  SECTION("json: the writers and the pairs they could form") {
    const auto r = cli({"topology", file, "--format", "json"});
    REQUIRE(r.status == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["writers"] == nlohmann::json({"eu1", "us1", "ap1"}));
    CHECK(j["pairs_total"] == 18);
    CHECK(j["pairs_possible"] == 18);
    CHECK(j["strongly_connected"] == true);
    // eu1 down: us1 and ap1 no longer reach eu2 and eu3.
    CHECK(j["node_failures"][0]["pairs_cut"] == 4);
  }
  SECTION("a scenario without datacenters: every leader writes") {
    const auto r = cli({"topology", std::string(REPLSIM_SOURCE_DIR) + "/scenarios/overtaking-none.json"});
    REQUIRE(r.status == 0);
    CHECK(r.out.find("writers ") == std::string::npos);
    CHECK(r.out.find("replicating pairs     6 of 6 ordered pairs\n") != std::string::npos);
  }
}
