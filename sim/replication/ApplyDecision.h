#pragma once
// ApplyDecision: what applying a write does to a replica's copy of its key —
// the comparison of key contexts and, for concurrent writes, the conflict
// resolver (docs/semantics.md, "Applying a write").
//
//   * a write already covered by the key's context is a no-op (superseded);
//   * a write whose context covers the key's replaces it (an update or
//     delete of a row that is not here is skipped: the update-before-insert
//     anomaly);
//   * otherwise the two conflict and the resolver decides; for resolvers
//     whose outcome must not depend on arrival order, the frontier of
//     concurrent writes is kept and the resolver folded over it in a
//     canonical order (by origin, then seq).
//
// Contracts: every change of a key goes through ReplicaSet::updateKey (or
// updateContext, for a change of its context alone), so digests stay
// exact; each conflict is published once (onConflict) with the incoming
// write first; a Halt stops the stream from `from` (kHalted).
// It does not touch `processed`, progress or held writes: the protocol does.
// VersionInfo is built in one place (versionInfo) only.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/conflicts/ConflictResolver.h"
#include "sim/core/SimObserver.h"
#include "sim/replication/ObserverFanout.h"
#include "sim/replication/Replica.h"
#include "sim/replication/ReplicaSet.h"
#include "sim/replication/SimContext.h"

namespace replsim {

enum class ApplyOutcome { Applied, Superseded, Skipped, Halted };

class ApplyDecision {
 public:
  ApplyDecision(const SimContext& ctx, bool syncDetect) : ctx_(ctx), syncDetect_(syncDetect) {}

  static ConflictType conflictTypeFor(OpKind op);

  // Applies replicated write w at r (under sync: a committed write).
  ApplyOutcome apply(Replica& r, WriteIndex w, NodeId from);
  // w meets the version r holds for its key as a conflict of `type`.
  // causallyLater: w follows that version (lww with wall clocks still compares).
  ApplyOutcome resolveConflict(Replica& r, WriteIndex w, ConflictType type, NodeId from, bool causallyLater);
  // Whether a write with context `incoming` covers every version the key holds.
  bool followsEveryVersion(const KeyState& ks, DotRange incoming) const;

 private:
  // The value (and whether it is a tombstone) of a merged frontier of
  // concurrent writes, sorted canonically: the resolver folded over it.
  struct Fold {
    std::string value;  // "" for a tombstone
    bool deleted = false;
    WriteIndex winner = kNone;  // the write whose value it is (the last merged one, when merged)
    bool merged = false;        // the resolver made a value (merge, custom) rather than keep a write
  };
  Fold foldFrontier(const std::vector<WriteIndex>& frontier, KeyId key, NodeId replica) const;
  // ConflictInput::unseenIncrements: the deltas of the increments to `key`
  // in `incoming` but not in `have`; empty if another kind of write is there.
  std::optional<int64_t> unseenIncrements(KeyId key, DotRange have, DotRange incoming) const;
  // The one place a VersionInfo is made.
  VersionInfo versionInfo(WriteIndex v, std::string_view value, bool deleted) const;

  SimContext ctx_;
  bool syncDetect_;
  std::vector<VersionInfo> scratchVersions_;
  // resolveConflict's event, reused so that its lists keep their capacity
  // (three allocations per conflict otherwise). Observers get it by const
  // reference and copy what they keep.
  ConflictEvent scratchConflict_{};
};

// Once per hop: defined here so the protocol's per-hop path inlines it.
inline ApplyOutcome ApplyDecision::apply(Replica& r, WriteIndex w, NodeId from) {
  const NodeId node = r.id;
  const WriteRecord& wr = ctx_.writes[w];

  KeyState& ks = r.keys[wr.key];
  const DotRange incoming{ctx_.writes.contextBegin(w), ctx_.writes.contextEnd(w)};
  ApplyOutcome outcome = ApplyOutcome::Applied;
  // lww with wall clocks compares every write, even a causally later one —
  // except under sync detection, where certification already ordered the
  // committed writes of a key and a later one simply replaces.
  const bool compareAlways = ctx_.resolver.ignoresCausality() && !syncDetect_;
  const ContextPool::Relation relation =
      ctx_.replicas.contexts().relate(ks.contextId(), ks.context(ctx_.writes), w, wr.dot, incoming);
  if (relation == ContextPool::Relation::Covered) {
    // A later version here already includes it — unless the resolver ignores
    // causality (lww with wall clocks keeps the highest clock of all writes,
    // so every write is compared once, whatever arrived first).
    if (compareAlways && ks.writer != kNone)
      outcome = resolveConflict(r, w, conflictTypeFor(wr.op), from, /*causallyLater=*/true);
    else
      outcome = ApplyOutcome::Superseded;
  } else if (relation == ContextPool::Relation::Follows) {
    if ((wr.op == OpKind::Update || wr.op == OpKind::Delete) && !ks.exists()) {
      // The update-before-insert anomaly (or its delete twin): the row is not
      // here yet, so there is nothing to change; the change is skipped.
      outcome = ApplyOutcome::Skipped;
      ConflictEvent c{ctx_.run.now, node, wr.key,
                      wr.op == OpKind::Update ? ConflictType::UpdateMissing : ConflictType::DeleteMissing,
                      {w}, {}, {w}, "skip", false, ""};
      ctx_.observers.conflict(c);
    } else if (compareAlways && ks.writer != kNone) {
      outcome = resolveConflict(r, w, conflictTypeFor(wr.op), from, /*causallyLater=*/true);
    } else {
      ctx_.replicas.updateKey(r, wr.key, [&](KeyState& k) { k.setSingle(w, wr.op == OpKind::Delete); });
    }
  } else if (followsEveryVersion(ks, incoming)) {
    // The incoming write saw every version the key holds here, but not some
    // write this replica already discarded in an earlier conflict (the key's
    // context remembers it): it is an update of the current version, not a
    // new conflict — the discarded write lost already.
    if (compareAlways)
      outcome = resolveConflict(r, w, conflictTypeFor(wr.op), from, /*causallyLater=*/true);
    else
      ctx_.replicas.updateKey(r, wr.key, [&](KeyState& k) {
        k.mergeContext(ctx_.replicas.contexts(), ctx_.writes, w);
        k.setVersion(w, wr.op == OpKind::Delete);
      });
  } else {
    outcome = resolveConflict(r, w, conflictTypeFor(wr.op), from, /*causallyLater=*/false);
  }
  return outcome;
}

}  // namespace replsim
