#pragma once
// ExpectationChecker: checks a scenario's `expect` block against its JSON
// report (spec: expect).
//
// A path is dotted ("leaders.C.keys.x", "conflicts.log.0.type"); a numeric
// segment indexes an array. Node and key names may themselves contain dots,
// so at each object the longest run of segments that names a member wins.
// An expected number, bool, null, array or object must equal what is found
// (numbers compare by value: 1 == 1.0); a string that starts with ==, !=,
// >=, <=, > or < followed by a number compares numerically; any other string
// must equal the found string.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/report/JsonReport.h"
#include "sim/model/Scenario.h"

namespace replsim {

struct ExpectationResult {
  std::string path;
  nlohmann::json expected;
  nlohmann::json found;  // null when the path does not exist
  bool exists = false;
  bool ok = false;
};

std::vector<ExpectationResult> checkExpectations(const std::vector<Expectation>& expect, const ReportJson& report);
ReportJson expectationsJson(const std::vector<ExpectationResult>& results);
bool allHold(const std::vector<ExpectationResult>& results);

// Exposed for tests: resolves a dotted path; nullptr when absent.
const ReportJson* resolveDottedPath(const ReportJson& root, const std::string& path);
bool expectationHolds(const nlohmann::json& expected, const nlohmann::json& found);

}  // namespace replsim
