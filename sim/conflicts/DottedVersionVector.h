#pragma once
// Causality for siblings in leaderless replication (docs/leaderless.md,
// "Siblings"): the clocks a key's object carries at one replica.
//
//   * CausalContext: a set of dots (node, counter), kept compact as a
//     version vector — every dot (n, 1..base[n]) — plus the dots above it
//     that are not contiguous (the "dot cloud" of Almeida et al.). It is an
//     exact set: add() records one dot and claims nothing about the dots
//     below it, so a replica that got a node's third write before its
//     second does not believe it has seen the second. advance() is the
//     version-vector step instead (n's entry becomes k: every dot of n up
//     to k), which is what a per-object vnode clock means.
//   * SiblingObject: one key at one replica — its siblings (each a dot and
//     an opaque id, the WriteIndex) and the context that summarises them.
//     Two disciplines (SiblingClock):
//       - Dotted (dotted version vectors, Preguiça et al.; Riak 2.0
//         dvv_enabled): each sibling keeps its own dot, so a write whose
//         causal past covers a sibling's dot discards exactly that sibling.
//         sync() is the DVV sync: a sibling survives when the other side
//         holds it too, or when the other side's context has not seen it;
//         the contexts join. It is a join-semilattice: commutative,
//         associative, idempotent, so replicas that received the same
//         writes in any order hold the same object.
//       - Vnode (one version vector per object, Riak before 2.0 with
//         vnode_vclocks): the object has one clock, the siblings none of
//         their own. A write replaces the object only when its context
//         includes the whole clock; otherwise it is added beside every
//         value there ("sibling explosion" when clients write with stale
//         contexts). sync() is the syntactic merge: the object whose clock
//         includes the other's wins, else the values are unioned and the
//         clocks joined.
//
// Invariants: siblings() is sorted by dot and holds each id once; in Dotted
// every sibling's dot is in context(); in Vnode context() is a version
// vector (no cloud).

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/Ids.h"

namespace replsim {

class CausalContext {
 public:
  bool contains(Dot d) const;
  // Records dot d (exact: nothing below it is implied).
  void add(Dot d);
  // Version-vector step: every dot of d.origin up to d.seq.
  void advance(Dot d);
  void join(const CausalContext& o);
  // True when every dot of `o` is in this set.
  bool includes(const CausalContext& o) const;
  // The highest counter of `node` in the set (0: none).
  uint32_t max(NodeId node) const;
  bool empty() const { return base_.empty() && cloud_.empty(); }
  // "{A:2, B:1 +B3}" with `name` giving a node's name (tests, messages).
  template <class Name>
  std::string toString(Name name) const {
    std::string s = "{";
    for (size_t i = 0; i < base_.size(); ++i) s += (i ? ", " : "") + name(base_[i].origin) + ":" + std::to_string(base_[i].seq);
    for (const Dot& d : cloud_) s += " +" + name(d.origin) + std::to_string(d.seq);
    return s + "}";
  }
  friend bool operator==(const CausalContext&, const CausalContext&) = default;

 private:
  // Moves cloud dots that continue their node's base into the base.
  void compact();
  std::vector<Dot> base_;   // by origin, each seq >= 1: dots (origin, 1..seq)
  std::vector<Dot> cloud_;  // by (origin, seq), each seq > its origin's base + 1
};

enum class SiblingClock : uint8_t { Dotted, Vnode };

struct Sibling {
  Dot dot;
  uint32_t id = kNone;  // the write (WriteIndex)
  friend bool operator==(const Sibling&, const Sibling&) = default;
};

class SiblingObject {
 public:
  // The version a write creates, before any replica stores it. Dotted: the
  // write alone, its context its causal past plus its dot. Vnode: `base`
  // (the coordinator's object; empty when the coordinator is not a
  // replica) with the write: the clock is base's joined with `past` and
  // advanced to `dot`; the write replaces base's values only when `past`
  // includes base's whole clock, and is added beside them otherwise.
  static SiblingObject write(SiblingClock clock, const SiblingObject& base, Dot dot, uint32_t id,
                             const CausalContext& past);

  // Merges `o` into this object (see the header comment). Returns true when
  // this object changed.
  bool sync(const SiblingObject& o, SiblingClock clock);

  const std::vector<Sibling>& siblings() const { return siblings_; }
  const CausalContext& context() const { return context_; }
  bool holds(uint32_t id) const;
  friend bool operator==(const SiblingObject&, const SiblingObject&) = default;

 private:
  std::vector<Sibling> siblings_;
  CausalContext context_;
};

}  // namespace replsim
