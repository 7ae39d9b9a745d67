#pragma once
// SweepResult: everything a sweep (or one shard of it) measured — which sweep
// it is (scenario file, name and digest, parameters, seed range, metrics,
// shard) and, per grid cell, every run in seed order with its exit status,
// why it failed, and each metric's raw value. Statistics are always derived
// from the raw values (statistics()), never stored, so a merge of shards
// recomputes exactly what the unsharded sweep computes.
//
// Invariants: cells.size() == grid().cellCount(), in grid order; each cell's
// runs are in increasing seed order, all in [firstSeed, lastSeed]; each run
// has one value slot per metric; 1 <= shardIndex <= shardCount.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/sweep/SampleStatistics.h"
#include "sim/sweep/ScenarioOverride.h"
#include "sim/sweep/SweepGrid.h"

namespace replsim {

struct SweepRun {
  uint64_t seed = 0;
  int status = 0;       // replsim run's exit status: 0 ok, 2 limit, 3 expectation, 4 invariant
  std::string reason;   // empty when status == 0
  std::vector<std::optional<double>> values;  // per metric; nullopt: the report has no value there
};

struct SweepCell {
  std::vector<ScenarioOverride> set;  // one per parameter
  std::vector<SweepRun> runs;
  size_t failed() const;
};

struct SweepResult {
  std::string scenarioFile;    // as given on the command line (replay commands use it)
  std::string scenarioName;
  std::string scenarioDigest;  // 16 hex digits of the scenario document before overrides
  std::vector<SweepGrid::Parameter> parameters;
  uint64_t firstSeed = 1, lastSeed = 1;
  std::vector<std::string> metrics;
  std::vector<bool> proportion;  // per metric: its values came from bools
  uint32_t shardIndex = 1, shardCount = 1;
  std::vector<SweepCell> cells;

  bool sharded() const { return shardCount > 1; }
  size_t runCount() const;
  size_t failedCount() const;
  SampleStatistics statistics(size_t cell, size_t metric) const;
  // "replsim run FILE --seed S --set PATH=V ..." — shell-quoted, replays that run.
  std::string replayCommand(size_t cell, uint64_t seed) const;
  // "resolve=lww loss=0.05": each parameter's last path segment and its value.
  std::string cellLabel(size_t cell) const;
};

// The seeds of shard `index` of `count` over [first, last]: seed s goes to
// shard ((s - first) mod count) + 1. REQUIRES: 1 <= index <= count, first <= last.
std::vector<uint64_t> shardSeeds(uint64_t first, uint64_t last, uint32_t index, uint32_t count);

// A token for a POSIX shell: bare when it is safe, otherwise single-quoted.
std::string shellQuote(const std::string& token);

}  // namespace replsim
