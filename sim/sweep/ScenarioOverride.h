#pragma once
// ScenarioOverride: one `--set PATH=VALUE` — replaces (or adds) the value at
// a dotted path of a scenario's JSON document before it is validated, so an
// overridden scenario gets exactly the checks and error messages of a file.
//
// PATH is dotted like `expect` paths ("links.default.loss",
// "replication.conflicts.resolve", "writes.1.at_ms"): a numeric segment
// indexes an existing array element; at each object the longest run of
// segments that names an existing member wins (names may contain dots), and a
// missing member is created (one segment per member). VALUE is JSON when it
// parses as JSON (0.05, true, null, "quoted", {"dist":"uniform","min":1,"max":5})
// and a plain string otherwise (lww).
//
// Invariant: path is non-empty and has no empty segment.

#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/core/Status.h"
#include "sim/scenario/ScenarioLoader.h"

namespace replsim {

class ScenarioOverride {
 public:
  // REQUIRES: path is a valid dotted path (see parse, which checks it).
  ScenarioOverride(std::string path, nlohmann::json value);

  // "PATH=VALUE" (the whole text after the first '=' is the value). Throws
  // SweepError naming the option when there is no '=' or the path is bad.
  static ScenarioOverride parse(const std::string& assignment);
  // The value text of a --set: JSON when it parses, otherwise the string.
  static nlohmann::json parseValue(const std::string& text);
  // The value as `--set` takes it back: a string bare (unless it would parse
  // as something else), anything else as compact JSON.
  static std::string valueText(const nlohmann::json& value);
  // Throws SweepError when PATH is empty or has an empty segment.
  static void checkPath(const std::string& path);

  const std::string& path() const { return path_; }
  const nlohmann::json& value() const { return value_; }
  // "PATH=VALUE", the way --set takes it.
  std::string text() const { return fmt::format("{}={}", path_, valueText(value_)); }

  // Applies the override to `doc`; a path that cannot be followed is the
  // user's mistake, returned as an error Status (e.g. "writes.7: the array
  // has 3 elements", "topology.kind.x is a string, not an object: ...").
  Status applyTo(nlohmann::json& doc) const;

 private:
  std::string path_;
  nlohmann::json value_;
};

// Reads and parses `file`, applies every override in order, then validates
// the result (loadScenarioJson). An override that cannot be applied becomes
// a ScenarioError at its JSON path ("/links/default/loss") saying which --set
// it came from. Never throws.
LoadResult loadScenarioWithOverrides(const std::string& file, const std::vector<ScenarioOverride>& overrides);

// Reads and parses `file` as JSON; on failure fills `errors` (the loader's
// messages, with line:column) and returns null.
nlohmann::json readScenarioDocument(const std::string& file, ScenarioErrors& errors);

// Applies the overrides to a parsed document and validates it; `file` names it
// in messages and its folder resolves relative paths.
LoadResult loadOverriddenDocument(nlohmann::json doc, const std::string& file,
                                  const std::vector<ScenarioOverride>& overrides);

}  // namespace replsim
