#pragma once
// SweepRunner: `replsim sweep` without the printing — expands the grid,
// applies each cell's overrides to the scenario document and validates every
// cell before anything runs, then runs each cell × seed of its shard through
// runScenario (the in-process `replsim run`), `jobs` at a time, keeping each
// run's exit status, failure reason and metric values in a SweepResult.
//
// Deterministic: each run writes only its own slot, and the slots are in
// (cell, seed) order, so the result does not depend on `jobs`. A failed run
// (a limit stopped it, an expectation failed, an invariant was violated) is
// recorded, never thrown.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "sim/sweep/SweepResult.h"

namespace replsim {

struct SweepOptions {
  std::string scenarioFile;
  std::vector<std::string> sets;  // "PATH=V1,V2,..." each
  std::string seeds = "1..10";    // "A..B" or "A"
  std::string metrics;            // comma-separated; empty: SweepMetric::defaultsFor
  unsigned jobs = 1;
  std::string shard;              // "I/N"; empty: the whole sweep
};

class SweepRunner {
 public:
  // Parses and checks everything: throws SweepError (bad option, a cell whose
  // scenario does not validate — every such problem, with its JSON path).
  explicit SweepRunner(const SweepOptions& options);

  size_t runCount() const { return cellScenarios_.size() * seeds_.size(); }
  // Runs the sweep; `progress` (may be null) gets "sweep: done/total runs, R runs/s, ETA" lines.
  SweepResult run(std::ostream* progress) const;

  // "A..B" or "A" -> [first, last]; throws SweepError.
  static std::pair<uint64_t, uint64_t> parseSeeds(const std::string& text);
  // "I/N" -> (I, N); throws SweepError.
  static std::pair<uint32_t, uint32_t> parseShard(const std::string& text);
  // FNV-1a 64 of the text, as 16 hex digits.
  static std::string digest(const std::string& text);

 private:
  SweepOptions options_;
  SweepResult shape_;                    // everything but the runs
  std::vector<Scenario> cellScenarios_;  // per cell, validated
  std::vector<uint64_t> seeds_;          // this shard's
};

}  // namespace replsim
