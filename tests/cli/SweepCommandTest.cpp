#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/TestSupport.h"

using replsim::testing::cli;

namespace {
const std::string kTitle = std::string(REPLSIM_SOURCE_DIR) + "/docs/sweeps/title-conflict-random.json";
const std::string kLww = std::string(REPLSIM_SOURCE_DIR) + "/scenarios/conflict-lww.json";

std::string slurp(const std::filesystem::path& p) {
  std::ifstream f(p);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}
}  // namespace

TEST_CASE("cli::SweepCommand: replsim sweep and sweep merge", "[cli][sweep]") {
  const std::vector<std::string> base = {"sweep", kTitle, "--set", "replication.conflicts.resolve=lww,merge",
                                         "--seeds", "1..6", "--metrics", "conflicts.discarded_writes,converged"};
  SECTION("text by default, exit 0, the grid and a table per metric") {
    const auto r = cli(base);
    CHECK(r.status == 0);
    CHECK(r.out.find("Grid        2 cells × seeds 1..6 = 12 runs, 0 failed") != std::string::npos);
    CHECK(r.out.find("conflicts.discarded_writes  (95% CI of the mean, Student t)") != std::string::npos);
    CHECK(r.out.find("converged  (proportion true; 95% CI Wilson)") != std::string::npos);
  }
  SECTION("--format json and csv; json carries the raw values") {
    auto args = base;
    args.insert(args.end(), {"--format", "json"});
    const auto j = nlohmann::json::parse(cli(args).out);
    CHECK(j["cells"].size() == 2);
    CHECK(j["cells"][1]["values"]["conflicts.discarded_writes"] == nlohmann::json::parse("[0.0,0.0,0.0,0.0,0.0,0.0]"));
    args.back() = "csv";
    const std::string csv = cli(args).out;
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 3);  // header + one row per cell
  }
  SECTION("--out writes every form, and merge of shard parts equals the unsharded files") {
    const auto dir = std::filesystem::temp_directory_path() / "replsim-sweep-cli-test";
    std::filesystem::remove_all(dir);
    auto whole = base;
    whole.insert(whole.end(), {"--out", (dir / "whole").string()});
    REQUIRE(cli(whole).status == 0);
    for (const char* f : {"sweep.json", "sweep.txt", "sweep.csv", "runs.csv", "sweep.html"})
      CHECK(std::filesystem::exists(dir / "whole" / f));
    std::vector<std::string> merge = {"sweep", "merge"};
    for (int i = 1; i <= 3; ++i) {
      auto part = base;
      const auto out = dir / ("part" + std::to_string(i));
      part.insert(part.end(), {"--shard", std::to_string(i) + "/3", "--out", out.string()});
      REQUIRE(cli(part).status == 0);
      merge.push_back((out / "sweep.json").string());
    }
    merge.insert(merge.end(), {"--out", (dir / "merged").string()});
    const auto merged = cli(merge);
    REQUIRE(merged.status == 0);
    CHECK(merged.out == slurp(dir / "whole" / "sweep.txt"));
    for (const char* f : {"sweep.json", "sweep.txt", "sweep.csv", "runs.csv", "sweep.html"})
      CHECK(slurp(dir / "merged" / f) == slurp(dir / "whole" / f));
    std::filesystem::remove_all(dir);
  }
  SECTION("each --set takes one value, so the scenario may come after them") {
    const auto r = cli({"sweep", "--set", "replication.conflicts.resolve=lww", "--set", "links.default.loss=0,0.1", kTitle,
                        "--seeds", "1..2", "--metrics", "converged"});
    CHECK(r.status == 0);
    CHECK(r.out.find("Grid        2 cells × seeds 1..2 = 4 runs") != std::string::npos);
    const auto run = cli({"run", "--set", "links.default.latency_ms=30", kLww, "--format", "json"});
    CHECK(nlohmann::json::parse(run.out)["writes"]["propagation_ms"]["max"] == 30.0);
  }
  SECTION("bad input: exit 1 with the reason") {
    auto r = cli({"sweep", kTitle, "--set", "links.default.loss=0,7"});
    CHECK(r.status == 1);
    CHECK(r.err.find("/links/default/loss") != std::string::npos);
    r = cli({"sweep", kTitle, "--seeds", "9..1"});
    CHECK(r.status == 1);
    CHECK(r.err.find("--seeds 9..1") != std::string::npos);
    r = cli({"sweep", kTitle, "--shard", "3"});
    CHECK(r.status == 1);
    r = cli({"sweep"});
    CHECK(r.status == 1);
    r = cli({"sweep", "merge", "/nonexistent/part.json"});
    CHECK(r.status == 1);
    CHECK(r.err.find("/nonexistent/part.json: cannot be read") != std::string::npos);
  }
  SECTION("--out: a file that cannot be written is exit 1 naming it, and the files after it are not written") {
    const auto dir = std::filesystem::temp_directory_path() / "replsim-sweep-cli-unwritable";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "sweep.csv");  // a folder where the CSV goes
    auto args = base;
    args.insert(args.end(), {"--out", dir.string()});
    const auto r = cli(args);
    CHECK(r.status == 1);
    CHECK(r.err == "replsim sweep: cannot write " + (dir / "sweep.csv").string() + "\n");
    CHECK(std::filesystem::exists(dir / "sweep.txt"));
    CHECK_FALSE(std::filesystem::exists(dir / "runs.csv"));
    std::filesystem::remove_all(dir);
  }
}

TEST_CASE("cli::Cli: run --set", "[cli]") {
  SECTION("overrides a value before validation") {
    const auto r = cli({"run", kLww, "--set", "replication.conflicts.resolve=siblings", "--format", "json"});
    CHECK(r.status == 3);  // conflict-lww's expectations are lww's
    CHECK(nlohmann::json::parse(r.out)["topology"]["resolver"] == "siblings");
  }
  SECTION("several --set apply in order") {
    const auto r = cli({"run", kLww, "--set", "links.default.latency_ms=1", "--set", "links.default.latency_ms=30",
                        "--format", "json"});
    CHECK(nlohmann::json::parse(r.out)["writes"]["propagation_ms"]["max"] == 30.0);
  }
  SECTION("a bad value or assignment is bad input with its path") {
    auto r = cli({"run", kLww, "--set", "replication.conflicts.resolve=nope"});
    CHECK(r.status == 1);
    CHECK(r.err.find("/replication/conflicts/resolve") != std::string::npos);
    r = cli({"run", kLww, "--set", "novalue"});
    CHECK(r.status == 1);
    CHECK(r.err.find("expected PATH=VALUE") != std::string::npos);
  }
}
