#pragma once
// DatacenterFailover: datacenters (docs/datacenters.md) — which node takes
// writes, which links carry which writes, and leader failover and rejoin.
//
//   * a datacenter's leader relays everything it applies to nodes that take
//     no writes (its followers; single-leader: the other datacenters'
//     leaders), and to another leader its own datacenter's writes
//     (everything with replication.forward on); followers send nothing;
//   * a leader down for failover_after_ms is replaced by its most
//     up-to-date follower: its links are removed with what is unsent on
//     them, re-made for the new leader, and every new link catches up from
//     the receiver's position; with failover_rejoin "discard" the writes the
//     new leader lacks are voided and followers holding them re-synced;
//   * the old leader, back, rejoins as a follower (discard: re-synced;
//     replay: it sends the leader its lost writes).
//
// Leaderless (replication.mode "leaderless"): only the directory is kept
// (which datacenter a node is in, for clients and crash_datacenter); every
// node takes writes and nothing fails over.
//
// Invariants: without datacenters (enabled() false) only takesWrites is
// meaningful (single-leader: the leader; multi-leader: every node). Link
// changes are published (onLinkChange, cause Failover / Rejoin).
// REQUIRES: setVoidWrites before the run (how lost writes are voided in the
// protocol).

#include <functional>
#include <optional>
#include <vector>

#include "sim/network/Network.h"
#include "sim/core/SimObserver.h"
#include "sim/replication/DatacenterDirectory.h"
#include "sim/replication/Failover.h"
#include "sim/replication/SimContext.h"

namespace replsim {

class MessageSender;
class LinkFactory;

class DatacenterFailover {
 public:
  DatacenterFailover(const SimContext& ctx, MessageSender& sender, LinkFactory& links);

  bool enabled() const { return dcs_.has_value(); }
  // Null without datacenters.
  const DatacenterDirectory* directory() const { return dcs_ ? &*dcs_ : nullptr; }
  // replication.forward between datacenters' leaders.
  bool peerForward() const { return peerForward_; }
  void setVoidWrites(std::function<void(const std::vector<WriteIndex>&)> voidWrites) {
    voidWrites_ = std::move(voidWrites);
  }

  // Whether a node executes client writes now: a leader (single-leader: the
  // leader; datacenters: DatacenterDirectory::takesWrites), not a follower.
  bool takesWrites(NodeId n) const;
  // REQUIRES: enabled(). Sends w on every link out of `node` that carries it.
  void forwardInDatacenters(NodeId node, WriteIndex w, PathId pathSoFar);

  // A node crashed / recovered (FaultInjector): schedules the failover
  // check, or rejoins a failed-over leader.
  void nodeCrashed(NodeId n);
  void nodeRecovered(NodeId n);
  // EventKind::FailoverCheck.
  void checkFailover(NodeId leader);

 private:
  bool carries(NodeId from, NodeId to, WriteIndex w) const;
  void promote(uint32_t dc, NodeId oldLeader);
  void rejoin(NodeId node, size_t failover);
  void resync(NodeId node, NodeId from);
  void catchUp(LinkId link);
  LinkId addLink(NodeId from, NodeId to, const LinkParams& params, EffectCause cause);
  LinkParams intraParams(NodeId from, NodeId to) const;

  SimContext ctx_;
  MessageSender& sender_;
  LinkFactory& links_;
  std::optional<DatacenterDirectory> dcs_;
  std::optional<Failover> failover_;
  bool peerForward_ = false;
  std::function<void(const std::vector<WriteIndex>&)> voidWrites_;
};

}  // namespace replsim
