#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/TestSupport.h"

using replsim::testing::cli;

namespace {
const std::string kWeak = std::string(REPLSIM_SOURCE_DIR) + "/scenarios/leaderless-weak-quorum-stale-reads.json";
}  // namespace

TEST_CASE("cli::VisibilityCommand: replsim visibility", "[cli][visibility]") {
  SECTION("JSON shape") {
    const auto r = cli({"visibility", kWeak, "--t-ms", "0,5,10", "--trials", "2000", "--format", "json"});
    REQUIRE(r.status == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["n"] == 3);
    CHECK(j["w"] == 1);
    CHECK(j["r"] == 1);
    CHECK(j["trials"] == 2000);
    REQUIRE(j["points"].size() == 3);
    CHECK(j["points"][1]["t_ms"] == 5.0);
    CHECK(j["points"][1]["consistent"].is_number());
    CHECK(j["points"][1]["ci95"].size() == 2);
    CHECK(j["points"][2]["consistent"] == 1.0);  // fixed 10 ms links: every copy is there at 10 ms
    CHECK(j["t_ms_at"]["0.999"]["t_ms"] == 10.0);
    CHECK(j["t_ms_at"]["0.999"]["ci95"].size() == 2);
    for (const char* op : {"read", "write"})
      for (const char* q : {"p50", "p99", "p99.9"}) CHECK(j["latency_ms"][op][q].is_number());
  }
  SECTION("text, and the same output for the same seed") {
    const auto a = cli({"visibility", kWeak, "--trials", "500", "--seed", "9"});
    CHECK(a.status == 0);
    CHECK(a.out.find("99.9% of reads consistent from t = 10 ms") != std::string::npos);
    CHECK(a.out == cli({"visibility", kWeak, "--trials", "500", "--seed", "9"}).out);
  }
  SECTION("read repair and anti-entropy are modelled, and named in the header") {
    const auto repair = cli({"visibility", std::string(REPLSIM_SOURCE_DIR) + "/scenarios/leaderless-read-repair-monotonic.json",
                             "--trials", "500"});
    CHECK(repair.status == 0);
    CHECK(repair.out.find("read_repair blocking") != std::string::npos);
    const auto ae = cli({"visibility", std::string(REPLSIM_SOURCE_DIR) + "/scenarios/leaderless-anti-entropy.json",
                         "--trials", "500", "--format", "json"});
    REQUIRE(ae.status == 0);
    const auto j = nlohmann::json::parse(ae.out);
    CHECK(j["read_repair"] == "off");
    CHECK(j["anti_entropy_interval_ms"] == 1000.0);
  }
  SECTION("bad input exits 1 with a message") {
    const auto notLeaderless =
        cli({"visibility", std::string(REPLSIM_SOURCE_DIR) + "/scenarios/conflict-lww.json"});
    CHECK(notLeaderless.status == 1);
    CHECK(notLeaderless.err.find("not leaderless") != std::string::npos);
    for (const char* bad : {"5,1", "a", "-1", "", "1,,2", "1,", "1e10", "nan"}) {
      INFO(bad);
      const auto r = cli({"visibility", kWeak, "--t-ms", bad});
      CHECK(r.status == 1);
      CHECK(r.err.find("--t-ms") != std::string::npos);
    }
    const auto zero = cli({"visibility", kWeak, "--trials", "0"});
    CHECK(zero.status == 1);
    CHECK(zero.err.find("--trials must be from 1") != std::string::npos);
    CHECK(cli({"visibility", kWeak, "--seed", "-1"}).status == 1);
    CHECK(cli({"visibility", "/no/such/file.json"}).status == 1);
  }
}
