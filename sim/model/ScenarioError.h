#pragma once
// ScenarioError: one problem found in a scenario (or a file it refers to).
//
// Rendered for people as
//   FILE: /json/path: what is wrong
// or, for a JSON syntax error, FILE:LINE:COL: what is wrong.
// Errors are values: the loader collects all of them so `replsim validate`
// can list every problem in one go. This is the user-input half of replsim's
// error model (README.md, "Errors"; Status/Expected in sim/core/Status.h
// for options): exceptions are kept for broken preconditions, i.e. bugs.

#include <string>
#include <vector>

#include <fmt/format.h>

namespace replsim {

struct ScenarioError {
  std::string file;
  std::string jsonPath;  // "" for whole-file problems; "/" for the root object
  std::string message;
  int line = 0;          // > 0 only for syntax errors
  int column = 0;

  std::string render() const {
    if (line > 0) return fmt::format("{}:{}:{}: {}", file, line, column, message);
    if (jsonPath.empty()) return fmt::format("{}: {}", file, message);
    return fmt::format("{}: {}: {}", file, jsonPath, message);
  }
};

using ScenarioErrors = std::vector<ScenarioError>;

}  // namespace replsim
