#pragma once
// DatacenterTopology: builds the Topology of a scenario with datacenters
// (topology.datacenters; docs/datacenters.md).
//
// Layout, fixed so that NodeIds are stable and reports deterministic:
//   * nodes: datacenter by datacenter in file order, each its leader first,
//     then its followers in file order;
//   * links: first the inter-datacenter topology — the scenario's `kind`
//     built over the datacenters' leaders in datacenter order, exactly as
//     Topology::build builds it over plain leaders (links.default, per-edge
//     settings) — then, per datacenter, leader → each follower with
//     links.default whose latency is the datacenter's intra_latency_ms
//     (kDefaultIntraLatencyMs when absent);
//   * finally every links.overrides entry applies to the links it names,
//     inter- or intra-datacenter alike (an override naming a pair that has
//     no link creates none; the loader reports it).
// Followers have no outgoing link: they only receive.
//
// With spec.datacenterMesh (leaderless replication: no node leads, and a
// coordinator must reach every replica directly) the nodes are laid out the
// same way but the links are a full mesh, every ordered pair (from, to) in
// node order, with settings derived from the datacenter structure (see
// meshLink). spec.kind must then be all-to-all (the loader refuses others).

#include <string>

#include "sim/model/Scenario.h"
#include "sim/topology/Topology.h"

namespace replsim {

class DatacenterTopology {
 public:
  // intra_latency_ms when a datacenter does not give it.
  static constexpr double kDefaultIntraLatencyMs = 1.0;

  // REQUIRES: spec.datacenters is not empty and the spec comes from a
  // successfully loaded Scenario.
  static Topology build(const TopologySpec& spec, const LinksSpec& links);

  // The datacenter's latency between its own nodes (and its clients).
  static LatencyDistribution intraLatency(const DatacenterSpec& dc);

  // Settings of a link from → to inside `dc` (a link built here, or one a
  // failover adds later): links.default, the intra latency, then the
  // overrides that name from → to.
  static LinkParams intraLink(const LinksSpec& links, const DatacenterSpec& dc, const std::string& from,
                              const std::string& to);

  // Settings of the mesh link from → to (spec.datacenterMesh): links.default;
  // inside one datacenter its intra latency; then, in file order, every
  // links.overrides entry that names either the two nodes themselves or —
  // across datacenters — the two datacenters' leaders (so an override
  // between leaders sets the latency between their datacenters for every
  // pair of their nodes, as it sets the leaders' link in the other modes).
  // REQUIRES: fromDc and toDc are the datacenters of from and to.
  static LinkParams meshLink(const LinksSpec& links, const DatacenterSpec& fromDc, const std::string& from,
                             const DatacenterSpec& toDc, const std::string& to);
};

}  // namespace replsim
