// SyncDetection: conflicts.detect "sync" (see SyncDetection.h).
#include "sim/replication/SyncDetection.h"

#include "sim/replication/ApplyDecision.h"
#include "sim/replication/DatacenterFailover.h"
#include "sim/replication/EventKind.h"
#include "sim/replication/MultiLeaderProtocol.h"
#include "sim/replication/ObserverFanout.h"
#include "sim/replication/ReplicaSet.h"
#include "sim/replication/RouteTable.h"
#include "sim/replication/SyncCommits.h"

namespace replsim {

SyncDetection::SyncDetection(const SimContext& ctx, MultiLeaderProtocol& protocol, DatacenterFailover& dcs,
                             RouteTable& routes, bool enabled)
    : ctx_(ctx), protocol_(protocol), dcs_(dcs), routes_(routes) {
  if (enabled) {
    tentative_.resize(ctx.topology.nodeCount());
    commitKnown_.resize(ctx.topology.nodeCount());
  }
}

void SyncDetection::issue(NodeId node, WriteIndex w, SimTime clientLatency) {
  std::vector<uint8_t> leaders(ctx_.replicas.size(), 0);
  for (NodeId n = 0; n < leaders.size(); ++n) leaders[n] = dcs_.takesWrites(n) ? 1 : 0;
  ctx_.sync.begin(w, node, ctx_.run.now, clientLatency, std::move(leaders));
  if (ctx_.sync.entry(w).state == SyncCommits::State::Committed) {
    // Nobody else to wait for (one leader): committed at once.
    tentative_[node].emplace(std::make_pair(ctx_.writes[w].key, w), 
                              Tentative{ctx_.paths.root(node), node, ctx_.run.now});
    commitDecided(w);
  } else if (certify(node, w)) {
    tentative_[node].emplace(std::make_pair(ctx_.writes[w].key, w), 
                              Tentative{ctx_.paths.root(node), node, ctx_.run.now});
  } else {
    return;  // aborted at its own leader: it goes nowhere
  }
  protocol_.sender().sendOnAll(node, w, ctx_.paths.root(node));
}

void SyncDetection::accept(NodeId node, WriteIndex w, PathId path, NodeId from) {
  if (ctx_.sync.aborted(w)) return;  // known everywhere at once: it goes no further
  if (ctx_.sync.waitsFor(w, node) && certify(node, w)) ack(node, w);
  if (ctx_.sync.aborted(w)) return;
  // Kept in tentative_ until applied, committed or not: a committed write
  // held back for a dependency must still be seen by certification here.
  tentative_[node].emplace(std::make_pair(ctx_.writes[w].key, w), Tentative{path, from, ctx_.run.now});
  if (auto known = commitKnown_[node].find(w); known != commitKnown_[node].end()) {
    commitKnown_[node].erase(known);
    applyCommitted(node, w, path, from, ctx_.run.now);
  }
  if (protocol_.forwards()) protocol_.forward(node, w, path);
}

bool SyncDetection::certify(NodeId node, WriteIndex w) {
  const WriteRecord& in = ctx_.writes[w];
  const KeyState& ks = ctx_.replicas[node].keys[in.key];
  const DotRange incoming{ctx_.writes.contextBegin(w), ctx_.writes.contextEnd(w)};
  if (ks.writer != kNone && !dominates(incoming, ks.context(ctx_.writes)) &&
      !protocol_.decision().followsEveryVersion(ks, incoming)) {
    abort(w, node, ks.writer);  // a committed version it did not see wins
    return false;
  }
  auto& tentative = tentative_[node];
  for (auto it = tentative.lower_bound({in.key, 0}); it != tentative.end() && it->first.first == in.key;) {
    const WriteIndex x = it->first.second;
    if (ctx_.sync.aborted(x)) { it = tentative.erase(it); continue; }  // no trace
    ++it;
    if (x == w) continue;
    // A write that has seen x follows it: possible only when x is committed
    // (and held back here for a dependency); a tentative write is visible to
    // nobody, so it is concurrent with every other. Same origin: a context
    // covers its origin's earlier seqs whether seen or not, so only the
    // origin itself (certifying at issue) can tell; a write it let through
    // had seen every earlier write of its own to the key that survived.
    const bool sameOrigin = ctx_.writes[x].dot.origin == in.dot.origin;
    if (covers(incoming, ctx_.writes[x].dot) && !(sameOrigin && node == in.dot.origin)) continue;
    if (ctx_.sync.entry(x).state == SyncCommits::State::Committed || x < w) {
      abort(w, node, x);
      return false;
    }
    abort(x, node, w);
  }
  return true;
}

void SyncDetection::abort(WriteIndex loser, NodeId at, WriteIndex winner) {
  const NodeId origin = ctx_.writes[loser].dot.origin;
  if (ctx_.sync.abort(loser, at, winner, ctx_.run.now + ackLatency(at, origin)))
    ctx_.scheduler.schedule(ctx_.sync.entry(loser).noticeAt, toScheduled(EventKind::SyncNotice), loser);
  ConflictEvent c{ctx_.run.now, at, ctx_.writes[loser].key, ApplyDecision::conflictTypeFor(ctx_.writes[loser].op),
                  {loser, winner}, {winner}, {loser}, "sync", false, ""};
  ctx_.observers.conflict(c);
  // Nothing may wait for it any more: release what was held behind it.
  protocol_.hold().voidWrite(loser);
  for (NodeId n = 0; n < ctx_.replicas.size(); ++n) protocol_.releaseHeld(n, ctx_.writes[loser].dot);
}

SimTime SyncDetection::ackLatency(NodeId from, NodeId to) {
  if (from == to) return SimTime::zero();
  const SimTime latency = routes_.latency(from, to);
  return latency == SimTime::max() ? SimTime::zero() : latency;
}

void SyncDetection::ack(NodeId node, WriteIndex w) {
  const NodeId origin = ctx_.writes[w].dot.origin;
  if (ctx_.sync.ack(w, node, ctx_.run.now + ackLatency(node, origin))) commitDecided(w);
}

// The commit notice reaches every node (the mean route latency from the
// origin; the origin itself at once), then the client is told.
void SyncDetection::commitDecided(WriteIndex w) {
  const SimTime at = ctx_.sync.entry(w).commitAt;
  const NodeId origin = ctx_.writes[w].dot.origin;
  for (NodeId n = 0; n < ctx_.replicas.size(); ++n) {
    syncApplies_.push_back(SyncApply{w, n});
    ctx_.scheduler.schedule(at + ackLatency(origin, n), toScheduled(EventKind::SyncApply),
                            static_cast<uint32_t>(syncApplies_.size() - 1));
  }
  ctx_.scheduler.schedule(at, toScheduled(EventKind::SyncNotice), w);
}

void SyncDetection::commitNoticeArrives(uint32_t notice) {
  const SyncApply& a = syncApplies_[notice];
  auto& tentative = tentative_[a.node];
  const auto it = tentative.find({ctx_.writes[a.write].key, a.write});
  if (it == tentative.end()) {
    if (!ctx_.replicas[a.node].received.contains(ctx_.writes[a.write].dot)) commitKnown_[a.node].insert(a.write);
    return;  // not here yet: applied when it arrives
  }
  const Tentative t = it->second;  // erased when applied (applyRemote)
  applyCommitted(a.node, a.write, t.path, t.from, t.since);
}

void SyncDetection::applyCommitted(NodeId node, WriteIndex w, PathId path, NodeId from, SimTime since) {
  Replica& r = ctx_.replicas[node];
  const Dot missing = protocol_.hold().missingDependency(r, w);
  if (missing.seq != 0) {
    CausalHold::hold(r, w, path, since, missing, from);
    return;
  }
  protocol_.applyRemote(node, w, path, since, from);
}

void SyncDetection::publishOutcome(WriteIndex w) {
  SyncCommits::Entry& e = ctx_.sync.entry(w);
  if (e.reported) return;
  CommitEvent ev{ctx_.run.now, ctx_.writes[w].dot.origin, w, SimTime::zero(), false, UINT32_MAX, UINT32_MAX};
  if (e.state == SyncCommits::State::Aborted) {
    if (ctx_.run.now != e.noticeAt) return;  // a commit notice overtaken by the abort, or a later notice
    ev.aborted = true;
    ev.detectedAt = e.abortedAt;
    ev.winner = e.abortedFor;
  } else if (e.state != SyncCommits::State::Committed || ctx_.run.now != e.commitAt) {
    return;
  }
  e.reported = true;
  ev.latency = e.clientLatency + (ctx_.run.now - e.executedAt);
  ctx_.observers.commit(ev);
}

}  // namespace replsim
