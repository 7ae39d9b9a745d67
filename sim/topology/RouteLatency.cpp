#include "sim/topology/RouteLatency.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

namespace replsim {

std::vector<std::vector<SimTime>> undirectedShortestLatencies(const Topology& topology) {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                                      boost::property<boost::edge_weight_t, int64_t>>;
  const size_t n = topology.nodeCount();
  Graph g(n);
  for (const TopologyLink& l : topology.links())
    boost::add_edge(l.from, l.to, SimTime::fromMs(l.params().latency.meanMs()).us(), g);
  std::vector<std::vector<SimTime>> result(n, std::vector<SimTime>(n, SimTime::max()));
  std::vector<int64_t> dist(n);
  for (size_t s = 0; s < n; ++s) {
    boost::dijkstra_shortest_paths(g, s, boost::distance_map(dist.data()).distance_inf(INT64_MAX));
    for (size_t t = 0; t < n; ++t)
      if (dist[t] != INT64_MAX) result[s][t] = SimTime::fromUs(dist[t]);
  }
  return result;
}

}  // namespace replsim
