// RouteTable: shortest-route latencies, computed lazily (see RouteTable.h).
#include "sim/replication/RouteTable.h"

#include "sim/topology/RouteLatency.h"

namespace replsim {

SimTime RouteTable::latency(NodeId from, NodeId to) {
  if (latency_.empty()) latency_ = undirectedShortestLatencies(topology_);
  return latency_[from][to];
}

}  // namespace replsim
