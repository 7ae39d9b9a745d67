// DatacenterFailover: datacenters, failover and rejoin (see
// DatacenterFailover.h; docs/datacenters.md states the rules, comments here
// say why).
#include "sim/replication/DatacenterFailover.h"

#include <algorithm>

#include "sim/replication/EventKind.h"
#include "sim/replication/LinkFactory.h"
#include "sim/replication/MessageSender.h"
#include "sim/replication/ObserverFanout.h"
#include "sim/replication/PathTable.h"
#include "sim/replication/ReplicaSet.h"
#include "sim/model/Scenario.h"
#include "sim/topology/DatacenterTopology.h"
#include "sim/topology/Topology.h"

namespace replsim {

DatacenterFailover::DatacenterFailover(const SimContext& ctx, MessageSender& sender, LinkFactory& links)
    : ctx_(ctx), sender_(sender), links_(links) {
  if (ctx.scenario.topology.datacenters.empty()) return;
  dcs_.emplace(ctx.scenario.topology, ctx.topology);
  // Leaderless: the directory only says which datacenter a node is in (for
  // clients and crash_datacenter); no node leads, so nothing fails over.
  if (ctx.scenario.replication.mode == ProtocolKind::Leaderless) return;
  failover_.emplace(ctx.topology.nodeCount());
  peerForward_ = ctx.scenario.replication.forward.value_or(ctx.topology.defaultForward());
}

void DatacenterFailover::nodeCrashed(NodeId n) {
  if (!failover_) return;
  failover_->noteCrash(n, ctx_.run.now);
  if (ctx_.scenario.topology.failoverAfter && dcs_->leads(n))
    ctx_.scheduler.schedule(ctx_.run.now + *ctx_.scenario.topology.failoverAfter,
                            toScheduled(EventKind::FailoverCheck), n);
}

void DatacenterFailover::nodeRecovered(NodeId n) {
  if (!failover_) return;
  if (const auto pending = failover_->pendingRejoin(n); pending && !dcs_->leads(n)) rejoin(n, *pending);
  // A follower back while its leader has been down past failover_after_ms:
  // the check that found no one to promote (all were down) runs again.
  const NodeId leader = dcs_->leader(dcs_->dcOf(n));
  if (leader != n && ctx_.replicas[leader].crashed) checkFailover(leader);
}

LinkId DatacenterFailover::addLink(NodeId from, NodeId to, const LinkParams& params, EffectCause cause) {
  const LinkId id = links_.addLinkWith(from, to, params);
  ctx_.observers.linkChange(LinkChangeEvent{ctx_.run.now, from, to, true, cause, nullptr});
  return id;
}

bool DatacenterFailover::takesWrites(NodeId n) const {
  if (ctx_.scenario.replication.mode == ProtocolKind::Leaderless) return true;  // any node coordinates
  if (dcs_) return dcs_->takesWrites(n);
  if (ctx_.topology.kind() == TopologyKind::SingleLeader)
    return ctx_.topology.name(n) == ctx_.scenario.topology.leader;
  return true;
}

// What a node sends on its link to `to`. A datacenter's leader relays
// everything it applies to a node that takes no writes (its followers; in
// single-leader, the other datacenters' leaders): followers must get remote
// writes whatever replication.forward says. To another leader it sends its
// own datacenter's writes (those of an old leader too, which it now speaks
// for) and, with forward on, everything. Followers send nothing.
bool DatacenterFailover::carries(NodeId from, NodeId to, WriteIndex w) const {
  if (!dcs_->leads(from)) return false;
  if (!dcs_->takesWrites(to)) return true;
  return peerForward_ || dcs_->dcOf(ctx_.writes[w].dot.origin) == dcs_->dcOf(from);
}

void DatacenterFailover::forwardInDatacenters(NodeId node, WriteIndex w, PathId pathSoFar) {
  if (!dcs_->leads(node)) return;
  std::optional<PathId> path;  // extended only when something is sent
  for (LinkId id : ctx_.network.outLinks(node)) {
    const Link& l = ctx_.network.link(id);
    if ((l.down & kRemoved) != 0 || !carries(node, l.to, w)) continue;
    if (!path) path = ctx_.paths.extend(pathSoFar, node);
    sender_.sendOn(id, w, *path);
  }
}

// The scheduled check: a failover is due when the datacenter's leader is
// still down, still its leader, and has been down without a break since at
// least failover_after_ms (a leader that recovered and crashed again has a
// check of its own for the later crash).
void DatacenterFailover::checkFailover(NodeId leader) {
  const auto& after = ctx_.scenario.topology.failoverAfter;
  if (!after || !ctx_.replicas[leader].crashed || !dcs_->leads(leader)) return;
  if (ctx_.run.now - failover_->crashedSince(leader) < *after) return;
  promote(dcs_->dcOf(leader), leader);
}

void DatacenterFailover::promote(uint32_t dc, NodeId oldLeader) {
  const std::optional<NodeId> chosen = Failover::chooseNewLeader(*dcs_, dc, ctx_.replicas.all(), ctx_.topology);
  if (!chosen) return;  // every follower is down too: the datacenter waits
  const NodeId leader = *chosen;
  FailoverEvent ev;
  ev.at = ctx_.run.now;
  ev.datacenter = dc;
  ev.oldLeader = oldLeader;
  ev.newLeader = leader;
  ev.lost = Failover::lostWrites(ctx_.replicas[oldLeader], ctx_.replicas[leader], ctx_.writes);
  ev.replay = ctx_.scenario.topology.failoverRejoin == FailoverRejoin::Replay;

  // The old leader's links are removed with whatever is unsent on them (in
  // flight or waiting): the streams they carried are re-made from the new
  // leader's position by the catch-up below. Its links to other datacenters
  // are re-made for the new leader with the same settings, so the topology
  // between datacenters keeps its shape.
  struct Remade {
    NodeId other;
    bool outbound;
    LinkParams params;
  };
  std::vector<Remade> remade;
  for (LinkId id = 0; id < ctx_.network.linkCount(); ++id) {
    const Link& l = ctx_.network.link(id);
    if ((l.down & kRemoved) != 0 || (l.from != oldLeader && l.to != oldLeader)) continue;
    const NodeId other = l.from == oldLeader ? l.to : l.from;
    if (dcs_->dcOf(other) != dc) remade.push_back(Remade{other, l.from == oldLeader, ctx_.network.params(id)});
    // Not recorded in droppedWithStream_: what the new leader lacks is in
    // ev.lost, and the catch-up re-sends everything else.
    for (MessageSlot slot : ctx_.network.discardAll(id)) {
      ctx_.network.release(slot);
      ++ev.discardedMessages;
    }
    ctx_.network.setDown(id, kRemoved, true, ctx_.run.now);
    ctx_.observers.linkChange(LinkChangeEvent{ctx_.run.now, l.from, l.to, false, EffectCause::Failover, nullptr});
  }
  dcs_->promote(dc, leader);
  std::vector<LinkId> added;
  for (const Remade& m : remade)
    added.push_back(m.outbound ? addLink(leader, m.other, m.params, EffectCause::Failover)
                               : addLink(m.other, leader, m.params, EffectCause::Failover));
  for (NodeId f : dcs_->followers(dc))
    if (f != oldLeader) added.push_back(addLink(leader, f, intraParams(leader, f), EffectCause::Failover));

  // discard: a follower that holds a lost write would keep data its new
  // leader will never have; it is re-synced from the new leader, as the old
  // leader will be when it returns.
  if (!ev.replay)
    for (NodeId f : dcs_->followers(dc)) {
      if (f == oldLeader) continue;
      bool holdsLost = false;
      for (WriteIndex w : ev.lost) holdsLost = holdsLost || ctx_.replicas[f].processed.contains(ctx_.writes[w].dot);
      if (!holdsLost) continue;
      resync(f, leader);
      ev.resynced.push_back(f);
    }
  for (LinkId id : added) catchUp(id);
  if (!ev.replay) voidWrites_(ev.lost);
  failover_->add(Failover::Record{ctx_.run.now, dc, oldLeader, leader, ev.lost, std::nullopt});
  ctx_.observers.failover(ev);
}

// The old leader is back: it rejoins as a follower of the new leader.
// discard: its state becomes a copy of the leader's, so its unreplicated
// writes are gone. replay: it keeps its state, catches up from the leader,
// and sends the leader its unreplicated writes, which meet the leader's own
// writes as conflicts like any other replicated write.
void DatacenterFailover::rejoin(NodeId node, size_t index) {
  Failover::Record& record = (*failover_)[index];
  record.rejoinedAt = ctx_.run.now;
  const NodeId leader = dcs_->leader(record.dc);
  RejoinEvent ev;
  ev.at = ctx_.run.now;
  ev.datacenter = record.dc;
  ev.node = node;
  ev.leader = leader;
  const std::vector<WriteIndex> lost = record.lost;
  if (ctx_.scenario.topology.failoverRejoin == FailoverRejoin::Discard) {
    for (WriteIndex w : lost)
      if (!ctx_.replicas[leader].processed.contains(ctx_.writes[w].dot)) ev.confirmedLost.push_back(w);
    resync(node, leader);
    ev.resynced = true;
    catchUp(addLink(leader, node, intraParams(leader, node), EffectCause::Rejoin));
  } else {
    catchUp(addLink(leader, node, intraParams(leader, node), EffectCause::Rejoin));
    const LinkId back = addLink(node, leader, intraParams(node, leader), EffectCause::Rejoin);
    for (WriteIndex w : lost) {
      if (ctx_.replicas[leader].received.contains(ctx_.writes[w].dot)) continue;
      sender_.sendOn(back, w, ctx_.paths.root(node));
      ev.replayed.push_back(w);
    }
  }
  ctx_.observers.rejoin(ev);
}

// A re-sync from the leader's snapshot: the node's data and what it has
// processed become a copy of `from`'s. What it had that `from` lacks is
// gone. Writes held back for causal order are dropped, and `received`
// becomes what `from` has processed, so that they arrive again from the
// leader once it applies them.
void DatacenterFailover::resync(NodeId node, NodeId from) {
  Replica& r = ctx_.replicas[node];
  const Replica& src = ctx_.replicas[from];
  for (WriteIndex w = 0; w < ctx_.writes.size(); ++w) {
    const Dot d = ctx_.writes[w].dot;
    const bool had = r.processed.contains(d), has = src.processed.contains(d);
    if (has && !had) {
      ++ctx_.replicas.progress(w).applied;
      ctx_.replicas.progress(w).lastAt = std::max(ctx_.replicas.progress(w).lastAt, ctx_.run.now);
    } else if (had && !has && ctx_.replicas.progress(w).applied > 0) {
      --ctx_.replicas.progress(w).applied;
    }
  }
  const uint64_t before = r.digest;
  r.keys = src.keys;
  r.received = src.processed;
  r.processed = src.processed;
  r.digest = src.digest;
  r.lamport = std::max(r.lamport, src.lamport);
  r.held.clear();
  // Its next write (should it lead again) depends on everything it now has.
  r.pendingDeps.clear();
  r.processed.forEachOrigin([&](NodeId o, uint32_t contiguous) {
    if (contiguous != 0) r.pendingDeps.noteApplied(Dot{o, contiguous});
  });
  if (r.digest != before) ctx_.replicas.digestChanged(r, before);
}

// A link made by a failover or a rejoin starts where its receiver stands,
// as a replica repointed with GTID auto-positioning does: the sender sends,
// in write order (which respects causality), every write it has processed
// that the receiver has not received and that it would send on this link.
void DatacenterFailover::catchUp(LinkId link) {
  const NodeId from = ctx_.network.link(link).from, to = ctx_.network.link(link).to;
  for (WriteIndex w = 0; w < ctx_.writes.size(); ++w) {
    const Dot d = ctx_.writes[w].dot;
    if (!ctx_.replicas[from].processed.contains(d) || ctx_.replicas[to].received.contains(d) || !carries(from, to, w))
      continue;
    sender_.sendOn(link, w,
                   d.origin == from ? ctx_.paths.root(from) : ctx_.paths.extend(ctx_.paths.root(d.origin), from));
  }
}

LinkParams DatacenterFailover::intraParams(NodeId from, NodeId to) const {
  return DatacenterTopology::intraLink(ctx_.scenario.links, *(*dcs_)[dcs_->dcOf(from)].spec, ctx_.topology.name(from),
                                       ctx_.topology.name(to));
}

}  // namespace replsim
