#pragma once
// SyncDetection: conflicts.detect "sync" (docs/semantics.md, "Synchronous
// conflict detection"), part of MultiLeaderProtocol.
//
// A write is certified by every leader there is when it is issued (its own
// included) and becomes visible nowhere until it commits: replicas keep it
// tentative. A leader that holds, for the same key, a committed version the
// write did not see, or a tentative write that wins (committed, or issued
// earlier), aborts it; otherwise it acknowledges it. A tentative write that
// loses to the write being certified is aborted instead. The write commits
// when the last acknowledgement reaches its leader; then every replica
// applies it as the commit notice reaches it (in causal order). An aborted
// write is never applied anywhere.
//
// Invariants: a write is in `tentative` at a node from its arrival until
// it is applied there (committed or not: a committed write held back for a
// dependency must still be seen by certification); `commitKnown` holds the
// commits that reached a node before their write did. SyncCommits (shared)
// is each write's commit state; the client learns the outcome once.
// REQUIRES: enabled only with conflicts.detect "sync".

#include <map>
#include <set>
#include <utility>
#include <vector>

#include "sim/replication/PathTable.h"
#include "sim/replication/SimContext.h"

namespace replsim {

class MultiLeaderProtocol;
class DatacenterFailover;
class RouteTable;

class SyncDetection {
 public:
  SyncDetection(const SimContext& ctx, MultiLeaderProtocol& protocol, DatacenterFailover& dcs, RouteTable& routes,
                bool enabled);

  // A client write issued at its leader `node`.
  void issue(NodeId node, WriteIndex w, SimTime clientLatency);
  // A write arrived at `node` (after loop prevention).
  void accept(NodeId node, WriteIndex w, PathId path, NodeId from);
  // w is being applied at `node`: it is tentative there no more.
  void applied(NodeId node, KeyId key, WriteIndex w) { tentative_[node].erase({key, w}); }
  // EventKind::SyncNotice: the client may learn w's outcome now.
  void publishOutcome(WriteIndex w);
  // EventKind::SyncApply: a commit notice reaches its node.
  void commitNoticeArrives(uint32_t notice);

 private:
  struct Tentative {  // a write that arrived and waits for its commit
    PathId path;
    NodeId from;
    SimTime since;
  };
  struct SyncApply {  // a commit notice on its way to a node
    WriteIndex write;
    NodeId node;
  };
  // Certification of w at a leader; false when w was aborted.
  bool certify(NodeId node, WriteIndex w);
  void abort(WriteIndex loser, NodeId at, WriteIndex winner);
  void ack(NodeId node, WriteIndex w);
  void commitDecided(WriteIndex w);
  void applyCommitted(NodeId node, WriteIndex w, PathId path, NodeId from, SimTime since);
  SimTime ackLatency(NodeId from, NodeId to);

  SimContext ctx_;
  MultiLeaderProtocol& protocol_;
  DatacenterFailover& dcs_;
  RouteTable& routes_;
  std::vector<std::map<std::pair<KeyId, WriteIndex>, Tentative>> tentative_;  // per node, by key
  std::vector<std::set<WriteIndex>> commitKnown_;  // per node: committed, not arrived yet
  std::vector<SyncApply> syncApplies_;
};

}  // namespace replsim
