#pragma once
// ScenarioLoader: reads and validates a scenario file (format v1).
//
// Never throws and never crashes on any input: every problem becomes a
// ScenarioError naming the file, the JSON path (or line:column for a syntax
// error) and what is wrong, with "did you mean" for misspelt keys. All
// problems are collected, not just the first. Its last check is the
// ResourceEstimate: a scenario that would exceed limits.max_ops or
// limits.max_memory_mb is refused before anything in its size is built.
// An exception out of it is therefore a bug (or memory running out), not
// bad input, and is left to the command line's internal-error handler
// rather than reported as a problem of the file.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/model/Scenario.h"
#include "sim/model/ScenarioError.h"

namespace replsim {

struct LoadResult {
  std::optional<Scenario> scenario;  // set iff errors is empty
  ScenarioErrors errors;
  bool ok() const { return errors.empty(); }
};

// Reads `path` from disk. Relative paths inside the scenario (topology
// files) are resolved against the scenario file's folder.
LoadResult loadScenarioFile(const std::string& path);

// Validates an already-parsed document. `file` is used in messages and
// `baseDir` to resolve relative paths.
LoadResult loadScenarioJson(const nlohmann::json& doc, const std::string& file, const std::string& baseDir);

// Parses JSON text (with syntax errors as line:column) then validates.
LoadResult loadScenarioText(const std::string& text, const std::string& file, const std::string& baseDir);

}  // namespace replsim
