#pragma once
// TopologyAnalysis: how well a replication topology survives one outage.
//
// Computed from a Topology by analyzeTopology(), with Boost.Graph doing the
// graph theory (strong components, articulation points, max-flow for
// connectivity, Dijkstra for latency). The central notion is replication
// reachability: origin o replicates to replica r (o != r) when
//   * forward == true:  r is reachable from o along links (writes are
//                       forwarded hop by hop), or
//   * forward == false: there is a direct link o -> r (nothing is forwarded).
// A single failure "cuts" a pair (o, r) when o replicated to r with nothing
// failed and no longer does with that one node or link down; a failed node's
// own pairs do not count, since it can neither write nor apply anything.
//
// Writers: when only some nodes take writes (datacenters: each datacenter's
// leader; followers only receive), analyzeTopology() is given them and
//   * a pair's origin is always a writer (replicas are every other node);
//   * strongly connected and the two connectivities are those of the
//     writers with the links between them (every writer's writes reach every
//     other writer), since a follower, having no outgoing link, would make
//     any such graph "not strongly connected";
//   * articulation points stay those of the whole graph.
// With no writers given every node writes, as in a plain topology.
//
// Invariants: every list is sorted and refers to nodes by NodeId and links
// by their index in Topology::links(), so the result is a pure function of
// the topology and `forward` (no pointer or hash order).

#include <compare>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/topology/Topology.h"

namespace replsim {

// An ordered (origin, replica) pair: writes made at `origin` reach `replica`.
struct ReplicationPair {
  NodeId origin = 0;
  NodeId replica = 0;
  auto operator<=>(const ReplicationPair&) const = default;
};

struct NodeFailure {
  NodeId node = 0;
  std::vector<ReplicationPair> cut;  // ascending; neither end is `node`
};

struct LinkFailure {
  uint32_t link = 0;                 // index into Topology::links()
  std::vector<ReplicationPair> cut;  // ascending
};

struct TopologyAnalysis {
  bool forward = true;
  // The nodes that write, ascending; every node when none were given.
  std::vector<NodeId> writers;
  bool stronglyConnected = false;
  // Of the directed graph: the fewest nodes (links) whose removal leaves it
  // not strongly connected. 0 when it is not strongly connected or has a
  // single node; n-1 for a complete graph of n nodes, by convention.
  int vertexConnectivity = 0;
  int edgeConnectivity = 0;
  // Of the underlying undirected graph (links taken without direction),
  // ascending.
  std::vector<NodeId> articulationPoints;
  size_t pairsTotal = 0;  // pairs that replicate with nothing failed
  // Over the replicating pairs: the largest hop count of a shortest path
  // (1 when forward == false), and the largest shortest-path latency, each
  // link weighted by its mean latency (forward == false: the largest direct
  // link latency). Both 0 when no pair replicates.
  int diameterHops = 0;
  double diameterLatencyMs = 0.0;
  std::vector<NodeFailure> nodeFailures;  // one per node, in node order
  std::vector<LinkFailure> linkFailures;  // one per link, in links() order

  // The nodes (links) whose single failure cuts at least one pair, ascending.
  std::vector<NodeId> criticalNodes() const;
  std::vector<uint32_t> criticalLinks() const;
};

// Cost: connectivity needs O((kappa + 1) * n) max-flows of at most n
// augmentations each, and none for a complete graph; the failure sweep is one
// BFS, one Dijkstra and one dominator tree per origin, plus the size of the
// answer (which a long ring makes large: (n-1)(n-2)/2 pairs per node).
// About 0.2 s of CPU for 200 nodes as a ring or all-to-all with forwarding.
// REQUIRES: writers (if any) are distinct NodeIds of `topology`.
TopologyAnalysis analyzeTopology(const Topology& topology, bool forward, std::vector<NodeId> writers = {});

}  // namespace replsim
