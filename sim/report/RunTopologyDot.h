#pragma once
// RunTopologyDot: topology.dot for `replsim run --out`, the scenario's
// topology as `replsim topology --format dot` draws it (TopologyReport:
// latencies on the links, critical nodes and links red and bold), plus the
// state the run ended in:
//   * a node crashed at the end is filled grey and marked "crashed" (offline:
//     filled pale blue, "offline");
//   * a link down at the end is dashed grey with why ("down: partitioned");
//     a link removed by reconfiguration is dotted grey ("removed");
//   * a link that reconfiguration added (not in the scenario's topology) is
//     drawn green ("added");
//   * a caption says so, with the run's end time.
// The result is a pure function of the finished simulation.

#include <string>

namespace replsim {

class Simulation;

std::string runTopologyDot(const Simulation& sim);

}  // namespace replsim
