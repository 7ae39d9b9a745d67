#pragma once
// EventKind: what a scheduled Event is for. The engine owns the numbering;
// Simulation::run dispatches on it with a switch that has no default, so
// -Wswitch names any kind a new component adds but nobody handles.
//
// Invariants: every value is scheduled by exactly one component and handled
// by exactly one case of the switch; Deliver equals Network::kDeliverEvent
// (the network schedules message arrivals itself); every value is below
// Scheduler::kKinds.

#include <cstdint>

#include "sim/network/Network.h"

namespace replsim {

enum class EventKind : uint32_t {
  Deliver = Network::kDeliverEvent,  // a message arrives (ReplicationProtocol::deliver)
  RoutedOp = 2,                      // a client request reaches its leader (ClientRouter)
  AutoReconfigure = 3,               // a link has been unreachable for after_ms (AutoReconfigure)
  SyncNotice = 4,                    // the client learns a sync commit/abort (SyncDetection)
  FailoverCheck = 5,                 // a leader has been down for failover_after_ms (DatacenterFailover)
  SyncApply = 6,                     // a sync commit notice reaches a node (SyncDetection)
  QuorumWriteTimeout = 7,            // a leaderless write's coordinator stops waiting for acks (LeaderlessProtocol)
  QuorumReadTimeout = 8,             // a leaderless read's coordinator stops waiting for answers (LeaderlessProtocol)
  TombstoneGc = 10,                  // a leaderless tombstone's gc grace has passed at one replica (LeaderlessProtocol)
  AntiEntropyRound = 11,             // replicas compare Merkle trees and ship what differs (LeaderlessProtocol)
  HintHandoff = 9,                   // a node checks its hints: hand off to owners back, drop expired (LeaderlessProtocol)
  ClientLoopback = 12,               // coordinator "client": a leg between a client and its own node arrives (LeaderlessProtocol)
};

static_assert(static_cast<uint32_t>(EventKind::Deliver) == Network::kDeliverEvent);
// The scheduler keeps a kind in 8 bits of a heap entry (ClientLoopback is the largest value).
static_assert(static_cast<uint32_t>(EventKind::ClientLoopback) < Scheduler::kKinds);

inline uint32_t toScheduled(EventKind k) { return static_cast<uint32_t>(k); }

}  // namespace replsim
