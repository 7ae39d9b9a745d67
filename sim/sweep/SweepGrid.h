#pragma once
// SweepGrid: the parameters of a sweep (`--set PATH=V1,V2,...` each) and
// their cross product, the grid's cells. Cell order is fixed: the first
// parameter varies slowest, each parameter's values in the order given.
//
// A value list is split at top-level commas (not inside "...", [...] or
// {...}); an item A..B/STEP (numbers, STEP > 0) expands to A, A+STEP, ...
// up to B (within 1e-9 of STEP), each rounded to 9 decimals so 0..0.2/0.05
// gives 0, 0.05, 0.1, 0.15, 0.2; A..B alone steps by 1. Other items are
// parsed as ScenarioOverride values (JSON, or a plain string).
//
// Invariants: every parameter has at least one value and a distinct path;
// cellCount() is the product of the value counts (1 with no parameters).

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/sweep/ScenarioOverride.h"

namespace replsim {

class SweepGrid {
 public:
  struct Parameter {
    std::string path;
    std::vector<nlohmann::json> values;
  };

  SweepGrid() = default;
  // Throws SweepError (naming the --set) on a bad path, an empty list, a bad
  // range, more than kMaxValues values, or a path given twice.
  explicit SweepGrid(const std::vector<std::string>& sets);
  // From already expanded parameters (a sweep part being merged).
  static SweepGrid of(std::vector<Parameter> parameters);

  static constexpr size_t kMaxValues = 100000;
  static constexpr size_t kMaxCells = 1000000;

  // One --set's value list (after the '='), expanded.
  static std::vector<nlohmann::json> expandValues(const std::string& list);

  const std::vector<Parameter>& parameters() const { return parameters_; }
  size_t cellCount() const;
  // The overrides of cell `index`, one per parameter. REQUIRES: index < cellCount().
  std::vector<ScenarioOverride> cell(size_t index) const;

 private:
  std::vector<Parameter> parameters_;
};

}  // namespace replsim
