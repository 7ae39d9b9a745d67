#pragma once
// ScenarioCase: one scenario of the randomized property test — its JSON
// document, plus the GraphViz file it names when its topology is of kind
// "file" — and how to load it from a scratch folder.
//
// Invariants: when `dot` is non-empty, scenario["topology"]["path"] is
// `dotFile`, a bare file name that `write` puts beside the scenario; when the
// topology is a DOT file, `customTopology` is the same topology written as
// kind "custom" (what a shrinker may swap in to make the case self-contained).

#include <nlohmann/json.hpp>

#include <string>

#include "sim/scenario/ScenarioLoader.h"

namespace replsim::testing {

struct ScenarioCase {
  nlohmann::ordered_json scenario;
  std::string dotFile;  // bare file name, e.g. "prop-17.dot"; empty when none
  std::string dot;      // its text
  nlohmann::ordered_json customTopology;  // null unless the topology is a DOT file

  // Writes the scenario (as NAME.json, pretty-printed) and its DOT file into
  // `dir` (created when missing); returns the scenario file's path.
  std::string write(const std::string& dir, const std::string& name) const;
  // Writes the DOT file (if any) into `dir` and loads the scenario as if it
  // were `dir`/NAME.json.
  LoadResult load(const std::string& dir) const;
};

}  // namespace replsim::testing
