#include "sim/sweep/SweepMetric.h"

#include <sstream>

#include <fmt/format.h>

#include "sim/report/ExpectationChecker.h"
#include "sim/sweep/ScenarioOverride.h"
#include "sim/sweep/SweepError.h"

namespace replsim {
namespace {

std::optional<SweepMetric::Value> valueOf(const ReportJson& v) {
  if (v.is_boolean()) return SweepMetric::Value{v.get<bool>() ? 1.0 : 0.0, true};
  if (v.is_number()) return SweepMetric::Value{v.get<double>(), false};
  if (v.is_array()) return SweepMetric::Value{static_cast<double>(v.size()), false};
  return std::nullopt;
}

// The first `*` segment: its index in the dotted path's segments, or npos.
// Splits path into the part before it and the part after it.
bool splitAtStar(const std::string& path, std::string& before, std::string& after) {
  const std::string dotted = "." + path + ".";
  const size_t star = dotted.find(".*.");
  if (star == std::string::npos) return false;
  before = star == 0 ? "" : dotted.substr(1, star - 1);
  after = star + 3 >= dotted.size() ? "" : dotted.substr(star + 3, dotted.size() - star - 4);
  return true;
}

std::optional<SweepMetric::Value> readPath(const ReportJson& at, const std::string& path) {
  std::string before, after;
  if (!splitAtStar(path, before, after)) {
    const ReportJson* found = resolveDottedPath(at, path);
    return found ? valueOf(*found) : std::nullopt;
  }
  const ReportJson* container = before.empty() ? &at : resolveDottedPath(at, before);
  if (!container || !(container->is_array() || container->is_object())) return std::nullopt;
  SweepMetric::Value total;  // the sum over the elements; 0 for an empty container
  for (const ReportJson& element : *container) {
    const std::optional<SweepMetric::Value> v = after.empty() ? valueOf(element) : readPath(element, after);
    if (v) total.number += v->number;
  }
  return total;
}

}  // namespace

SweepMetric::SweepMetric(std::string name) : name_(std::move(name)) {}

std::vector<SweepMetric> SweepMetric::parseList(const std::string& list) {
  std::vector<SweepMetric> metrics;
  std::istringstream words(list);
  std::string word;
  while (std::getline(words, word, ',')) {
    try {
      ScenarioOverride::checkPath(word);
    } catch (const SweepError&) {
      throw SweepError(fmt::format("--metrics {}: \"{}\" is not a dotted report path, e.g. writes.propagation_ms.p99", list, word));
    }
    for (const SweepMetric& m : metrics)
      if (m.name() == word) throw SweepError(fmt::format("--metrics {}: {} is listed twice", list, word));
    metrics.emplace_back(word);
  }
  if (metrics.empty()) throw SweepError("--metrics: expected a comma-separated list of report paths");
  return metrics;
}

std::vector<SweepMetric> SweepMetric::defaultsFor(const Scenario& scenario) {
  std::vector<SweepMetric> m = {SweepMetric("converged"), SweepMetric("convergence_ms"),
                                SweepMetric("writes.propagation_ms.p99"), SweepMetric("conflicts.detected"),
                                SweepMetric("conflicts.discarded_writes"), SweepMetric("writes.failed")};
  bool reads = !scenario.topology.datacenters.empty() || (scenario.workload && scenario.workload->readFraction > 0);
  for (const ClientOp& op : scenario.writes) reads = reads || op.op == OpKind::Read;
  if (reads) m.emplace_back("reads.stale");
  if (scenario.topology.failoverAfter) m.emplace_back("failovers.*.lost_writes");
  return m;
}

std::optional<SweepMetric::Value> SweepMetric::read(const ReportJson& report) const { return readPath(report, name_); }

}  // namespace replsim
