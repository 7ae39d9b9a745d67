// MultiLeaderProtocol: asynchronous multi-leader replication (see
// MultiLeaderProtocol.h). This file is the per-hop path; SyncDetection,
// ApplyDecision and CausalHold hold the rules it applies.
#include "sim/replication/MultiLeaderProtocol.h"

#include <algorithm>
#include <charconv>
#include <optional>

#include "sim/core/Prefetch.h"
#include "sim/network/Network.h"
#include "sim/replication/DatacenterFailover.h"
#include "sim/replication/ObserverFanout.h"
#include "sim/replication/ReplicaSet.h"
#include "sim/replication/SyncCommits.h"

namespace replsim {
namespace {

int64_t parseInteger(const std::string& s) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && ptr == s.data() + s.size() ? v : 0;
}

}  // namespace

MultiLeaderProtocol::MultiLeaderProtocol(const SimContext& ctx, MessageSender& sender, DatacenterFailover& dcs,
                                         RouteTable& routes)
    : ctx_(ctx),
      sender_(sender),
      dcs_(dcs),
      // With datacenters forward() decides per link (DatacenterFailover::carries);
      // the setting governs the links between datacenters' leaders.
      forward_(dcs.enabled() || ctx.scenario.replication.forward.value_or(ctx.topology.defaultForward())),
      syncDetect_(ctx.scenario.replication.conflicts.detect == Detect::Sync),
      clocks_(ctx),
      loops_(ctx),
      hold_(ctx),
      decision_(ctx, syncDetect_),
      sync_(ctx, *this, dcs, routes, syncDetect_) {}

void MultiLeaderProtocol::handleEvent(EventKind kind, uint32_t target) {
  // Simulation::dispatch (a switch with no default) routes only these two
  // here; no switch in this file, so a kind a new protocol adds needs no edit.
  if (kind == EventKind::SyncNotice) sync_.publishOutcome(target);
  else if (kind == EventKind::SyncApply) sync_.commitNoticeArrives(target);
}

size_t MultiLeaderProtocol::heldAtEnd() const { return ctx_.replicas.heldAtEnd(); }

// discard: the lost writes will not come back (unless a forwarding peer
// relays one), so nothing may wait for them any more — neither a write that
// depends on one (held for causal order, or counted as overtaking), nor the
// old leader's next write should it lead again. Live replicas release what
// they held for them now.
void MultiLeaderProtocol::voidWrites(const std::vector<WriteIndex>& lost) {
  if (lost.empty()) return;
  for (WriteIndex w : lost) hold_.voidWrite(w);
  for (NodeId n = 0; n < ctx_.replicas.size(); ++n)
    if (!ctx_.replicas[n].crashed)
      for (WriteIndex w : lost) releaseHeld(n, ctx_.writes[w].dot);
}

void MultiLeaderProtocol::issueClientWrite(NodeId node, KeyId key, OpKind op, const std::string& value,
                                           ClientOpEvent ev) {
  Replica& r = ctx_.replicas[node];
  KeyState& ks = r.keys[key];
  WriteRecord rec;
  rec.dot = Dot{node, ++r.writesOriginated};
  rec.op = op;
  rec.key = key;
  rec.issuedAt = ctx_.run.now;
  rec.timestamp = clocks_.nextTimestamp(r);
  switch (op) {
    case OpKind::Incr: {
      rec.delta = parseInteger(value);
      const auto current = ctx_.replicas.keyValues(ks);
      const int64_t base = current.size() == 1 ? parseInteger(current.front()) : 0;
      rec.value = std::to_string(base + rec.delta);
      break;
    }
    case OpKind::Delete: break;
    default: rec.value = value; break;
  }
  rec.valueHash = op == OpKind::Delete ? 0 : hashString(rec.value) | 1;

  // Key context: what this leader's version of the key includes (every
  // sibling too: the client's write settles them), plus this write.
  const Dot self[1] = {rec.dot};
  mergeContexts(ks.context(ctx_.writes), DotRange{self, self + 1}, scratchContext_);
  // Direct causal dependencies: what was applied here since the last local write.
  r.pendingDeps.takeInto(scratchDeps_);

  const WriteIndex w = ctx_.writes.add(std::move(rec), scratchContext_, scratchDeps_);
  ctx_.replicas.addWrite();
  ev.write = w;
  ev.op = static_cast<uint8_t>(op);
  ctx_.observers.clientOp(ev);

  const WriteRecord& wr = ctx_.writes[w];
  r.received.insert(wr.dot);
  if (syncDetect_) return sync_.issue(node, w, ev.clientLatency);
  r.processed.insert(wr.dot);
  noteProcessed(w);
  if (ctx_.resolver.ignoresCausality() && ks.writer != kNone)
    // (a slow clock can lose even here)
    decision_.resolveConflict(r, w, ApplyDecision::conflictTypeFor(op), node, /*causallyLater=*/true);
  else
    ctx_.replicas.updateKey(r, key, [&](KeyState& k) { k.setSingle(w, op == OpKind::Delete); });
  ctx_.replicas.noteApplied(r, w);
  const ApplyEvent applied{ctx_.run.now, node, w, true, false, SimTime::zero()};
  ctx_.observers.applied(applied);

  // Asynchronous: done as soon as its leader has it.
  const CommitEvent commit{ctx_.run.now, node, w, ev.clientLatency, false, UINT32_MAX, UINT32_MAX};
  ctx_.observers.commit(commit);
  sender_.sendOnAll(node, w, ctx_.paths.root(node));
}

void MultiLeaderProtocol::deliver(const Event& e) {
  Message m;
  const MessageSlot slot = ctx_.network.arrive(e, &m);
  if (slot == kNone) return;  // pulled back by an outage: resent later
  ctx_.network.release(slot);
  const NodeId to = ctx_.network.link(m.link).to;
  const NodeId from = ctx_.network.link(m.link).from;
  // The receiver's copy of the key is the apply's first cache miss on a big
  // run (a million key copies on a ring of 1,000): ask for it now, and the
  // loop, repeat and dependency checks run while it loads. (Asking for the
  // receiver's per-origin counters too measured no faster.)
  prefetchRead(&ctx_.replicas[to].keys[ctx_.writes[m.write].key]);
  if (auto reason = loops_.loopDrop(to, m.write, m.path)) {
    const MessageEvent ev{ctx_.run.now, from, to, m.write, m.path, ctx_.run.now, 0, UINT32_MAX, false, *reason};
    ctx_.observers.dropped(ev);
    return;
  }
  accept(to, m.write, m.path, from);
}

void MultiLeaderProtocol::accept(NodeId node, WriteIndex w, PathId path, NodeId from) {
  Replica& r = ctx_.replicas[node];
  const WriteRecord& wr = ctx_.writes[w];
  MessageEvent ev{ctx_.run.now, from, node, w, path, ctx_.run.now, 0, UINT32_MAX, false, DropReason::Path};
  const bool repeat = !r.received.insert(wr.dot);
  Clocks::observe(r, wr.timestamp);
  if (repeat) {
    // origin/none loop prevention let a copy through again: it is relayed
    // (that is how loops circulate) but not applied twice.
    ctx_.observers.delivered(ev);
    if (forward_) forward(node, w, path);
    return;
  }
  const Dot missing = hold_.missingDependency(r, w);
  // sync: a dependency that arrived but awaits its commit notice was not
  // overtaken; the data is here, only its commit is not yet known.
  if (missing.seq != 0 && !(syncDetect_ && r.received.contains(missing))) {
    ev.missingDep = ctx_.writes.find(missing);
    // sync: the write waits for its commit first; causal order is kept
    // when it is applied (applyCommitted).
    ev.held = ctx_.scenario.replication.ordering == Ordering::Causal && !syncDetect_;
  }
  ctx_.observers.delivered(ev);
  if (syncDetect_) return sync_.accept(node, w, path, from);
  if (ev.held) {
    CausalHold::hold(r, w, path, ctx_.run.now, missing, from);
    return;
  }
  applyRemote(node, w, path, ctx_.run.now, from);
}

void MultiLeaderProtocol::applyRemote(NodeId node, WriteIndex w, PathId path, SimTime heldSince, NodeId from) {
  Replica& r = ctx_.replicas[node];
  const WriteRecord& wr = ctx_.writes[w];
  if (syncDetect_) sync_.applied(node, wr.key, w);
  r.processed.insert(wr.dot);
  // This write now implies its own dependencies for the next local write.
  r.pendingDeps.prune(w, ctx_.writes.depsBegin(w), ctx_.writes.depsEnd(w), ctx_.writes.depsMaxSeq(w), depsIndex_);
  r.pendingDeps.noteApplied(wr.dot);

  const ApplyOutcome outcome = decision_.apply(r, w, from);
  noteProcessed(w);  // (its dependencies and its last merge may go: read no more here)
  const bool applied = outcome == ApplyOutcome::Applied || outcome == ApplyOutcome::Superseded;
  if (applied) {
    ctx_.replicas.noteApplied(r, w);
    // (sync: a leader applies its own write when it commits, through here)
    const ApplyEvent ev{ctx_.run.now, node, w, node == wr.dot.origin, outcome == ApplyOutcome::Superseded,
                        ctx_.run.now - heldSince};
    ctx_.observers.applied(ev);
  }
  // sync: forwarded when it arrived, before its commit (acceptSync).
  if (forward_ && !syncDetect_ && outcome != ApplyOutcome::Halted) forward(node, w, path);
  releaseHeld(node, wr.dot);
}

void MultiLeaderProtocol::noteProcessed(WriteIndex w) {
  if (ctx_.writes.noteProcessed(w)) ctx_.replicas.contexts().forgetWrite(w);
}

void MultiLeaderProtocol::forward(NodeId node, WriteIndex w, PathId pathSoFar) {
  const auto& out = ctx_.network.outLinks(node);
  if (out.empty()) return;
  if (dcs_.enabled()) return dcs_.forwardInDatacenters(node, w, pathSoFar);
  sender_.sendOnAll(node, w, ctx_.paths.extend(pathSoFar, node));
}

std::vector<uint8_t> MultiLeaderProtocol::reachableFrom(NodeId s) const {
  const DatacenterDirectory* dcs = dcs_.directory();
  const bool peerForward = dcs_.peerForward();
  const size_t n = ctx_.replicas.size();
  std::vector<uint8_t> seen(n, 0);
  std::vector<NodeId> queue{s};
  seen[s] = 1;
  for (size_t i = 0; i < queue.size(); ++i) {
    const NodeId v = queue[i];
    if (v != s && !forward_) continue;
    if (v != s && dcs && !dcs->leads(v)) continue;
    for (LinkId id : ctx_.network.outLinks(v)) {
      const Link& l = ctx_.network.link(id);
      if ((l.down & kRemoved) != 0 || seen[l.to]) continue;
      if (v != s && dcs && dcs->takesWrites(l.to) && !peerForward && dcs->dcOf(s) != dcs->dcOf(v)) continue;
      seen[l.to] = 1;
      queue.push_back(l.to);
    }
  }
  return seen;
}

bool MultiLeaderProtocol::everyNodeReachesEveryNode() const {
  if (dcs_.directory()) return false;  // leaders and followers relay by other rules
  const size_t n = ctx_.replicas.size();
  const auto live = [&](LinkId id) { return (ctx_.network.link(id).down & kRemoved) == 0; };
  if (!forward_) {
    // Nothing is relayed: every node needs a live link to each other node.
    std::vector<uint32_t> mark(n, kNone);
    for (NodeId v = 0; v < n; ++v) {
      size_t targets = 0;
      for (LinkId id : ctx_.network.outLinks(v)) {
        const NodeId to = ctx_.network.link(id).to;
        if (live(id) && to != v && mark[to] != v) mark[to] = v, ++targets;
      }
      if (targets + 1 < n) return false;
    }
    return true;
  }
  // Strongly connected: node 0 reaches every node, and every node reaches 0.
  std::vector<std::vector<NodeId>> in(n);
  for (NodeId v = 0; v < n; ++v)
    for (LinkId id : ctx_.network.outLinks(v))
      if (live(id)) in[ctx_.network.link(id).to].push_back(v);
  const auto everyoneFrom0 = [&](auto&& next) {
    std::vector<uint8_t> seen(n, 0);
    std::vector<NodeId> queue{0};
    seen[0] = 1;
    for (size_t i = 0; i < queue.size(); ++i)
      next(queue[i], [&](NodeId w) {
        if (!seen[w]) seen[w] = 1, queue.push_back(w);
      });
    return queue.size() == n;
  };
  return n == 0 || (everyoneFrom0([&](NodeId v, auto&& visit) {
                      for (LinkId id : ctx_.network.outLinks(v))
                        if (live(id)) visit(ctx_.network.link(id).to);
                    }) &&
                    everyoneFrom0([&](NodeId v, auto&& visit) {
                      for (NodeId u : in[v]) visit(u);
                    }));
}

}  // namespace replsim
