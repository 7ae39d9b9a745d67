// The command line as a newcomer meets it: --version, reading a scenario
// from stdin, schema, init, warnings, options checked before the run.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "sim/cli/InitCommand.h"
#include "sim/cli/SchemaCommand.h"
#include "tests/TestSupport.h"

using namespace replsim;
namespace fs = std::filesystem;
using replsim::testing::CliRun;

namespace {

// runCli with "replsim" prepended, capturing both streams; `input` is what
// a scenario argument "-" reads as standard input.
CliRun cli(std::vector<std::string> args, const std::string& input = "") {
  args.insert(args.begin(), "replsim");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::istringstream in(input);
  std::ostringstream out, err;
  CliRun r;
  r.status = runCli(static_cast<int>(argv.size()), argv.data(), in, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

std::string shipped(const char* name) { return (fs::path(REPLSIM_SOURCE_DIR) / "scenarios" / name).string(); }

std::string readAll(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

fs::path freshTempDir(const char* label) {
  static int counter = 0;
  const fs::path dir = fs::temp_directory_path() /
                       ("replsim-newcomer-" + std::string(label) + "-" + std::to_string(::getpid()) + "-" +
                        std::to_string(++counter));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

const char* kWithFaults = R"({ "replsim": 1, "name": "faults", "until_ms": 100,
  "topology": { "kind": "all-to-all", "leaders": ["A", "B"] },
  "writes": [ { "at_ms": 0, "leader": "A", "key": "x", "value": "1" } ],
  "faults": [ { "at_ms": 50, "recover": "B" }, { "at_ms": 500, "crash": "A" } ] })";

}  // namespace

TEST_CASE("cli::Cli: --version", "[cli]") {
  const CliRun r = cli({"--version"});
  CHECK(r.status == 0);
  CHECK(r.out == std::string("replsim ") + replsimVersion() + "\n");
  CHECK(std::string(replsimVersion()).find('.') != std::string::npos);
}

TEST_CASE("cli::Cli: a scenario from standard input", "[cli]") {
  const std::string text = readAll(shipped("overtaking-none.json"));
  SECTION("run - reads stdin and runs it as the file would") {
    const CliRun fromStdin = cli({"run", "-", "--format", "json"}, text);
    const CliRun fromFile = cli({"run", shipped("overtaking-none.json"), "--format", "json"});
    CHECK(fromStdin.status == 0);
    CHECK(fromStdin.out == fromFile.out);
  }
  SECTION("validate - names it <stdin>") {
    const CliRun r = cli({"validate", "-"}, text);
    CHECK(r.status == 0);
    CHECK(r.out == "<stdin>: ok\n");
  }
  SECTION("errors in stdin name <stdin> and the JSON path") {
    const CliRun r = cli({"validate", "-"}, R"({"replsim": 1, "name": "x", "topology": {"kind": "ring", "leaders": ["A", "B"]},
      "links": {"defualt": {}}})");
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::StartsWith("<stdin>: /links/defualt: unknown key \"defualt\"; did you mean \"default\"?"));
  }
  SECTION("empty stdin is a syntax error at 1:1") {
    const CliRun r = cli({"run", "-"}, "");
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::StartsWith("<stdin>:1:1: "));
  }
}

TEST_CASE("cli::Cli: --seed must be a whole number >= 0", "[cli]") {
  SECTION("-1 is rejected, not turned into 2^64-1") {
    const CliRun r = cli({"run", shipped("overtaking-none.json"), "--seed", "-1"});
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("expected a whole number from 0 to 18446744073709551615, got -1"));
    CHECK(r.out.empty());
  }
  SECTION("2^64 is rejected") {
    CHECK(cli({"run", shipped("overtaking-none.json"), "--seed", "18446744073709551616"}).status == 1);
  }
  SECTION("2^64-1 and 0 are seeds") {
    const CliRun top = cli({"run", shipped("overtaking-none.json"), "--seed", "18446744073709551615", "--format", "json"});
    CHECK(top.status == 0);
    CHECK(nlohmann::json::parse(top.out)["seed"] == 18446744073709551615ULL);
    CHECK(cli({"run", shipped("overtaking-none.json"), "--seed", "0"}).status == 0);
  }
}

TEST_CASE("cli::Cli: --format json --trace keeps stdout one JSON document", "[cli]") {
  const CliRun r = cli({"run", shipped("overtaking-none.json"), "--format", "json", "--trace"});
  CHECK(r.status == 0);
  nlohmann::json j;
  REQUIRE_NOTHROW(j = nlohmann::json::parse(r.out));
  CHECK(j["scenario"] == "overtaking-none");
  // The trace went to stderr, whole: the same lines the text run prints first.
  const CliRun text = cli({"run", shipped("overtaking-none.json"), "--trace"});
  CHECK(r.err == text.out.substr(0, text.out.find("\n\n") + 1));
  CHECK_THAT(r.err, Catch::Contains("OVERTAKES A#1: update before insert at C"));
}

TEST_CASE("cli::Cli: warnings go to stderr and leave the exit status alone", "[cli]") {
  SECTION("a fault after until_ms and a recover of a node that never crashed") {
    const CliRun r = cli({"run", "-"}, kWithFaults);
    CHECK(r.status == 0);
    CHECK_THAT(r.err, Catch::Contains("<stdin>: /faults/0: warning: recover of \"B\" at 50.000 ms, which is not crashed"));
    CHECK_THAT(r.err, Catch::Contains("<stdin>: /faults/1: warning: this fault is at 500.000 ms, after the run ends at "
                                      "100.000 ms: it never happens"));
    const CliRun v = cli({"validate", "-"}, kWithFaults);
    CHECK(v.status == 0);
    CHECK(v.err == r.err);
  }
  SECTION("--until moves the end the warning compares with") {
    const CliRun r = cli({"run", "-", "--until", "1000"}, kWithFaults);
    CHECK(r.err.find("never happens") == std::string::npos);
  }
  SECTION("--window without --out") {
    const CliRun r = cli({"run", shipped("overtaking-none.json"), "--window", "0:50"});
    CHECK(r.status == 0);
    CHECK(r.err == "replsim run: warning: --window only applies with --out (it selects the part of timeline.svg drawn)\n");
  }
  SECTION("a shipped scenario has none") {
    CHECK(cli({"run", shipped("ring-node-recovery.json")}).err.empty());
  }
}

TEST_CASE("cli::Cli: --out is checked before the run", "[cli]") {
  const fs::path dir = freshTempDir("out");
  SECTION("a file where the folder should be") {
    std::ofstream(dir / "taken") << "x";
    const CliRun r = cli({"run", shipped("overtaking-none.json"), "--out", (dir / "taken").string()});
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("--out " + (dir / "taken").string() + ": cannot create the folder"));
    CHECK(r.out.empty());  // nothing ran: no report printed
  }
  SECTION("a folder under a file") {
    std::ofstream(dir / "file") << "x";
    const CliRun r = cli({"run", shipped("overtaking-none.json"), "--out", (dir / "file" / "sub").string()});
    CHECK(r.status == 1);
    CHECK(r.out.empty());
  }
  SECTION("a writable folder leaves no probe behind") {
    const CliRun r = cli({"run", shipped("overtaking-none.json"), "--out", (dir / "ok").string()});
    CHECK(r.status == 0);
    CHECK_FALSE(fs::exists(dir / "ok" / ".replsim-write-check"));
    CHECK(fs::exists(dir / "ok" / "report.json"));
  }
  fs::remove_all(dir);
}

TEST_CASE("cli::Cli: schema prints the shipped schema", "[cli]") {
  const CliRun r = cli({"schema"});
  CHECK(r.status == 0);
  CHECK(r.out == readAll(fs::path(REPLSIM_SOURCE_DIR) / "docs" / "scenario.schema.json"));
  const auto schema = nlohmann::json::parse(r.out);
  CHECK(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema");
  CHECK(schema["properties"]["replsim"]["const"] == 1);
}

TEST_CASE("cli::Cli: init writes a starter scenario that runs as it is", "[cli]") {
  for (const char* kind : {"all-to-all", "ring", "bidirectional-ring", "star", "line", "tree", "single-leader"}) {
    for (const int leaders : {2, 3, 30}) {
      DYNAMIC_SECTION(kind << " with " << leaders << " leaders") {
        const CliRun init = cli({"init", "--kind", kind, "--leaders", std::to_string(leaders)});
        REQUIRE(init.status == 0);
        CHECK_THAT(init.out, Catch::Contains("//"));  // commented
        const CliRun run = cli({"run", "-", "--format", "json"}, init.out);
        INFO(init.out << run.err);
        CHECK(run.status == 0);
        CHECK(run.err.empty());
        const auto report = nlohmann::json::parse(run.out);
        CHECK(report["converged"] == true);
        CHECK(report["writes"]["total"] == 2);
        CHECK(report["leaders"].size() == static_cast<size_t>(leaders));
      }
    }
  }
  SECTION("-o writes the file and never overwrites one") {
    const fs::path dir = freshTempDir("init");
    const std::string file = (dir / "mine.json").string();
    const CliRun r = cli({"init", "--kind", "ring", "-o", file});
    CHECK(r.status == 0);
    CHECK(cli({"run", file}).status == 0);
    CHECK_THAT(readAll(file), Catch::Contains("\"name\": \"mine\""));
    const CliRun again = cli({"init", "-o", file});
    CHECK(again.status == 1);
    CHECK_THAT(again.err, Catch::Contains("exists already"));
    fs::remove_all(dir);
  }
  SECTION("bad options") {
    const CliRun kind = cli({"init", "--kind", "hexagon"});
    CHECK(kind.status == 1);
    CHECK_THAT(kind.err, Catch::Contains("unknown kind \"hexagon\"; init knows all-to-all, ring"));
    CHECK(cli({"init", "--leaders", "1"}).status == 1);
    CHECK(cli({"init", "--leaders", "1001"}).status == 1);
  }
  SECTION("starterScenario returns the option's error as a value") {
    replsim::InitOptions o;
    o.kind = "hexagon";
    const replsim::Expected<std::string> unknown = replsim::starterScenario(o);
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error() ==
          "--kind: unknown kind \"hexagon\"; init knows all-to-all, ring, bidirectional-ring, star, line, tree, "
          "single-leader");
    o.kind = "ring";
    o.leaders = 1001;
    const replsim::Expected<std::string> many = replsim::starterScenario(o);
    REQUIRE_FALSE(many.ok());
    CHECK(many.error() == "--leaders: expected a number between 2 and 1000, got 1001");
    o.leaders = 4;
    const replsim::Expected<std::string> ring = replsim::starterScenario(o);
    REQUIRE(ring.ok());
    CHECK(ring.error().empty());
    CHECK_THAT(*ring, Catch::Contains("\"kind\": \"ring\""));
  }
}
