#pragma once
// ClientRouter: where a client operation is executed and what the client
// sees — the route to its leader (routing direct / home / single-leader,
// datacenters), refusals (crashed, unreachable, key exists / missing), and
// reads (with on_read resolution written back). Writes are handed to the
// ReplicationProtocol.
//
// Contracts: every client operation is published once through onClientOp
// (a write by the protocol, with its index); a request that must travel
// arrives after the route's mean latency (EventKind::RoutedOp) and is
// checked again there; a request to a node it cannot reach now fails at
// once (Unreachable). A crashed target is found crashed on arrival.

#include <cstdint>
#include <vector>

#include "sim/conflicts/ConflictResolver.h"
#include "sim/core/SimObserver.h"
#include "sim/replication/Protocols.h"
#include "sim/replication/SimContext.h"
#include "sim/replication/WorkloadGenerator.h"

namespace replsim {

class DatacenterFailover;
class RouteTable;

class ClientRouter {
 public:
  // REQUIRES: ops outlives the router; readResolver may be null (no on_read).
  ClientRouter(const SimContext& ctx, const std::vector<PlannedOp>& ops, AnyProtocol& protocol,
               DatacenterFailover& dcs, RouteTable& routes, const ReadResolver* readResolver);

  // The client issues operation `opIndex` now.
  void runClientOp(uint32_t opIndex);
  // EventKind::RoutedOp: a routed request reaches its target.
  void routedOpArrives(uint32_t routed);

 private:
  struct RoutedOp {
    uint32_t op;
    NodeId target;
    SimTime issuedAt;
  };
  void runDatacenterClientOp(uint32_t opIndex);
  NodeId routeTarget(const PlannedOp& op) const;
  bool connectedNow(NodeId from, NodeId to) const;
  void failClientOp(const PlannedOp& op, NodeId at, FailReason reason);
  void executeClientOp(uint32_t opIndex, NodeId node, SimTime clientIssuedAt);

  SimContext ctx_;
  const std::vector<PlannedOp>& ops_;
  AnyProtocol& protocol_;
  DatacenterFailover& dcs_;
  RouteTable& routes_;
  const ReadResolver* readResolver_;
  std::vector<RoutedOp> routed_;
};

}  // namespace replsim
