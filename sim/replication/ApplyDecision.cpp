// ApplyDecision: key contexts and conflict resolution (see ApplyDecision.h).
#include "sim/replication/ApplyDecision.h"

#include <algorithm>

#include "sim/network/Network.h"
#include "sim/replication/ObserverFanout.h"
#include "sim/replication/ReplicaSet.h"
#include "sim/model/Scenario.h"
#include "sim/topology/Topology.h"

namespace replsim {

ConflictType ApplyDecision::conflictTypeFor(OpKind op) {
  switch (op) {
    case OpKind::Insert: return ConflictType::InsertExists;
    case OpKind::Delete: return ConflictType::DeleteOriginDiffers;
    default: return ConflictType::UpdateOriginDiffers;
  }
}

VersionInfo ApplyDecision::versionInfo(WriteIndex v, std::string_view value, bool deleted) const {
  const NodeId origin = ctx_.writes[v].dot.origin;
  const WriteRecord& wr = ctx_.writes[v];
  return VersionInfo{wr.dot, wr.op, wr.timestamp, wr.delta, value, deleted, ctx_.topology.name(origin),
                     ctx_.replicas.nameRank(origin)};
}

bool ApplyDecision::followsEveryVersion(const KeyState& ks, DotRange incoming) const {
  if (ks.writer == kNone) return false;
  if (ks.siblings().empty()) return covers(incoming, ctx_.writes[ks.writer].dot);
  for (WriteIndex s : ks.siblings())
    if (!covers(incoming, ctx_.writes[s].dot)) return false;
  return true;
}

ApplyOutcome ApplyDecision::resolveConflict(Replica& r, WriteIndex w, ConflictType type, NodeId from,
                                           bool causallyLater) {
  KeyState& ks = r.keys[ctx_.writes[w].key];
  const WriteRecord& in = ctx_.writes[w];
  std::vector<VersionInfo>& local = scratchVersions_;
  // The event's writes: the incoming one, then the write of each local version.
  ConflictEvent& c = scratchConflict_;
  c.writes.clear();
  c.writes.push_back(w);
  local.clear();
  if (ks.hasResolvedValue) {
    local.push_back(versionInfo(ks.writer, ks.resolvedValue(), ks.deleted));
    c.writes.push_back(ks.writer);
  } else if (ks.siblings().empty()) {
    local.push_back(versionInfo(ks.writer, ctx_.writes[ks.writer].value, ks.deleted));
    c.writes.push_back(ks.writer);
  } else {
    for (WriteIndex s : ks.siblings()) {
      local.push_back(versionInfo(s, ctx_.writes[s].value, ctx_.writes[s].op == OpKind::Delete));
      c.writes.push_back(s);
    }
  }
  const VersionInfo incoming = versionInfo(w, in.value, in.op == OpKind::Delete);
  const DotRange incomingCtx{ctx_.writes.contextBegin(w), ctx_.writes.contextEnd(w)};
  const Resolution res = ctx_.resolver.resolve(
      ConflictInput{type, ctx_.replicas.keyName(in.key), ctx_.topology.name(r.id), incoming,
                    std::span<const VersionInfo>(local),
                    unseenIncrements(in.key, ks.context(ctx_.writes), incomingCtx)});

  c.at = ctx_.run.now;
  c.node = r.id;
  c.key = in.key;
  c.type = type;
  c.kept.clear();
  c.discarded.clear();
  c.by = ctx_.resolver.name();
  c.causallyLater = causallyLater;
  c.resolvedValue.clear();
  ApplyOutcome outcome = ApplyOutcome::Applied;
  auto mergeContext = [&](KeyState& k) { k.mergeContext(ctx_.replicas.contexts(), ctx_.writes, w); };
  // A resolver that keeps one of two writes but whose winner's causal
  // successors do not always win too (first-update-wins, replica-priority):
  // the losers stay on the frontier, or a write that follows the winner
  // but not a loser would be taken for an update here and lose to it there.
  const bool keepsLosers = !ctx_.resolver.ignoresCausality() && !ctx_.resolver.successorsInherit() &&
                           ctx_.resolver.convergent(ctx_.scenario.replication.ordering == Ordering::Causal) &&
                           (res.kind == Resolution::Kind::KeepLocal || res.kind == Resolution::Kind::KeepIncoming);
  if (!causallyLater && (ks.hasResolvedValue || res.kind == Resolution::Kind::Value || keepsLosers)) {
    // The outcome is a function of the *set* of concurrent writes, not of
    // the order they arrived in: keep the frontier (the writes no other
    // covers) and fold the resolver over it in a canonical order.
    std::vector<WriteIndex> frontier;
    const std::vector<WriteIndex> current = ks.siblings().empty() ? std::vector<WriteIndex>{ks.writer} : ks.siblings();
    // A version the incoming write covers is overwritten by a causally later
    // write, not lost: it joins neither the frontier nor the discarded.
    for (WriteIndex v : current)
      if (!covers(incomingCtx, ctx_.writes[v].dot)) frontier.push_back(v);
    frontier.push_back(w);
    // The canonical order: by origin, then seq.
    const auto byDot = [&](WriteIndex a, WriteIndex b) {
      const Dot da = ctx_.writes[a].dot, db = ctx_.writes[b].dot;
      return da.origin != db.origin ? da.origin < db.origin : da.seq < db.seq;
    };
    std::sort(frontier.begin(), frontier.end(), byDot);
    const Fold fold = foldFrontier(frontier, in.key, r.id);
    if (fold.merged) {
      for (WriteIndex v : frontier) {
        if (!fold.deleted && ctx_.writes[v].op == OpKind::Delete) c.discarded.push_back(v);  // deletes lose
        else c.kept.push_back(v);
      }
    } else {
      // One write wins. Newly lost: the incoming write or the version that
      // was winning here, whichever is on the frontier and not the winner
      // (the frontier's other losers lost before).
      c.kept.push_back(fold.winner);
      const WriteIndex previous = ks.writer;
      for (WriteIndex x : {w, previous})
        if (x != fold.winner && std::binary_search(frontier.begin(), frontier.end(), x, byDot))
          c.discarded.push_back(x);
    }
    c.resolvedValue = fold.deleted || !fold.merged ? "" : fold.value;
    ctx_.replicas.updateKey(r, in.key, [&](KeyState& k) {
      mergeContext(k);
      k.writer = fold.merged ? w : fold.winner;
      k.deleted = fold.deleted;
      k.setSiblings(frontier);
      k.hasResolvedValue = !fold.deleted;
      k.setResolvedValue(fold.deleted ? "" : fold.value);
    });
    ctx_.observers.conflict(c);
    return outcome;
  }
  switch (res.kind) {
    case Resolution::Kind::KeepIncoming:
      ctx_.replicas.updateKey(r, in.key, [&](KeyState& k) {
        // (a write that ignores causality may also win while already covered here:
        // the key then keeps its larger context)
        if (causallyLater && dominates(incomingCtx, k.context(ctx_.writes)))
          return k.setSingle(w, in.op == OpKind::Delete);
        mergeContext(k);
        k.setVersion(w, in.op == OpKind::Delete);
      });
      c.kept.push_back(w);
      // Lost: the local versions the incoming write does not follow.
      for (size_t i = 1; i < c.writes.size(); ++i)
        if (!covers(incomingCtx, ctx_.writes[c.writes[i]].dot)) c.discarded.push_back(c.writes[i]);
      break;
    case Resolution::Kind::KeepLocal:
      // A late copy of a write the version here already follows (lww with
      // wall clocks compares it anyway) that loses: an overwrite, not a loss.
      if (causallyLater && covers(ks.context(ctx_.writes), in.dot)) return ApplyOutcome::Superseded;
      // The incoming write is now part of this version's history (discarded),
      // so a later copy of it is recognised as already seen.
      ctx_.replicas.updateContext(r, in.key, mergeContext);
      c.kept.assign(c.writes.begin() + 1, c.writes.end());
      c.discarded.push_back(w);
      break;
    case Resolution::Kind::Value:
      ctx_.replicas.updateKey(r, in.key, [&](KeyState& k) {
        mergeContext(k);
        k.setVersion(w, res.deleted);
        k.hasResolvedValue = !res.deleted;
        k.setResolvedValue(res.value);
      });
      c.kept = c.writes;
      c.resolvedValue = res.value;
      break;
    case Resolution::Kind::Siblings:
      ctx_.replicas.updateKey(r, in.key, [&](KeyState& k) {
        // Keep every local version the incoming write does not cover.
        std::vector<WriteIndex> next;
        // (one it covers is overwritten by it, not lost).
        for (size_t i = 1; i < c.writes.size(); ++i)
          if (!covers(incomingCtx, ctx_.writes[c.writes[i]].dot)) next.push_back(c.writes[i]);
        next.push_back(w);
        std::sort(next.begin(), next.end());
        mergeContext(k);
        bool allDeleted = true;
        for (WriteIndex s : next) allDeleted = allDeleted && ctx_.writes[s].op == OpKind::Delete;
        k.writer = w;
        k.deleted = allDeleted;
        k.hasResolvedValue = false;
        k.setResolvedValue({});
        k.setSiblings(std::move(next));
        c.kept = k.siblings();
      });
      break;
    case Resolution::Kind::Halt: {
      // Not applied; the stream from that peer stops until a resume fault.
      c.kept.assign(c.writes.begin() + 1, c.writes.end());
      c.discarded.push_back(w);
      const LinkId link = ctx_.network.find(from, r.id);
      if (link != kNone) {
        const uint32_t moved = ctx_.network.setDown(link, kHalted, true, ctx_.run.now);
        StreamEvent se{ctx_.run.now, from, r.id, moved, false, kHalted};
        ctx_.observers.stream(se);
      }
      outcome = ApplyOutcome::Halted;
      break;
    }
  }
  // A causally later write that wins is simply an update, not a conflict.
  if (!(causallyLater && res.kind == Resolution::Kind::KeepIncoming))
    ctx_.observers.conflict(c);
  return outcome;
}

ApplyDecision::Fold ApplyDecision::foldFrontier(const std::vector<WriteIndex>& frontier, KeyId key,
                                                NodeId replica) const {
  WriteIndex accWrite = frontier.front();
  std::string accValue = ctx_.writes[accWrite].value;
  bool accDeleted = ctx_.writes[accWrite].op == OpKind::Delete;
  bool anyMerged = false;
  // The union of the histories folded so far: what the accumulated value includes.
  std::vector<Dot> accContext(ctx_.writes.contextBegin(accWrite), ctx_.writes.contextEnd(accWrite)), merged;
  for (size_t i = 1; i < frontier.size(); ++i) {
    const WriteIndex f = frontier[i];
    const VersionInfo local[1] = {versionInfo(accWrite, accValue, accDeleted)};
    const DotRange have{accContext.data(), accContext.data() + accContext.size()};
    const DotRange incoming{ctx_.writes.contextBegin(f), ctx_.writes.contextEnd(f)};
    const Resolution res = ctx_.resolver.resolve(
        ConflictInput{conflictTypeFor(ctx_.writes[f].op), ctx_.replicas.keyName(key), ctx_.topology.name(replica),
                      versionInfo(f, ctx_.writes[f].value, ctx_.writes[f].op == OpKind::Delete),
                      std::span<const VersionInfo>(local), unseenIncrements(key, have, incoming)});
    mergeContexts(have, incoming, merged);
    accContext.swap(merged);
    switch (res.kind) {
      case Resolution::Kind::KeepIncoming:
        accWrite = f;
        accValue = ctx_.writes[f].value;
        accDeleted = ctx_.writes[f].op == OpKind::Delete;
        break;
      case Resolution::Kind::Value:
        anyMerged = true;
        accWrite = f;
        accValue = res.value;
        accDeleted = res.deleted;
        break;
      default: break;  // keep the accumulated version
    }
  }
  return Fold{accDeleted ? std::string() : accValue, accDeleted, accWrite, anyMerged};
}

// Walks, per origin, the seqs `incoming` has beyond `have`; only writes to
// `key` count (contexts are per key, seqs per origin across keys).
std::optional<int64_t> ApplyDecision::unseenIncrements(KeyId key, DotRange have, DotRange incoming) const {
  if (!ctx_.resolver.countsIncrements()) return std::nullopt;
  int64_t sum = 0;
  for (const Dot* d = incoming.begin; d != incoming.end; ++d)
    for (uint32_t seq = seqOf(have, d->origin) + 1; seq <= d->seq; ++seq) {
      const WriteIndex x = ctx_.writes.find(Dot{d->origin, seq});
      if (x == kNone || ctx_.writes[x].key != key) continue;
      if (ctx_.writes[x].op != OpKind::Incr) return std::nullopt;
      sum += ctx_.writes[x].delta;
    }
  return sum;
}

}  // namespace replsim
