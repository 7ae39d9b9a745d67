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
// Contracts: every change of a key goes through ReplicaSet::updateKey, so
// digests stay exact; each conflict is published once (onConflict) with the
// incoming write first; a Halt stops the stream from `from` (kHalted).
// It does not touch `processed`, progress or held writes: the protocol does.
// VersionInfo is built in one place (versionInfo) only.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/conflicts/ConflictResolver.h"
#include "sim/core/SimObserver.h"
#include "sim/replication/Replica.h"
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
  std::vector<WriteIndex> scratchLocal_;
  std::vector<Dot> scratchContext_;
};

}  // namespace replsim
