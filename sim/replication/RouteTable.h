#pragma once
// RouteTable: the mean latency of the shortest route between two nodes, in
// either direction, over the original topology — what a client's request
// routed to another leader, and a sync acknowledgement or commit notice,
// take to get there.
//
// Computed once, when first asked (most runs never route); SimTime::max()
// when there is no route.

#include <vector>

#include "sim/core/SimTime.h"
#include "sim/topology/Topology.h"

namespace replsim {

class RouteTable {
 public:
  explicit RouteTable(const Topology& topology) : topology_(topology) {}

  SimTime latency(NodeId from, NodeId to);

 private:
  const Topology& topology_;
  std::vector<std::vector<SimTime>> latency_;  // [from][to], computed when first needed
};

}  // namespace replsim
