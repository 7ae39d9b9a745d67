#pragma once
// ReplicationProtocol: the seam between the engine and a replication
// protocol — what happens when a client write is issued, when a message
// arrives, when one of the protocol's own scheduled events fires, and what
// the run's end asks of it.
//
// The engine around a protocol is shared: Scheduler, Network (links,
// outages, delivery), WriteLog, PathTable, ReplicaSet (data, digests,
// convergence), the resolvers, ObserverFanout and the reports, plus the
// components that are not about replication — ClientRouter (which leader a
// client reaches), FaultInjector, AutoReconfigure. MultiLeaderProtocol is
// the protocol of today (leaders apply at once and stream to each other).
//
// Why a concept and a std::variant rather than a virtual base: the
// boundary is crossed once per *event*, but a message delivery is an event
// per hop, and the per-hop path (deliver -> accept -> apply -> forward ->
// send) must stay inline. Simulation holds the protocol as an AnyProtocol
// (a std::variant of the concrete protocols, Protocols.h) and dispatches
// with std::visit at the event switch; inside a protocol every call is to a
// concrete type, so nothing on the hop path is virtual.
//
// Plugging in a leaderless (Dynamo-style quorum) protocol: write a class
// LeaderlessProtocol that satisfies this concept (its own files, its own
// state: coordinators, quorums, hinted handoff...), add it to AnyProtocol in
// Protocols.h, choose it in Simulation's constructor from the scenario
// (Components builds the variant in place), and give its timers EventKind
// values that Simulation::dispatch routes to handleEvent. MultiLeaderProtocol
// and its helpers (ApplyDecision, CausalHold, LoopGuard, SyncDetection) are
// not edited; a new protocol may reuse them. Nothing else changes either:
// ClientRouter hands writes to AnyProtocol, FaultInjector and AutoReconfigure
// use only the network and MessageSender, reports read Simulation.
// (DatacenterFailover's rules are about leaders; a leaderless protocol would
// run without datacenters' failover.)
//
// Contracts every protocol keeps:
//   * it publishes to ObserverFanout what happens to writes and messages
//     (onClientOp for the write it creates, onSent via MessageSender,
//     onDelivered/onDropped, onApplied, onConflict, onCommit);
//   * it changes replica data only through ReplicaSet::updateKey (or
//     copies a digest with the data, as a re-sync does), so convergence
//     stays exact;
//   * it is a pure function of the scenario, the seed and the event order.

#include <concepts>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/Scheduler.h"
#include "sim/core/SimObserver.h"
#include "sim/replication/EventKind.h"
#include "sim/replication/WriteLog.h"
#include "sim/model/Scenario.h"
#include "sim/topology/Topology.h"

namespace replsim {

template <class P>
concept ReplicationProtocol = requires(P& p, const P& cp, NodeId node, KeyId key, OpKind op, const std::string& value,
                                       ClientOpEvent ev, const Event& e, EventKind kind, uint32_t target,
                                       const std::vector<WriteIndex>& writes) {
  // A client write, accepted at leader `node` now. `ev` is the client
  // operation as the router saw it; the protocol fills in the write and
  // publishes it. REQUIRES: the router checked the key's preconditions.
  p.issueClientWrite(node, key, op, value, ev);
  // A message arrived (EventKind::Deliver).
  p.deliver(e);
  // One of the protocol's own scheduled events.
  p.handleEvent(kind, target);
  // These writes are gone for good (a failover discarded them): nothing
  // may wait for them any more.
  p.voidWrites(writes);
  // End-of-run queries: writes still held back, and per node whether a
  // write issued at `node` can reach it over the links there are now.
  { cp.heldAtEnd() } -> std::convertible_to<size_t>;
  { cp.reachableFrom(node) } -> std::convertible_to<std::vector<uint8_t>>;
  // A fast sufficient check that every node's writes reach every node
  // (false: undecided, ask reachableFrom per origin).
  { cp.everyNodeReachesEveryNode() } -> std::convertible_to<bool>;
};

}  // namespace replsim
