#include "sim/sweep/SweepRunner.h"

#include <cstdio>
#include <optional>

#include <fmt/format.h>

#include "sim/run/ScenarioRun.h"
#include "sim/core/ParallelFor.h"
#include "sim/core/ProgressMeter.h"
#include "sim/sweep/SweepError.h"
#include "sim/sweep/SweepMetric.h"

namespace replsim {
namespace {

constexpr uint64_t kMaxSeed = 1'000'000'000'000ULL;
constexpr size_t kMaxListedErrors = 20;

std::optional<uint64_t> integer(const std::string& s) {
  if (s.empty() || s.size() > 13 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  const uint64_t v = std::stoull(s);
  if (v > kMaxSeed) return std::nullopt;
  return v;
}

// Why a run failed, from its exit status and report.
std::string failureReason(int status, const ReportJson& report) {
  if (status == 2) {
    const auto it = report.find("stop_message");
    return it != report.end() && it->is_string() ? fmt::format("limit reached: {}", it->get<std::string>())
                                                 : std::string("limit reached");
  }
  if (status == 3) {
    std::string failed;
    if (const auto ex = report.find("expectations"); ex != report.end() && ex->is_array())
      for (const auto& e : *ex)
        if (e.contains("ok") && e["ok"] == false && e.contains("path"))
          failed += fmt::format("{}{}", failed.empty() ? "" : ", ", e["path"].get<std::string>());
    return failed.empty() ? std::string("expectation failed") : fmt::format("expectation failed: {}", failed);
  }
  if (status == 4) {
    std::string first;
    if (const auto inv = report.find("invariants"); inv != report.end() && inv->is_object())
      if (const auto v = inv->find("violations"); v != inv->end() && v->is_array() && !v->empty())
        if (const auto& x = (*v)[0]; x.is_object() && x.contains("invariant") && x["invariant"].is_string())
          first = x.contains("message") && x["message"].is_string()
                      ? fmt::format("{} ({})", x["invariant"].get<std::string>(), x["message"].get<std::string>())
                      : x["invariant"].get<std::string>();
    return first.empty() ? std::string("invariant violated") : fmt::format("invariant violated: {}", first);
  }
  return fmt::format("exit status {}", status);
}

}  // namespace

std::string SweepRunner::digest(const std::string& text) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::pair<uint64_t, uint64_t> SweepRunner::parseSeeds(const std::string& text) {
  const size_t dots = text.find("..");
  const std::optional<uint64_t> a = integer(text.substr(0, dots));
  const std::optional<uint64_t> b = dots == std::string::npos ? a : integer(text.substr(dots + 2));
  if (!a || !b)
    throw SweepError(fmt::format("--seeds {}: expected FIRST..LAST or one seed, whole numbers up to 1e12, e.g. 1..200", text));
  if (*b < *a) throw SweepError(fmt::format("--seeds {}: FIRST must not be greater than LAST", text));
  return {*a, *b};
}

std::pair<uint32_t, uint32_t> SweepRunner::parseShard(const std::string& text) {
  const size_t slash = text.find('/');
  const std::optional<uint64_t> i = slash == std::string::npos ? std::nullopt : integer(text.substr(0, slash));
  const std::optional<uint64_t> n = slash == std::string::npos ? std::nullopt : integer(text.substr(slash + 1));
  if (!i || !n || *n < 1 || *n > 100000 || *i < 1 || *i > *n)
    throw SweepError(fmt::format("--shard {}: expected I/N with 1 <= I <= N <= 100000, e.g. 3/8", text));
  return {static_cast<uint32_t>(*i), static_cast<uint32_t>(*n)};
}

SweepRunner::SweepRunner(const SweepOptions& options) : options_(options) {
  const SweepGrid grid(options.sets);
  const auto [first, last] = parseSeeds(options.seeds);
  if (!options.shard.empty()) std::tie(shape_.shardIndex, shape_.shardCount) = parseShard(options.shard);
  if (last - first + 1 < shape_.shardCount)
    throw SweepError(fmt::format("--shard {}: more shards than seeds ({})", options.shard, last - first + 1));

  ScenarioErrors errors;
  const nlohmann::json doc = readScenarioDocument(options.scenarioFile, errors);
  std::vector<std::string> problems;
  for (const ScenarioError& e : errors) problems.push_back(e.render());
  for (size_t c = 0; problems.empty() && c < grid.cellCount(); ++c) {
    LoadResult loaded = loadOverriddenDocument(doc, options.scenarioFile, grid.cell(c));
    for (const ScenarioError& e : loaded.errors) problems.push_back(e.render());
    if (loaded.ok()) cellScenarios_.push_back(std::move(*loaded.scenario));
  }
  if (!problems.empty()) {
    std::string message =
        fmt::format("the scenario does not validate{}:", grid.cellCount() > 1 ? " with every --set value" : "");
    for (size_t i = 0; i < problems.size() && i < kMaxListedErrors; ++i) message += fmt::format("\n  {}", problems[i]);
    if (problems.size() > kMaxListedErrors)
      message += fmt::format("\n  ... and {} more", problems.size() - kMaxListedErrors);
    throw SweepError(message);
  }

  const std::vector<SweepMetric> metrics =
      options.metrics.empty() ? SweepMetric::defaultsFor(cellScenarios_.front()) : SweepMetric::parseList(options.metrics);
  shape_.scenarioFile = options.scenarioFile;
  shape_.scenarioName = doc.contains("name") && doc["name"].is_string() ? doc["name"].get<std::string>() : "";
  shape_.scenarioDigest = digest(doc.dump());
  shape_.parameters = grid.parameters();
  shape_.firstSeed = first;
  shape_.lastSeed = last;
  for (const SweepMetric& m : metrics) shape_.metrics.push_back(m.name());
  shape_.proportion.assign(metrics.size(), false);
  for (size_t c = 0; c < grid.cellCount(); ++c) shape_.cells.push_back({grid.cell(c), {}});
  seeds_ = shardSeeds(first, last, shape_.shardIndex, shape_.shardCount);
}

SweepResult SweepRunner::run(std::ostream* progress) const {
  std::vector<SweepMetric> metrics;
  for (const std::string& name : shape_.metrics) metrics.emplace_back(name);
  const size_t perCell = seeds_.size();
  std::vector<SweepRun> runs(runCount());
  std::vector<std::vector<char>> booleans(runs.size());  // per run, per metric: the value was a bool
  ProgressMeter meter(progress, runs.size(), "sweep", /*withRate=*/true);
  parallelFor(runs.size(), options_.jobs, [&](size_t i) {
    RunOptions runOptions;
    runOptions.seed = seeds_[i % perCell];
    runOptions.renderText = false;
    const RunResult result = runScenario(cellScenarios_[i / perCell], runOptions, nullptr, nullptr);
    SweepRun& run = runs[i];
    run.seed = seeds_[i % perCell];
    run.status = result.exitStatus;
    if (run.status != 0) run.reason = failureReason(run.status, result.report);
    booleans[i].assign(metrics.size(), 0);
    for (size_t m = 0; m < metrics.size(); ++m) {
      const std::optional<SweepMetric::Value> v = metrics[m].read(result.report);
      if (v) run.values.push_back(v->number);
      else run.values.push_back(std::nullopt);
      booleans[i][m] = v && v->boolean;
    }
    meter.completed();
  });
  meter.finish();

  SweepResult result = shape_;
  for (size_t i = 0; i < runs.size(); ++i) {
    for (size_t m = 0; m < metrics.size(); ++m)
      if (booleans[i][m]) result.proportion[m] = true;
    result.cells[i / perCell].runs.push_back(std::move(runs[i]));
  }
  return result;
}

}  // namespace replsim
