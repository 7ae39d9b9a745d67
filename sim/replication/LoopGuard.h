#pragma once
// LoopGuard: the receiver-side loop prevention rule
// (replication.loop_prevention) that decides whether an arriving copy of a
// write is dropped before it is accepted: path (the receiver is on its path,
// or it is a duplicate by another route), origin (back at its origin), seen
// (any write id seen before), or none.
//
// Contract: a pure function of the receiver's `received` set, the write and
// its path; it changes nothing. O(1) except when the receiver has already
// seen the write under "path": then the path is walked once, to tell a loop
// (own id in the path) from a duplicate via another route.

#include <optional>

#include "sim/core/SimObserver.h"
#include "sim/replication/PathTable.h"
#include "sim/replication/ReplicaSet.h"
#include "sim/replication/SimContext.h"
#include "sim/model/Scenario.h"

namespace replsim {

class LoopGuard {
 public:
  explicit LoopGuard(const SimContext& ctx) : ctx_(ctx) {}

  // Why `node` drops this copy, or nullopt to accept it.
  std::optional<DropReason> loopDrop(NodeId node, WriteIndex w, PathId path) const {
    const Replica& r = ctx_.replicas[node];
    const Dot d = ctx_.writes[w].dot;
    switch (ctx_.scenario.replication.loopPrevention) {
      case LoopPrevention::Path:
        if (!r.received.contains(d)) return std::nullopt;  // never here: cannot be on the path
        if (d.origin == node || ctx_.paths.contains(path, node)) return DropReason::Path;
        return DropReason::Duplicate;
      case LoopPrevention::Origin:
        if (d.origin == node) return DropReason::Origin;
        return std::nullopt;
      case LoopPrevention::Seen:
        if (r.received.contains(d)) return DropReason::Seen;
        return std::nullopt;
      case LoopPrevention::None: return std::nullopt;
    }
    return std::nullopt;
  }

 private:
  SimContext ctx_;
};

}  // namespace replsim
