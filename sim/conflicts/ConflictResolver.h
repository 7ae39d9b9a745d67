#pragma once
// ConflictResolver: decides what a replica keeps when an incoming write
// conflicts with the key's current version(s); ReadResolver: settles
// siblings when a client reads them.
//
// The engine calls a ConflictResolver only for a true conflict — neither
// write's key context covers the other's — except for resolvers that say
// they ignore causality (lww with wall-clock timestamps, which is how a
// causally later write can lose to a skewed clock). Resolvers are pure
// functions of their input: no clock, no randomness, no state. A convergent
// resolver must give the same final state whatever order a replica sees the
// writes in; apply-remote and keep-local are deliberately not convergent.
//
// Custom resolvers implement these interfaces and are registered by name in
// the ResolverRegistry (docs/custom-resolvers.md walks through one).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/Ids.h"
#include "sim/core/SimObserver.h"
#include "sim/model/OpKind.h"

namespace replsim {

// One version of a key as a resolver sees it: values only, no engine record,
// so a resolver can be written and tested without the replication engine.
// The write fields describe the write that produced the version (for a
// merged value: the latest write merged into it).
struct VersionInfo {
  Dot dot;                             // the write's id: (origin, seq)
  OpKind op = OpKind::Set;
  int64_t timestamp = 0;               // Lamport counter, or wall-clock microseconds with lww clock "wall"
  int64_t delta = 0;                   // incr only: the increment
  std::string_view value;              // the value a read would return ("" for a delete)
  bool deleted = false;
  std::string_view origin;             // name of the write's origin leader
  uint32_t originRank = 0;             // rank of the origin's name in sorted order
};

struct ConflictInput {
  ConflictType type;
  std::string_view key;
  std::string_view replica;           // where the conflict is being resolved
  VersionInfo incoming;
  std::span<const VersionInfo> local; // the current version(s); several only with siblings
  // For counters: the sum of the deltas of the increments in the incoming
  // version's history that the local version's history lacks (the incoming
  // write's own included) — what a convergent counter adds. Empty when that
  // difference holds a write that is not an increment.
  std::optional<int64_t> unseenIncrements;
};

struct Resolution {
  enum class Kind { KeepLocal, KeepIncoming, Value, Siblings, Halt };
  Kind kind = Kind::KeepLocal;
  std::string value;     // Kind::Value: the value to keep
  bool deleted = false;  // Kind::Value: keep a tombstone instead

  static Resolution keepLocal() { return {Kind::KeepLocal, {}, false}; }
  static Resolution keepIncoming() { return {Kind::KeepIncoming, {}, false}; }
  static Resolution keepValue(std::string v) { return {Kind::Value, std::move(v), false}; }
  static Resolution keepSiblings() { return {Kind::Siblings, {}, false}; }
  static Resolution halt() { return {Kind::Halt, {}, false}; }
};

class ConflictResolver {
 public:
  virtual ~ConflictResolver() = default;
  virtual const std::string& name() const = 0;
  virtual Resolution resolve(const ConflictInput& in) const = 0;
  // True for resolvers that also judge causally ordered writes (lww with
  // wall clocks): the engine then asks them about every write to a key that
  // already has a version, not only about concurrent ones.
  virtual bool ignoresCausality() const { return false; }
  // True for resolvers that read ConflictInput::unseenIncrements (it costs a
  // walk over the writes between the two histories, so it is only computed
  // for those that ask).
  virtual bool countsIncrements() const { return false; }
  // True when, whenever this resolver prefers version v to a concurrent
  // write d, it also prefers every causal successor of v to d (lww by
  // Lamport timestamp: successors carry larger ones). The engine may then
  // take a write that follows every version a key holds for an update even
  // if the key remembers writes that lost; otherwise it keeps the losers on
  // the key's frontier and folds the resolver over it.
  virtual bool successorsInherit() const { return false; }
  // True for a resolver that promises convergence: every replica ends with
  // the same data whatever order the writes arrive in (given that, with
  // `causalOrdering`, each replica applies them in causal order). The
  // invariant checker holds every run of a converging resolver to it.
  virtual bool convergent(bool causalOrdering) const {
    (void)causalOrdering;
    return false;
  }
};

class ReadResolver {
 public:
  virtual ~ReadResolver() = default;
  virtual const std::string& name() const = 0;
  // REQUIRES: siblings.size() >= 2, sorted. Returns the value to keep.
  virtual std::string resolve(std::string_view key, std::span<const std::string> siblings) const = 0;
};

}  // namespace replsim
