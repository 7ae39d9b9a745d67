#include "sim/cli/CompareCommand.h"

#include <algorithm>
#include <functional>
#include <cmath>
#include <iterator>
#include <sstream>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include <fmt/format.h>

#include "sim/cli/Cli.h"
#include "sim/compare/CompareError.h"
#include "sim/compare/ModeComparison.h"
#include "sim/compare/TopologyComparison.h"
#include "sim/core/Status.h"
#include "sim/compare/CompareReport.h"
#include "sim/compare/ModeCompareReport.h"
#include "sim/scenario/JsonReader.h"
#include "sim/scenario/ScenarioLoader.h"

namespace replsim {
namespace {

constexpr TopologyKind kBuiltIn[] = {TopologyKind::AllToAll, TopologyKind::Ring, TopologyKind::BidirectionalRing,
                                     TopologyKind::Star,     TopologyKind::Line, TopologyKind::Tree};

// "scenario,all-to-all,ring" -> rows, or a message naming the first unknown
// word. Duplicates are left to TopologyComparison, which rejects them.
Expected<std::vector<CompareTopology>> parseKinds(const std::string& list) {
  std::vector<std::string_view> names{"scenario"};
  for (TopologyKind k : kBuiltIn) names.push_back(toString(k));
  std::vector<CompareTopology> kinds;
  std::istringstream words(list);
  std::string word;
  while (std::getline(words, word, ',')) {
    if (word == "scenario") {
      kinds.push_back(CompareTopology::scenario());
      continue;
    }
    const auto* k = std::find_if(std::begin(kBuiltIn), std::end(kBuiltIn),
                                 [&](TopologyKind kind) { return word == toString(kind); });
    if (k == std::end(kBuiltIn)) {
      return Status::error(fmt::format("--topologies: {} (the scenario's own topology and the built-in kinds: {})",
                                       JsonReader::unknownMessage("topology kind", word, names), JsonReader::join(names)));
    }
    kinds.push_back(*k);
  }
  if (kinds.empty()) return Status::error("--topologies: expected a comma-separated list of kinds, e.g. all-to-all,ring,star");
  return kinds;
}

// "single-leader,multi-leader,leaderless" -> modes, or a message naming the first unknown word.
Expected<std::vector<ReplicationMode>> parseModes(const std::string& list) {
  const std::vector<std::string_view> names = {"single-leader", "multi-leader", "leaderless"};
  std::vector<ReplicationMode> modes;
  std::istringstream words(list);
  std::string word;
  while (std::getline(words, word, ',')) {
    if (word == "single-leader") modes.push_back(ReplicationMode::SingleLeader);
    else if (word == "multi-leader") modes.push_back(ReplicationMode::MultiLeader);
    else if (word == "leaderless") modes.push_back(ReplicationMode::Leaderless);
    else
      return Status::error(fmt::format("--modes: {} (modes: single-leader, multi-leader, leaderless)",
                                       JsonReader::unknownMessage("mode", word, names)));
  }
  if (modes.empty())
    return Status::error("--modes: expected one or more of single-leader, multi-leader, leaderless, comma-separated");
  return modes;
}

FailureMode parseFailureMode(const std::string& s) {
  if (s == "none") return FailureMode::None;
  if (s == "each-link") return FailureMode::EachLink;
  return FailureMode::EachNode;
}

// A time option: finite, between 0 and 1e12 ms; unset when not given.
Expected<std::optional<SimTime>> timeOption(const std::optional<double>& ms, const char* name) {
  if (!ms) return std::optional<SimTime>();
  if (!std::isfinite(*ms) || *ms < 0 || *ms > 1e12)
    return Status::error(fmt::format("{} must be between 0 and 1e12 ms", name));
  return std::optional<SimTime>(SimTime::fromMs(*ms));
}

}  // namespace

CLI::App* addCompareCommand(CLI::App& app, CompareCommandOptions& o) {
  auto* cmd = app.add_subcommand(
      "compare",
      "Run one scenario's workload under each topology, without failures and with each single node or\n"
      "link failure, and print what each topology loses next to Boost.Graph's prediction.\n"
      "Example: replsim compare scenarios/compare-topologies.json --topologies all-to-all,ring,star");
  cmd->add_option("scenario", o.scenarioFile, "Scenario file: leaders, links, replication and workload (its faults "
                                              "are ignored)")
      ->required();
  cmd->add_option("--topologies", o.topologies,
                  "Comma-separated: scenario (the scenario's own topology, links included), all-to-all, ring,\n"
                  "bidirectional-ring, star, line, tree. By default every built-in kind, after scenario when the\n"
                  "scenario's topology is custom or a DOT file")
      ->capture_default_str();
  cmd->add_option("--fail", o.fail, "Which single failures to simulate")
      ->capture_default_str()
      ->check(CLI::IsMember({"each-node", "each-link", "none"}));
  cmd->add_option("--seeds", o.seeds, "Repeat every run with this many seeds (from the scenario's) and average")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--fail-at", o.failAtMs, "When the failure starts, in ms (default: 25% of the last client op)");
  cmd->add_option("--recover-at", o.recoverAtMs, "When it ends, in ms (default: 75% of the last client op)");
  cmd->add_option("--jobs", o.jobs, "Simulations to run in parallel (never changes the output)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--modes", o.modes,
                  "Compare replication modes instead of topologies: any of single-leader,multi-leader,leaderless\n"
                  "(needs a scenario with topology.datacenters; leaderless: the scenario's quorum if it is\n"
                  "leaderless, else n 3, w 2, r 2 with hinted handoff)");
  cmd->add_option("--flap-down", o.flapDownMs, "--modes: how long the datacenters are cut apart in each flap, ms")
      ->capture_default_str();
  cmd->add_option("--flap-every", o.flapEveryMs, "--modes: a flap starts every this many ms within the window")
      ->capture_default_str();
  cmd->add_option("--format", o.format, "Output format")->capture_default_str()->check(CLI::IsMember({"text", "json", "csv"}));
  return cmd;
}

namespace {

// Loads the scenario and runs `compare` on it; a load error or a
// CompareError becomes its message and exit status.
int loadAndCompare(const std::string& file, std::ostream& err, const std::function<void(const Scenario&)>& compare) {
  LoadResult loaded = loadScenarioFile(file);
  if (!loaded.ok()) {
    for (const ScenarioError& e : loaded.errors) err << e.render() << "\n";
    return kExitBadInput;
  }
  try {
    compare(*loaded.scenario);
    return kExitOk;
  } catch (const CompareError& e) {
    err << "replsim compare: " << e.what() << "\n";
    return e.kind() == CompareError::Kind::Limit ? kExitLimit : kExitBadInput;
  }
}

int compareModes(const CompareCommandOptions& options, std::ostream& out, std::ostream& err) {
  const auto modes = parseModes(options.modes);
  const auto failAt = timeOption(options.failAtMs, "--fail-at");
  const auto recoverAt = timeOption(options.recoverAtMs, "--recover-at");
  const auto flapDown = timeOption(options.flapDownMs, "--flap-down");
  const auto flapEvery = timeOption(options.flapEveryMs, "--flap-every");
  for (const Status* s : {&modes.status(), &failAt.status(), &recoverAt.status(), &flapDown.status(), &flapEvery.status()})
    if (!s->ok()) {
      err << "replsim compare: " << s->message() << "\n";  // the first wrong option, in this order
      return kExitBadInput;
    }
  ModeCompareOptions compare;
  compare.modes = *modes;
  compare.failAt = *failAt;
  compare.recoverAt = *recoverAt;
  compare.flapDown = **flapDown;  // these two have defaults, so they are always given
  compare.flapEvery = **flapEvery;
  compare.seeds = options.seeds;
  compare.jobs = static_cast<unsigned>(options.jobs);
  return loadAndCompare(options.scenarioFile, err, [&](const Scenario& scenario) {
    const ModeComparisonResult result = ModeComparison(scenario, compare).run(&err);
    if (options.format == "json") out << modeCompareJson(result).dump(2) << "\n";
    else if (options.format == "csv") out << modeCompareCsv(result);
    else out << modeCompareText(result);
  });
}

}  // namespace

int compareCommand(const CompareCommandOptions& options, std::ostream& out, std::ostream& err) {
  if (!options.modes.empty()) return compareModes(options, out, err);
  const auto kinds = parseKinds(options.topologies);
  const auto failAt = timeOption(options.failAtMs, "--fail-at");
  const auto recoverAt = timeOption(options.recoverAtMs, "--recover-at");
  for (const Status* s : {&kinds.status(), &failAt.status(), &recoverAt.status()})
    if (!s->ok()) {
      err << "replsim compare: " << s->message() << "\n";  // the first wrong option, in this order
      return kExitBadInput;
    }
  CompareOptions compare;
  compare.topologies = *kinds;
  compare.failAt = *failAt;
  compare.recoverAt = *recoverAt;
  compare.fail = parseFailureMode(options.fail);
  compare.seeds = options.seeds;
  compare.jobs = static_cast<unsigned>(options.jobs);

  return loadAndCompare(options.scenarioFile, err, [&](const Scenario& scenario) {
    // A custom or DOT topology is the first row unless --topologies says otherwise.
    const TopologyKind own = scenario.topology.kind;
    if (options.topologies == CompareCommandOptions{}.topologies &&
        (own == TopologyKind::Custom || own == TopologyKind::File))
      compare.topologies.insert(compare.topologies.begin(), CompareTopology::scenario());
    const ComparisonResult result = TopologyComparison(scenario, compare).run(&err);
    if (options.format == "json") out << compareJson(result).dump(2) << "\n";
    else if (options.format == "csv") out << compareCsv(result);
    else out << compareText(result);
  });
}

}  // namespace replsim
