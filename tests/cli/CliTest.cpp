#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "sim/cli/Cli.h"
#include "tests/TestSupport.h"

using namespace replsim;
namespace fs = std::filesystem;

namespace {

using replsim::testing::cli;
using replsim::testing::CliRun;

std::string shipped(const char* name) { return (fs::path(REPLSIM_SOURCE_DIR) / "scenarios" / name).string(); }

// A fresh folder under the system temp dir, removed at the end of the test.
struct TempDir {
  TempDir() {
    static int counter = 0;
    path = fs::temp_directory_path() /
           ("replsim-cli-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream f(path / name, std::ios::binary);
    f << text;
    return (path / name).string();
  }
  fs::path path;
};

std::string readAll(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

const char* kSmall = R"({ "replsim": 1, "name": "small",
  "topology": { "kind": "all-to-all", "leaders": ["A", "B"] },
  "links": { "default": { "latency_ms": 10 } },
  "writes": [ { "at_ms": 0, "leader": "A", "key": "x", "value": "1" } ],
  "expect": { "converged": true, "leaders.B.keys.x": ["1"] } })";

}  // namespace

TEST_CASE("cli::Cli: run", "[cli]") {
  SECTION("a shipped scenario exits 0 and prints the text report") {
    const CliRun r = cli({"run", shipped("ring-path-tags.json")});
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Catch::Contains("ring-path-tags"));
    CHECK_THAT(r.out, Catch::Contains("✓"));
    CHECK_FALSE(r.out.empty());
    CHECK(r.err.empty());
  }
  SECTION("--format json prints valid JSON with replsim_report 1") {
    const CliRun r = cli({"run", shipped("overtaking-none.json"), "--format", "json"});
    CHECK(r.status == 0);
    nlohmann::json j;
    REQUIRE_NOTHROW(j = nlohmann::json::parse(r.out));
    CHECK(j["replsim_report"] == 1);
    CHECK(j["scenario"] == "overtaking-none");
    CHECK(j["converged"] == false);
    CHECK(j["messages"]["overtaken"] == 1);
    REQUIRE(j["expectations"].is_array());
    for (const auto& e : j["expectations"]) CHECK(e["ok"] == true);
  }
  SECTION("--format with an unknown value is bad usage") {
    const CliRun r = cli({"run", shipped("overtaking-none.json"), "--format", "xml"});
    CHECK(r.status == 1);
    CHECK_FALSE(r.err.empty());
  }
  SECTION("--trace prints the timeline before the report") {
    const CliRun r = cli({"run", shipped("overtaking-none.json"), "--trace"});
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Catch::Contains("deliver"));
    CHECK_THAT(r.out, Catch::Contains("A → B"));
    CHECK_THAT(r.out, Catch::Contains("OVERTAKES A#1: update before insert at C"));
    CHECK_THAT(r.out, Catch::Contains("  100.000 ms  A → C  deliver  A#1 x=1 (insert)"));
    // The trace comes first.
    CHECK(r.out.find("deliver") < r.out.find("overtaking-none"));
  }
  SECTION("a limit stops the run with exit 2 and the explanation on stderr") {
    const CliRun r = cli({"run", shipped("ring-no-loop-prevention.json")});
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("max_hops"));
    CHECK_THAT(r.err, Catch::Contains("loop_prevention is none"));
  }
  SECTION("--seed is honoured") {
    const CliRun a = cli({"run", shipped("lossy-workload.json"), "--format", "json", "--seed", "3"});
    const CliRun b = cli({"run", shipped("lossy-workload.json"), "--format", "json", "--seed", "3"});
    const CliRun c = cli({"run", shipped("lossy-workload.json"), "--format", "json"});
    const auto ja = nlohmann::json::parse(a.out), jc = nlohmann::json::parse(c.out);
    CHECK(ja["seed"] == 3);
    CHECK(jc["seed"] == 7);  // the file's own
    CHECK(a.out == b.out);
    CHECK(ja["writes"]["total"] != jc["writes"]["total"]);
  }
  SECTION("--until is honoured") {
    const CliRun r = cli({"run", shipped("overtaking-causal.json"), "--format", "json", "--until", "50"});
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["end_ms"] == 50.0);
    CHECK(j["converged"] == false);
    CHECK(j["messages"]["pending_at_end"].get<int>() > 0);
    CHECK(r.status == 3);  // its expectations (convergence at 100) no longer hold
  }
  SECTION("--until out of range is bad input") {
    const CliRun r = cli({"run", shipped("overtaking-causal.json"), "--until", "-5"});
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("--until"));
  }
  SECTION("--out DIR writes report.json and report.txt") {
    TempDir dir;
    const fs::path out = dir.path / "nested" / "reports";
    const CliRun r = cli({"run", shipped("star-through-hub.json"), "--out", out.string()});
    CHECK(r.status == 0);
    REQUIRE(fs::exists(out / "report.json"));
    REQUIRE(fs::exists(out / "report.txt"));
    const auto j = nlohmann::json::parse(readAll(out / "report.json"));
    CHECK(j["scenario"] == "star-through-hub");
    CHECK(readAll(out / "report.txt") == r.out);  // text format printed: the same text
  }
  SECTION("without --out nothing is written to the current folder") {
    TempDir dir;
    const fs::path cwd = fs::current_path();
    fs::current_path(dir.path);
    const CliRun r = cli({"run", shipped("ring-path-tags.json")});
    fs::current_path(cwd);
    CHECK(r.status == 0);
    CHECK(fs::is_empty(dir.path));
  }
}

TEST_CASE("cli::Cli: expectations and bad input", "[cli]") {
  TempDir dir;
  SECTION("a temp scenario whose expectations hold exits 0") {
    const std::string file = dir.write("good.json", kSmall);
    const CliRun r = cli({"run", file});
    CHECK(r.status == 0);
  }
  SECTION("an expectation that fails exits 3 and says what was expected and found") {
    std::string text = kSmall;
    text.replace(text.find(R"(["1"])"), 5, R"(["9"])");
    const std::string file = dir.write("wrong.json", text);
    const CliRun r = cli({"run", file, "--format", "json"});
    CHECK(r.status == 3);
    CHECK_THAT(r.err, Catch::Contains("expectation"));
    const auto j = nlohmann::json::parse(r.out);
    bool sawFailure = false;
    for (const auto& e : j["expectations"]) {
      if (e["path"] != "leaders.B.keys.x") continue;
      sawFailure = true;
      CHECK(e["ok"] == false);
      CHECK(e["expected"] == nlohmann::json::array({"9"}));
      CHECK(e["found"] == nlohmann::json::array({"1"}));
    }
    CHECK(sawFailure);
    const CliRun t = cli({"run", file});
    CHECK(t.status == 3);
    CHECK_THAT(t.out, Catch::Contains("✗"));
  }
  SECTION("an expectation on a missing field exits 3") {
    std::string text = kSmall;
    text.replace(text.find(R"("converged": true)"), 17, R"("no.such.field": 1)");
    const CliRun r = cli({"run", dir.write("missing-field.json", text)});
    CHECK(r.status == 3);
  }
  SECTION("a missing scenario file exits 1 with a message naming the file") {
    const std::string missing = (dir.path / "does-not-exist.json").string();
    const CliRun r = cli({"run", missing});
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("does-not-exist.json"));
    CHECK(r.out.empty());
  }
  SECTION("a bad scenario given to run exits 1 with its JSON path") {
    const std::string file = dir.write("bad.json", R"({ "replsim": 1, "name": "b",
      "topology": { "kind": "all-to-all", "leaders": ["A", "B"] },
      "links": { "defualt": { "latency_ms": 10 } } })");
    const CliRun r = cli({"run", file});
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("/links/defualt"));
    CHECK_THAT(r.err, Catch::Contains("bad.json"));
  }
}

TEST_CASE("cli::Cli: validate", "[cli]") {
  TempDir dir;
  SECTION("a good file exits 0") {
    const CliRun r = cli({"validate", shipped("ring-path-tags.json")});
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Catch::Contains("ring-path-tags.json: ok"));
    CHECK(r.err.empty());
  }
  SECTION("several good files") {
    const CliRun r = cli({"validate", shipped("ring-path-tags.json"), shipped("star-through-hub.json")});
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Catch::Contains("star-through-hub.json: ok"));
  }
  SECTION("a bad file exits 1 with the JSON path on stderr") {
    const std::string bad = dir.write("bad.json", R"({ "replsim": 1, "name": "b",
      "topology": { "kind": "all-to-all", "leaders": ["A", "B"] },
      "links": { "defualt": { "latency_ms": 10 } },
      "writes": [ { "at_ms": -1, "leader": "Z", "key": "x" } ] })");
    const CliRun r = cli({"validate", bad});
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("bad.json"));
    CHECK_THAT(r.err, Catch::Contains("/links/defualt"));
    CHECK_THAT(r.err, Catch::Contains("default"));  // did you mean
    CHECK_THAT(r.err, Catch::Contains("/writes/0"));  // every problem, not just the first
  }
  SECTION("one bad file among good ones still exits 1, and the good ones are reported ok") {
    const std::string bad = dir.write("syntax.json", "{ \"replsim\": 1, ");
    const CliRun r = cli({"validate", shipped("ring-path-tags.json"), bad});
    CHECK(r.status == 1);
    CHECK_THAT(r.out, Catch::Contains("ring-path-tags.json: ok"));
    CHECK_THAT(r.err, Catch::Contains("syntax.json"));
  }
  SECTION("validate does not run the scenario: a failing expectation is still valid") {
    std::string text = kSmall;
    text.replace(text.find(R"(["1"])"), 5, R"(["9"])");
    CHECK(cli({"validate", dir.write("wrong.json", text)}).status == 0);
  }
}

TEST_CASE("cli::Cli: usage errors", "[cli]") {
  SECTION("an unknown subcommand exits 1") {
    const CliRun r = cli({"frobnicate"});
    CHECK(r.status == 1);
    CHECK_FALSE(r.err.empty());
  }
  SECTION("no subcommand exits 1") { CHECK(cli({}).status == 1); }
  SECTION("run without a scenario exits 1") {
    const CliRun r = cli({"run"});
    CHECK(r.status == 1);
    CHECK_FALSE(r.err.empty());
  }
  SECTION("validate without files exits 1") { CHECK(cli({"validate"}).status == 1); }
  SECTION("an unknown option exits 1") { CHECK(cli({"run", shipped("ring-path-tags.json"), "--bogus"}).status == 1); }
  SECTION("a non-numeric seed exits 1") { CHECK(cli({"run", shipped("ring-path-tags.json"), "--seed", "abc"}).status == 1); }
  SECTION("--help exits 0 and explains the subcommands") {
    const CliRun r = cli({"--help"});
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Catch::Contains("run") && Catch::Contains("validate"));
  }
  SECTION("run --help exits 0 with an example") {
    const CliRun r = cli({"run", "--help"});
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Catch::Contains("--until") && Catch::Contains("Example"));
  }
}

TEST_CASE("cli::Cli: a scenario too big for its limits is refused before it runs", "[cli][limits]") {
  TempDir dir;
  // 20 writes; limits.max_ops 10 refuses them, 20 lets them run.
  const auto twentyWrites = [](int maxOps) {
    nlohmann::json doc = nlohmann::json::parse(kSmall);
    doc["expect"] = nlohmann::json::object();
    for (int i = 0; i < 20; ++i)
      doc["writes"].push_back({{"at_ms", i}, {"leader", i % 2 ? "A" : "B"}, {"key", "x"}, {"value", std::to_string(i)}});
    doc["writes"].erase(0);
    doc["limits"] = {{"max_ops", maxOps}};
    return doc.dump(2);
  };
  SECTION("run, validate, topology and compare all refuse with exit 1, the JSON path and the limit to raise") {
    const std::string file = dir.write("too-many.json", twentyWrites(10));
    const std::vector<std::vector<std::string>> commands = {{"run", file}, {"validate", file}, {"topology", file},
                                                            {"compare", file}};
    for (const std::vector<std::string>& args : commands) {
      INFO(args.front());
      const CliRun r = cli(args);
      CHECK(r.status == kExitBadInput);
      CHECK_THAT(r.err, Catch::Contains("too-many.json: /writes: this scenario would generate about 20 operations"));
      CHECK_THAT(r.err, Catch::Contains("raise limits.max_ops (/limits/max_ops) to run it"));
    }
  }
  SECTION("raising the limit lets it run") {
    const CliRun r = cli({"run", dir.write("raised.json", twentyWrites(20))});
    CHECK(r.status == kExitOk);
    CHECK_THAT(r.out, Catch::Contains("20 issued"));
  }
  SECTION("100000 leaders: refused for memory at /topology/leaders/count") {
    nlohmann::json doc = nlohmann::json::parse(kSmall);
    doc["topology"] = {{"kind", "all-to-all"}, {"leaders", {{"count", 100000}}}};
    doc["writes"][0]["leader"] = "L1";
    doc["expect"] = nlohmann::json::object();
    const CliRun r = cli({"run", dir.write("huge.json", doc.dump())});
    CHECK(r.status == kExitBadInput);
    CHECK_THAT(r.err, Catch::Contains("huge.json: /topology/leaders/count: this scenario would need about"));
    CHECK_THAT(r.err, Catch::Contains("100,000 nodes"));
    CHECK_THAT(r.err, Catch::Contains("more than limits.max_memory_mb (4,096 MB)"));
    CHECK(r.out.empty());
  }
}
