#include "sim/sweep/SweepGrid.h"

#include <cassert>
#include <cmath>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "sim/sweep/SweepError.h"

namespace replsim {
namespace {

// Splits at commas outside quotes and brackets.
std::vector<std::string> splitTopLevel(const std::string& list) {
  std::vector<std::string> items;
  std::string item;
  int depth = 0;
  bool quoted = false, escaped = false;
  for (char c : list) {
    if (quoted) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      --depth;
    } else if (c == ',' && depth == 0) {
      items.push_back(item);
      item.clear();
      continue;
    }
    item += c;
  }
  items.push_back(item);
  return items;
}

std::optional<double> number(const std::string& s) {
  if (s.empty()) return std::nullopt;
  const nlohmann::json v = nlohmann::json::parse(s, nullptr, false);
  if (v.is_discarded() || !v.is_number()) return std::nullopt;
  return v.get<double>();
}

nlohmann::json numberValue(double x) {
  const double rounded = std::round(x * 1e9) / 1e9;
  if (std::fabs(rounded) < 9e15 && rounded == std::floor(rounded)) return static_cast<int64_t>(rounded);
  return rounded;
}

// "A..B/STEP" or "A..B" -> the numbers; nullopt when `item` is no range.
std::optional<std::vector<nlohmann::json>> range(const std::string& item) {
  const size_t dots = item.find("..");
  if (dots == std::string::npos || item.front() == '"' || item.front() == '[' || item.front() == '{') return std::nullopt;
  const size_t slash = item.find('/', dots);
  const std::string from = item.substr(0, dots);
  const std::string to = item.substr(dots + 2, slash == std::string::npos ? std::string::npos : slash - dots - 2);
  const std::optional<double> a = number(from), b = number(to);
  const std::optional<double> step = slash == std::string::npos ? std::optional<double>(1.0) : number(item.substr(slash + 1));
  if (!a || !b || !step)
    throw SweepError(fmt::format("range {}: expected FROM..TO or FROM..TO/STEP with numbers, e.g. 10..100/10", item));
  if (!(*step > 0)) throw SweepError(fmt::format("range {}: the step must be greater than 0", item));
  if (*b < *a) throw SweepError(fmt::format("range {}: FROM must not be greater than TO", item));
  const double count = std::floor((*b - *a) / *step + 1e-9) + 1;
  if (count > static_cast<double>(SweepGrid::kMaxValues))
    throw SweepError(fmt::format("range {}: more than {} values", item, SweepGrid::kMaxValues));
  std::vector<nlohmann::json> values;
  for (int64_t i = 0; i < static_cast<int64_t>(count); ++i) values.push_back(numberValue(*a + static_cast<double>(i) * *step));
  return values;
}

}  // namespace

std::vector<nlohmann::json> SweepGrid::expandValues(const std::string& list) {
  std::vector<nlohmann::json> values;
  for (const std::string& item : splitTopLevel(list)) {
    if (item.empty()) throw SweepError("an empty value (two commas, or a comma at an end)");
    if (auto r = range(item)) values.insert(values.end(), r->begin(), r->end());
    else values.push_back(ScenarioOverride::parseValue(item));
    if (values.size() > kMaxValues) throw SweepError(fmt::format("more than {} values", kMaxValues));
  }
  return values;
}

SweepGrid::SweepGrid(const std::vector<std::string>& sets) {
  std::set<std::string> seen;
  for (const std::string& set : sets) {
    const size_t eq = set.find('=');
    if (eq == std::string::npos)
      throw SweepError(fmt::format("--set {}: expected PATH=V1,V2,..., e.g. links.default.loss=0,0.05,0.1", set));
    Parameter p;
    p.path = set.substr(0, eq);
    ScenarioOverride::checkPath(p.path);
    if (!seen.insert(p.path).second) throw SweepError(fmt::format("--set {} is given twice: put all its values in one list", p.path));
    try {
      p.values = expandValues(set.substr(eq + 1));
    } catch (const SweepError& e) {
      throw SweepError(fmt::format("--set {}: {}", set, e.what()));
    }
    parameters_.push_back(std::move(p));
  }
  double cells = 1;
  for (const Parameter& p : parameters_) cells *= static_cast<double>(p.values.size());
  if (cells > static_cast<double>(kMaxCells))
    throw SweepError(fmt::format("--set: the grid has more than {} cells", kMaxCells));
}

SweepGrid SweepGrid::of(std::vector<Parameter> parameters) {
  SweepGrid grid;
  grid.parameters_ = std::move(parameters);
  return grid;
}

size_t SweepGrid::cellCount() const {
  size_t n = 1;
  for (const Parameter& p : parameters_) n *= p.values.size();
  return n;
}

std::vector<ScenarioOverride> SweepGrid::cell(size_t index) const {
  assert(index < cellCount());
  std::vector<ScenarioOverride> overrides;
  size_t stride = cellCount();
  for (const Parameter& p : parameters_) {
    stride /= p.values.size();
    overrides.emplace_back(p.path, p.values[(index / stride) % p.values.size()]);
  }
  return overrides;
}

}  // namespace replsim
