#include "sim/report/ExpectationChecker.h"

#include <charconv>
#include <cmath>

namespace replsim {
namespace {

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

const ReportJson* resolveFrom(const ReportJson& at, const std::vector<std::string>& parts, size_t i) {
  if (i == parts.size()) return &at;
  if (at.is_object()) {
    std::string name;
    std::vector<std::pair<size_t, std::string>> candidates;
    for (size_t j = i; j < parts.size(); ++j) {
      name += (j == i ? "" : ".") + parts[j];
      candidates.emplace_back(j + 1, name);
    }
    for (auto it = candidates.rbegin(); it != candidates.rend(); ++it) {  // longest first
      auto member = at.find(it->second);
      if (member != at.end())
        if (const ReportJson* r = resolveFrom(*member, parts, it->first)) return r;
    }
    return nullptr;
  }
  if (at.is_array()) {
    size_t index = 0;
    const std::string& s = parts[i];
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), index);
    if (ec != std::errc() || ptr != s.data() + s.size() || index >= at.size()) return nullptr;
    return resolveFrom(at[index], parts, i + 1);
  }
  return nullptr;
}

bool parseComparison(const std::string& s, std::string& op, double& value) {
  static const char* ops[] = {">=", "<=", "!=", "==", ">", "<"};
  for (const char* o : ops) {
    const std::string prefix = o;
    if (s.rfind(prefix, 0) != 0) continue;
    std::string rest = s.substr(prefix.size());
    while (!rest.empty() && rest.front() == ' ') rest.erase(rest.begin());
    auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
    if (ec != std::errc() || ptr != rest.data() + rest.size() || rest.empty()) return false;
    op = prefix;
    return true;
  }
  return false;
}

}  // namespace

const ReportJson* resolveDottedPath(const ReportJson& root, const std::string& path) {
  return resolveFrom(root, split(path), 0);
}

bool expectationHolds(const nlohmann::json& expected, const nlohmann::json& found) {
  if (expected.is_string()) {
    std::string op;
    double want = 0;
    if (parseComparison(expected.get<std::string>(), op, want)) {
      if (!found.is_number()) return false;
      const double got = found.get<double>();
      if (op == ">=") return got >= want;
      if (op == "<=") return got <= want;
      if (op == ">") return got > want;
      if (op == "<") return got < want;
      if (op == "!=") return got != want;
      return got == want;
    }
    return found.is_string() && found.get<std::string>() == expected.get<std::string>();
  }
  if (expected.is_number() && found.is_number()) return expected.get<double>() == found.get<double>();
  if (expected.is_array() && found.is_array()) {
    if (expected.size() != found.size()) return false;
    for (size_t i = 0; i < expected.size(); ++i)
      if (!expectationHolds(expected[i], found[i])) return false;
    return true;
  }
  return expected == found;
}

std::vector<ExpectationResult> checkExpectations(const std::vector<Expectation>& expect, const ReportJson& report) {
  std::vector<ExpectationResult> results;
  for (const Expectation& e : expect) {
    ExpectationResult r;
    r.path = e.path;
    r.expected = e.expected;
    if (const ReportJson* found = resolveDottedPath(report, e.path)) {
      r.exists = true;
      r.found = nlohmann::json::parse(found->dump());
      r.ok = expectationHolds(e.expected, r.found);
    }
    results.push_back(std::move(r));
  }
  return results;
}

ReportJson expectationsJson(const std::vector<ExpectationResult>& results) {
  ReportJson a = ReportJson::array();
  for (const ExpectationResult& r : results) {
    ReportJson e;
    e["path"] = r.path;
    e["expected"] = ReportJson::parse(r.expected.dump());
    e["found"] = ReportJson::parse(r.found.dump());
    e["ok"] = r.ok;
    if (!r.exists) e["note"] = "no such field in the report";
    a.push_back(e);
  }
  return a;
}

bool allHold(const std::vector<ExpectationResult>& results) {
  for (const auto& r : results)
    if (!r.ok) return false;
  return true;
}

}  // namespace replsim
