#pragma once
// MultiLeaderProtocol: asynchronous multi-leader replication
// (docs/semantics.md) — the ReplicationProtocol of today.
//
//   * a client write is applied at once at its leader, gets id ORIGIN#SEQ,
//     a timestamp (Clocks), its key context and its direct causal
//     dependencies, and is sent on every outgoing link;
//   * a receiver first applies loop prevention (LoopGuard), then checks
//     causal readiness (CausalHold): with ordering causal it holds a write
//     until its dependencies are applied; either way, a delivery that
//     arrives before a dependency counts as overtaking;
//   * applying compares key contexts and resolves conflicts (ApplyDecision);
//   * with forwarding on, an applied write is sent on to every out-link, its
//     path extended by this node; with datacenters, DatacenterFailover
//     decides which links carry it;
//   * with conflicts.detect "sync", SyncDetection certifies a write at every
//     leader before it commits; replicas keep it tentative until then.
//
// Invariants: the per-hop path deliver -> accept -> applyRemote -> forward
// -> MessageSender::sendOn makes no virtual call; `processed` grows only in
// applyRemote (and resync); every write applied here is published once
// (onApplied) per replica, a skipped or losing one through onConflict.

#include <cstdint>
#include <string>
#include <vector>

#include "sim/replication/ApplyDecision.h"
#include "sim/replication/CausalHold.h"
#include "sim/replication/Clocks.h"
#include "sim/replication/DependencyIndex.h"
#include "sim/replication/EventKind.h"
#include "sim/replication/LoopGuard.h"
#include "sim/replication/MessageSender.h"
#include "sim/replication/ReplicationProtocol.h"
#include "sim/replication/SimContext.h"
#include "sim/replication/SyncDetection.h"

namespace replsim {

class DatacenterFailover;
class RouteTable;

class MultiLeaderProtocol final {
 public:
  MultiLeaderProtocol(const SimContext& ctx, MessageSender& sender, DatacenterFailover& dcs, RouteTable& routes);
  MultiLeaderProtocol(const MultiLeaderProtocol&) = delete;
  MultiLeaderProtocol& operator=(const MultiLeaderProtocol&) = delete;

  // ---- ReplicationProtocol ----
  void issueClientWrite(NodeId node, KeyId key, OpKind op, const std::string& value, ClientOpEvent ev);
  void deliver(const Event& e);
  // EventKind::SyncNotice and SyncApply (the only kinds routed here).
  void handleEvent(EventKind kind, uint32_t target);
  void voidWrites(const std::vector<WriteIndex>& lost);
  size_t heldAtEnd() const;
  // Follows the sending rules: a write leaves its origin on every link; a
  // node relays it when forwarding is on (with datacenters: when it leads
  // and DatacenterFailover::carries says the link takes it).
  std::vector<uint8_t> reachableFrom(NodeId origin) const;
  // True when a write of every node reaches every node — decided in
  // O(nodes + links) for the usual rules (no datacenters): with forwarding
  // the live links are strongly connected, without it every node has a live
  // link to every other. False means "ask reachableFrom per origin".
  bool everyNodeReachesEveryNode() const;

  // ---- for SyncDetection ----
  void applyRemote(NodeId node, WriteIndex w, PathId path, SimTime heldSince, NodeId from);
  void releaseHeld(NodeId node, Dot applied) {
    hold_.release(node, applied, [this](NodeId n, WriteIndex w, PathId path, SimTime since, NodeId from) {
      applyRemote(n, w, path, since, from);
    });
  }
  void forward(NodeId node, WriteIndex w, PathId pathSoFar);
  CausalHold& hold() { return hold_; }
  ApplyDecision& decision() { return decision_; }
  bool forwards() const { return forward_; }
  MessageSender& sender() { return sender_; }

 private:
  // One more replica processed w; after the last, the write's dependencies
  // and its memoised merge are let go (WriteLog, ContextPool::forgetWrite).
  void noteProcessed(WriteIndex w);
  void accept(NodeId node, WriteIndex w, PathId path, NodeId from);

  SimContext ctx_;
  MessageSender& sender_;
  DatacenterFailover& dcs_;
  bool forward_ = false;  // with datacenters: true (DatacenterFailover decides per link)
  bool syncDetect_ = false;
  Clocks clocks_;
  LoopGuard loops_;
  CausalHold hold_;
  ApplyDecision decision_;
  SyncDetection sync_;
  std::vector<Dot> scratchContext_;
  std::vector<Dot> scratchDeps_;
  DependencyIndex depsIndex_;  // the last applied write's dependencies, by origin (PendingDeps::prune)
};

static_assert(ReplicationProtocol<MultiLeaderProtocol>);

}  // namespace replsim
