#include "sim/cli/TopologyCommand.h"

#include "sim/cli/Cli.h"
#include "sim/report/TopologyReport.h"
#include "sim/scenario/ScenarioLoader.h"
#include "sim/topology/TopologyAnalysis.h"

namespace replsim {
namespace {

// The kinds `--kind` accepts: those that need nothing but a leader count.
std::optional<TopologyKind> builtInKind(const std::string& name) {
  for (TopologyKind k : {TopologyKind::AllToAll, TopologyKind::Ring, TopologyKind::BidirectionalRing,
                         TopologyKind::Star, TopologyKind::Line, TopologyKind::Tree, TopologyKind::SingleLeader})
    if (name == toString(k)) return k;
  return std::nullopt;
}

}  // namespace

int topologyCommand(const TopologyOptions& o, std::ostream& out, std::ostream& err) {
  if (o.scenarioFile.empty() == o.kind.empty()) {
    err << "replsim topology: give either a scenario file or --kind K --leaders N\n";
    return kExitBadInput;
  }
  std::optional<Topology> topology;
  std::optional<bool> scenarioForward;
  std::vector<NodeId> writers;  // empty: every node writes
  if (!o.scenarioFile.empty()) {
    LoadResult loaded = loadScenarioFile(o.scenarioFile);
    if (!loaded.ok()) {
      for (const ScenarioError& e : loaded.errors) err << e.render() << "\n";
      return kExitBadInput;
    }
    topology.emplace(Topology::build(loaded.scenario->topology, loaded.scenario->links));
    scenarioForward = loaded.scenario->replication.forward;
    // Datacenter leaders relay everything to their followers whatever
    // `forward` says (docs/datacenters.md): the analysis follows paths on.
    if (!loaded.scenario->topology.datacenters.empty()) scenarioForward = true;
    // Only each datacenter's leader writes; its followers only receive, so
    // they are no pair's origin (TopologyAnalysis "Writers").
    for (const DatacenterSpec& dc : loaded.scenario->topology.datacenters) writers.push_back(*topology->find(dc.leader));
  } else {
    const auto kind = builtInKind(o.kind);
    if (!kind) {
      err << "replsim topology: --kind must be one of all-to-all, ring, bidirectional-ring, star, line, tree, "
             "single-leader (got \"" << o.kind << "\")\n";
      return kExitBadInput;
    }
    if (o.leaders < 2 || o.leaders > 2000) {
      err << "replsim topology: --leaders must be between 2 and 2000\n";
      return kExitBadInput;
    }
    if (o.fanout < 1) {
      err << "replsim topology: --fanout must be at least 1\n";
      return kExitBadInput;
    }
    topology.emplace(Topology::builtIn(*kind, o.leaders, {}, o.hub, o.fanout));
    if (!o.hub.empty() && !topology->find(o.hub)) {
      err << "replsim topology: --hub \"" << o.hub << "\" is not one of L1..L" << o.leaders << "\n";
      return kExitBadInput;
    }
  }
  const bool forward = o.forward.empty() ? scenarioForward.value_or(topology->defaultForward()) : o.forward == "on";
  const TopologyAnalysis analysis = analyzeTopology(*topology, forward, writers);
  if (o.format == "json") out << topologyJson(*topology, analysis).dump(2) << "\n";
  else if (o.format == "dot") out << topologyDot(*topology, analysis);
  else out << topologyText(*topology, analysis);
  return kExitOk;
}

}  // namespace replsim
