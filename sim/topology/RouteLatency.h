#pragma once
// RouteLatency: how long a client request takes to reach another node — the
// shortest route by mean link latency, over links in either direction (a
// client's request is not replication traffic and needs no replication
// link; a network path is symmetric). Used for routing: home, single-leader.

#include <vector>

#include "sim/core/SimTime.h"
#include "sim/topology/Topology.h"

namespace replsim {

// result[a][b]: mean-latency shortest route a→b; SimTime::max() if none.
std::vector<std::vector<SimTime>> undirectedShortestLatencies(const Topology& topology);

}  // namespace replsim
