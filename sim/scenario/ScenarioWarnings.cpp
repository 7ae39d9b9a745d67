#include "sim/scenario/ScenarioWarnings.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace replsim {

ScenarioErrors scenarioWarnings(const Scenario& scenario, std::optional<SimTime> until) {
  ScenarioErrors warnings;
  const auto warn = [&](const FaultSpec& f, const std::string& message) {
    warnings.push_back({scenario.file, f.jsonPath, fmt::format("warning: {}", message)});
  };
  const std::optional<SimTime> end = until ? until : scenario.until;

  std::vector<const FaultSpec*> faults;
  for (const FaultSpec& f : scenario.faults) faults.push_back(&f);
  std::stable_sort(faults.begin(), faults.end(), [](const FaultSpec* a, const FaultSpec* b) { return a->at < b->at; });

  std::set<std::string> crashed, offline, crashedDatacenters;
  const auto datacenterNodes = [&](const std::string& name) {
    std::vector<std::string> nodes;
    for (const DatacenterSpec& dc : scenario.topology.datacenters) {
      if (dc.name != name) continue;
      nodes.push_back(dc.leader);
      nodes.insert(nodes.end(), dc.followers.begin(), dc.followers.end());
    }
    return nodes;
  };
  const auto notDown = [&](const FaultSpec& f, const char* action, const char* state, const char* downBy) {
    warn(f, fmt::format("{} \"{}\" at {} ms, which is not {} then (no earlier {} of it): this fault does nothing", action,
                        f.node, formatMs(f.at), state, downBy));
  };
  for (const FaultSpec* f : faults) {
    if (end && f->at > *end) {
      warn(*f, fmt::format("this fault is at {} ms, after the run ends at {} ms: it never happens", formatMs(f->at),
                           formatMs(*end)));
    }
    switch (f->kind) {
      case FaultKind::Crash: crashed.insert(f->node); break;
      case FaultKind::Recover:
        if (crashed.erase(f->node) == 0) notDown(*f, "recover of", "crashed", "crash");
        break;
      case FaultKind::Offline: offline.insert(f->node); break;
      case FaultKind::Online:
        if (offline.erase(f->node) == 0) notDown(*f, "online of", "offline", "offline");
        break;
      case FaultKind::CrashDatacenter:
        crashedDatacenters.insert(f->node);
        for (const std::string& n : datacenterNodes(f->node)) crashed.insert(n);
        break;
      case FaultKind::RecoverDatacenter:
        if (crashedDatacenters.erase(f->node) == 0) notDown(*f, "recover_datacenter of", "crashed", "crash_datacenter");
        for (const std::string& n : datacenterNodes(f->node)) crashed.erase(n);
        break;
      default: break;
    }
  }
  return warnings;
}

}  // namespace replsim
