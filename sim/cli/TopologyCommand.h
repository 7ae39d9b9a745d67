#pragma once
// TopologyCommand: `replsim topology SCENARIO | --kind K --leaders N
// [--hub NAME] [--fanout F] [--forward on|off] [--format text|json|dot]` —
// analyses a topology with Boost.Graph: reachability, vertex and edge
// connectivity, articulation points, diameter in hops and latency, and which
// origin→replica pairs each single node or link failure cuts.

#include <optional>
#include <ostream>
#include <string>

namespace replsim {

struct TopologyOptions {
  std::string scenarioFile;  // either this ...
  std::string kind;          // ... or a built-in kind with a leader count
  int leaders = 0;
  std::string hub;
  int fanout = 2;
  std::string forward;       // "", "on", "off": default per kind / scenario
  std::string format = "text";
};

int topologyCommand(const TopologyOptions& options, std::ostream& out, std::ostream& err);

}  // namespace replsim
