#include "sim/cli/VisibilityCommand.h"

#include <cmath>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "sim/cli/Cli.h"
#include "sim/cli/SeedOption.h"
#include "sim/cli/ScenarioInput.h"
#include "sim/sweep/Visibility.h"

namespace replsim {
namespace {

constexpr uint64_t kMaxTrials = 100'000'000;

// "0,1,5,10": times in ms, each a number from 0 to 1e9, strictly increasing.
bool parseTimes(const std::string& text, std::vector<double>& times, std::string& error) {
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    size_t used = 0;
    double v = 0;
    try {
      v = std::stod(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (item.empty() || used != item.size() || !std::isfinite(v) || v < 0 || v > 1e9) {
      error = fmt::format("--t-ms: expected times in ms from 0 to 1e9 separated by commas, got \"{}\"", item);
      return false;
    }
    if (!times.empty() && v <= times.back()) {
      error = fmt::format("--t-ms: the times must increase, got {} after {}", item, times.back());
      return false;
    }
    times.push_back(v);
  }
  if (times.empty() || (!text.empty() && text.back() == ',')) {
    error = fmt::format("--t-ms: expected times in ms separated by commas, got \"{}\"", text);
    return false;
  }
  return true;
}

}  // namespace

CLI::App* addVisibilityCommand(CLI::App& app, VisibilityCommandOptions& o) {
  auto* cmd = app.add_subcommand(
      "visibility",
      "Probabilistically Bounded Staleness of a leaderless scenario: how likely a read t ms after a write\n"
      "commits returns it, from independent write-then-read trials of its quorum over its links\n"
      "(with its read repair and anti-entropy, if it has them).\n"
      "Example: replsim visibility scenarios/leaderless-weak-quorum-stale-reads.json --t-ms 0,5,10 --trials 1000");
  cmd->add_option("scenario", o.scenarioFile, "Scenario file (JSON, format v1, replication.mode leaderless; - reads standard input)")
      ->required();
  cmd->add_option("--t-ms", o.tMs, "Times after the commit at which a read starts, in ms, increasing, comma-separated")
      ->capture_default_str();
  cmd->add_option("--trials", o.trials, "Independent trials (one write, then one read at each t), 1 to 10^8")
      ->capture_default_str();
  cmd->add_option("--seed", o.seed, "Seed of the trials, 0 to 2^64-1 (default: the scenario's seed)")
      ->check(seedValidator());
  cmd->add_option("--format", o.format, "Output format")->capture_default_str()->check(CLI::IsMember({"text", "json"}));
  return cmd;
}

int visibilityCommand(const VisibilityCommandOptions& o, std::istream& in, std::ostream& out, std::ostream& err) {
  VisibilityOptions v;
  v.tMs.clear();
  std::string error;
  if (!parseTimes(o.tMs, v.tMs, error)) {
    err << "replsim visibility: " << error << "\n";
    return kExitBadInput;
  }
  if (o.trials < 1 || o.trials > kMaxTrials) {
    err << fmt::format("replsim visibility: --trials must be from 1 to {}, got {}\n", kMaxTrials, o.trials);
    return kExitBadInput;
  }
  v.trials = o.trials;
  const LoadResult loaded = loadScenarioArgument(o.scenarioFile, in);
  if (!reportLoadErrors(loaded, err)) return kExitBadInput;
  const Scenario& scenario = *loaded.scenario;
  v.seed = o.seed.value_or(scenario.seed);
  try {
    const VisibilityResult result = runVisibility(scenario, v);
    out << (o.format == "json" ? visibilityJson(result).dump(2) + "\n" : visibilityText(result));
  } catch (const VisibilityError& e) {
    err << "replsim visibility: " << o.scenarioFile << ": " << e.what() << "\n";
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace replsim
