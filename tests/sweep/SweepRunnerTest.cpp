#include <catch2/catch.hpp>

#include "sim/sweep/SweepReport.h"
#include "sim/sweep/SweepError.h"
#include "sim/sweep/SweepMerge.h"
#include "sim/sweep/SweepRunner.h"
#include "tests/TestSupport.h"
#include "tests/check/TestResolvers.h"

using namespace replsim;

namespace {

const std::string kTitle = std::string(REPLSIM_SOURCE_DIR) + "/docs/sweeps/title-conflict-random.json";
const std::string kLww = std::string(REPLSIM_SOURCE_DIR) + "/scenarios/conflict-lww.json";

SweepOptions titleSweep(unsigned jobs, const std::string& shard = "") {
  SweepOptions o;
  o.scenarioFile = kTitle;
  o.sets = {"replication.conflicts.resolve=lww,merge"};
  o.seeds = "1..12";
  o.metrics = "conflicts.discarded_writes,converged,convergence_ms";
  o.jobs = jobs;
  o.shard = shard;
  return o;
}

}  // namespace

TEST_CASE("sim::SweepRunner: runs every cell x seed", "[sweep]") {
  const SweepResult r = SweepRunner(titleSweep(1)).run(nullptr);
  SECTION("the shape: cells in grid order, runs in seed order") {
    REQUIRE(r.cells.size() == 2);
    CHECK(r.runCount() == 24);
    CHECK(r.cells[1].set[0].text() == "replication.conflicts.resolve=merge");
    for (const SweepCell& c : r.cells)
      for (size_t i = 0; i < c.runs.size(); ++i) CHECK(c.runs[i].seed == i + 1);
    CHECK(r.proportion == std::vector<bool>{false, true, false});
  }
  SECTION("each value is the one `replsim run --seed S --set ...` reports") {
    for (uint64_t seed : {3, 7}) {
      const auto run = testing::cli({"run", kTitle, "--seed", std::to_string(seed), "--set",
                                     "replication.conflicts.resolve=lww", "--format", "json"});
      const auto report = nlohmann::json::parse(run.out);
      CHECK(r.cells[0].runs[seed - 1].values[0] == report["conflicts"]["discarded_writes"].get<double>());
      CHECK(r.cells[0].runs[seed - 1].values[1] == (report["converged"].get<bool>() ? 1.0 : 0.0));
    }
  }
  SECTION("merge never discards a write; lww discards one exactly when there was a conflict") {
    for (const SweepRun& run : r.cells[1].runs) CHECK(run.values[0] == 0.0);
    for (const SweepRun& run : r.cells[0].runs) CHECK((*run.values[0] == 0.0 || *run.values[0] == 1.0));
  }
  SECTION("the same output whatever --jobs") {
    const SweepResult three = SweepRunner(titleSweep(3)).run(nullptr);
    CHECK(sweepJson(three).dump(2) == sweepJson(r).dump(2));
    CHECK(sweepText(three) == sweepText(r));
  }
}

TEST_CASE("sim::SweepRunner: shards and their merge", "[sweep]") {
  SECTION("seed s goes to shard ((s - first) mod N) + 1") {
    CHECK(shardSeeds(5, 14, 1, 4) == std::vector<uint64_t>{5, 9, 13});
    CHECK(shardSeeds(5, 14, 2, 4) == std::vector<uint64_t>{6, 10, 14});
    CHECK(shardSeeds(5, 14, 4, 4) == std::vector<uint64_t>{8, 12});
    CHECK(shardSeeds(1, 1, 1, 1) == std::vector<uint64_t>{1});
  }
  const SweepResult whole = SweepRunner(titleSweep(2)).run(nullptr);
  std::vector<SweepResult> parts;
  std::vector<std::string> files;
  for (int i = 1; i <= 5; ++i) {
    const SweepResult part = SweepRunner(titleSweep(1, std::to_string(i) + "/5")).run(nullptr);
    // Through the JSON, as the command line does it.
    parts.push_back(SweepMerge::readPart(nlohmann::json::parse(sweepJson(part).dump(2)), "part" + std::to_string(i)));
    files.push_back("part" + std::to_string(i));
  }
  SECTION("the merge of the shards prints byte-identically to the unsharded sweep") {
    const SweepResult merged = SweepMerge::merge(parts, files);
    CHECK(sweepJson(merged).dump(2) == sweepJson(whole).dump(2));
    CHECK(sweepText(merged) == sweepText(whole));
    CHECK(sweepCsv(merged) == sweepCsv(whole));
    CHECK(sweepRunsCsv(merged) == sweepRunsCsv(whole));
  }
  SECTION("the order of the parts does not matter") {
    std::reverse(parts.begin(), parts.end());
    std::reverse(files.begin(), files.end());
    CHECK(sweepText(SweepMerge::merge(parts, files)) == sweepText(whole));
  }
  SECTION("missing and duplicated shards are reported") {
    std::vector<SweepResult> some = {parts[0], parts[0], parts[3]};
    CHECK_THROWS_WITH(SweepMerge::merge(some, {"a.json", "b.json", "c.json"}),
                      Catch::Contains("shard 1/5 is given 2 times: a.json b.json") &&
                          Catch::Contains("missing shards 2, 3, 5 of 5"));
  }
  SECTION("parts of different sweeps are refused") {
    SweepOptions other = titleSweep(1, "2/5");
    other.sets = {"replication.conflicts.resolve=lww,siblings"};
    std::vector<SweepResult> mixed = parts;
    mixed[1] = SweepRunner(other).run(nullptr);
    CHECK_THROWS_WITH(SweepMerge::merge(mixed, files), Catch::Contains("part2 is a part of a different sweep") &&
                                                           Catch::Contains("the grid"));
    other = titleSweep(1, "2/5");
    other.seeds = "1..13";
    mixed[1] = SweepRunner(other).run(nullptr);
    CHECK_THROWS_WITH(SweepMerge::merge(mixed, files), Catch::Contains("the seed range"));
    other = titleSweep(1, "2/5");
    other.scenarioFile = kLww;
    mixed[1] = SweepRunner(other).run(nullptr);
    CHECK_THROWS_WITH(SweepMerge::merge(mixed, files), Catch::Contains("the scenario (digest"));
    other = titleSweep(1, "2/4");
    mixed[1] = SweepRunner(other).run(nullptr);
    CHECK_THROWS_WITH(SweepMerge::merge(mixed, files), Catch::Contains("the shard count"));
  }
  SECTION("a part that is not a sweep's JSON is refused with its path") {
    nlohmann::json bad = nlohmann::json::parse(sweepJson(parts[0]).dump());
    bad["cells"][0]["seeds"][0] = 2;
    CHECK_THROWS_WITH(SweepMerge::readPart(bad, "x.json"), Catch::Contains("x.json: /cells/0/seeds: not the seeds of shard 1/5"));
    CHECK_THROWS_WITH(SweepMerge::readPart(nlohmann::json::object(), "y.json"), Catch::Contains("y.json: /replsim_sweep"));
  }
}

TEST_CASE("sim::SweepRunner: failed runs are counted, explained and replayable", "[sweep]") {
  SECTION("an expectation that fails under another resolver") {
    SweepOptions o;
    o.scenarioFile = kLww;
    o.sets = {"replication.conflicts.resolve=lww,merge"};
    o.seeds = "1..3";
    const SweepResult r = SweepRunner(o).run(nullptr);
    CHECK(r.cells[0].failed() == 0);  // lww: the scenario's own expectations hold
    REQUIRE(r.cells[1].failed() == 3);
    const SweepRun& run = r.cells[1].runs[1];
    CHECK(run.status == 3);
    CHECK(run.reason == "expectation failed: conflicts.discarded.0.write, conflicts.discarded_total, leaders.L1.keys.title");
    const std::string replay = r.replayCommand(1, run.seed);
    CHECK(replay == "replsim run " + kLww + " --seed 2 --set replication.conflicts.resolve=merge");
    // The replay command really replays it: the same exit status.
    const auto replayed = testing::cli({"run", kLww, "--seed", "2", "--set", "replication.conflicts.resolve=merge"});
    CHECK(replayed.status == 3);
    CHECK(sweepText(r).find("Failed runs  3 of 6") != std::string::npos);
    CHECK(sweepText(r).find(replay) != std::string::npos);
  }
  SECTION("a run a limit stopped") {
    SweepOptions o;
    o.scenarioFile = std::string(REPLSIM_SOURCE_DIR) + "/scenarios/ring-no-loop-prevention.json";
    o.seeds = "1..2";
    o.metrics = "converged";
    const SweepResult r = SweepRunner(o).run(nullptr);
    REQUIRE(r.failedCount() == 2);
    CHECK(r.cells[0].runs[0].status == 2);
    CHECK(r.cells[0].runs[0].reason.rfind("limit reached: ", 0) == 0);
  }
}

TEST_CASE("sim::SweepRunner: bad input stops before anything runs", "[sweep]") {
  SweepOptions o = titleSweep(1);
  SECTION("a value that does not validate, with its JSON path") {
    o.sets = {"links.default.loss=0,1.5"};
    CHECK_THROWS_WITH(SweepRunner(o), Catch::Contains("/links/default/loss") &&
                                          Catch::Contains("--set links.default.loss=1.5"));
  }
  SECTION("bad seeds and shards") {
    o.seeds = "5..1";
    CHECK_THROWS_AS(SweepRunner(o), SweepError);
    o.seeds = "x";
    CHECK_THROWS_AS(SweepRunner(o), SweepError);
    o = titleSweep(1, "0/3");
    CHECK_THROWS_AS(SweepRunner(o), SweepError);
    o = titleSweep(1, "4/3");
    CHECK_THROWS_AS(SweepRunner(o), SweepError);
    o = titleSweep(1, "1/13");  // more shards than the 12 seeds
    CHECK_THROWS_WITH(SweepRunner(o), Catch::Contains("more shards than seeds"));
  }
  SECTION("a missing scenario file") {
    o.scenarioFile = "/nonexistent.json";
    CHECK_THROWS_AS(SweepRunner(o), SweepError);
  }
}

TEST_CASE("sim::SweepRunner: a run that violates an invariant is a failed run, with its reason", "[sweep]") {
  // test-stubborn answers every conflict with the replica's own name while
  // claiming to converge: conflict-lww's concurrent writes (fixed latencies,
  // a conflict on every seed) leave the replicas apart, and the checker says
  // so — exit status 4, ahead of the expectations that fail too.
  testing::registerTestResolvers();
  SweepOptions o = titleSweep(1);
  o.scenarioFile = kLww;
  o.sets = {"replication.conflicts.resolve=lww,test-stubborn"};
  o.seeds = "1..3";
  const SweepResult r = SweepRunner(o).run(nullptr);
  REQUIRE(r.cells.size() == 2);
  for (const SweepRun& run : r.cells[0].runs) CHECK(run.status == 0);
  for (const SweepRun& run : r.cells[1].runs) {
    CHECK(run.status == 4);
    CHECK_THAT(run.reason, Catch::Contains("converged"));
  }
  CHECK_THAT(sweepText(r), Catch::Contains("Failed runs  3 of 6"));
}
