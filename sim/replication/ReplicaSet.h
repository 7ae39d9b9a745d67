#pragma once
// ReplicaSet: every node's replica, the key names, per-write replication
// progress, and convergence (whether the live replicas hold the same data,
// and since when).
//
// Invariants:
//   * keys are interned once, in first-use order (KeyId = index in keyNames);
//   * a replica's digest is the sum of keyDigest() over the keys it holds;
//     every change of a key goes through updateKey (or resync, which copies
//     a digest with the data) so the digest never goes stale;
//   * liveDigests holds exactly the digests of the replicas not crashed;
//     convergedSince is set iff at most one distinct digest is live, to the
//     time that became so;
//   * with key replicas set (leaderless, n below the node count: a key lives
//     on its preference list only), convergence is judged per key instead:
//     divergentKeys counts the keys whose live replicas hold different
//     values, and convergedSince is set iff it is 0. Nodes outside a key's
//     list never hold it and are not compared.
// REQUIRES: create() once, after the keys the workload uses were interned
// and before anything else touches a replica.

#include <cassert>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/SimTime.h"
#include "sim/replication/DigestAgreement.h"
#include "sim/replication/Replica.h"
#include "sim/replication/WriteLog.h"
#include "sim/topology/Topology.h"

namespace replsim {

inline uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}
// FNV-1a: a fixed, platform-independent string hash (std::hash is not).
uint64_t hashString(const std::string& s);

// An absent key contributes 0, so a replica's digest depends only on the
// keys it holds.
inline uint64_t keyDigest(KeyId key, uint64_t valueHash) {
  return valueHash == 0 ? 0 : mix64(mix64(key + 0x9E3779B97F4A7C15ULL) ^ valueHash);
}

class ReplicaSet {
 public:
  struct Progress {
    uint32_t applied = 0;
    SimTime lastAt;
  };

  ReplicaSet(const Topology& topology, const WriteLog& writes, const SimTime& now);
  void create(size_t nodes);

  size_t size() const { return replicas_.size(); }
  Replica& operator[](NodeId n) { return replicas_[n]; }
  const Replica& operator[](NodeId n) const { return replicas_[n]; }
  const std::vector<Replica>& all() const { return replicas_; }
  // Rank of each node's name in sorted order (lww tie-break).
  uint32_t nameRank(NodeId n) const { return nameRank_[n]; }

  // The merged contexts the replicas' keys share (KeyState::mergeContext).
  ContextPool& contexts() { return contexts_; }
  const ContextPool& contexts() const { return contexts_; }

  KeyId internKey(const std::string& key);
  const std::string& keyName(KeyId k) const { return keyNames_[k]; }
  size_t keyCount() const { return keyNames_.size(); }
  std::string writeName(WriteIndex w) const;  // "A#1"

  // Sorted distinct values of a key (empty: absent or deleted).
  std::vector<std::string> keyValues(const KeyState& ks) const;
  std::vector<std::string> values(NodeId n, KeyId k) const { return keyValues(replicas_[n].keys[k]); }

  // Applies `mutate` to a key and keeps the replica's digest in step.
  template <typename Mutate>
  void updateKey(Replica& r, KeyId key, Mutate&& mutate) {
    KeyState& ks = r.keys[key];
    const uint64_t before = r.digest;
    r.digest -= keyDigest(key, valueHash(ks));
    mutate(ks);
    r.digest += keyDigest(key, valueHash(ks));
    if (!keyReplicas_.empty() && !r.crashed) recheckKey(key);
    if (r.digest != before) liveDigestChanged(r, before);
    else if (!keyReplicas_.empty()) noteConvergence();  // exact verdict: not the digest proxy
  }
  // Applies `mutate`, which changes the key's causal context alone (its
  // value, tombstone and siblings stay: a losing write merged into its
  // history), without recomputing digests that cannot move. (Per-key
  // convergence, leaderless, goes through updateKey all the same.)
  template <typename Mutate>
  void updateContext(Replica& r, KeyId key, Mutate&& mutate) {
    if (!keyReplicas_.empty()) return updateKey(r, key, mutate);
    KeyState& ks = r.keys[key];
    [[maybe_unused]] const uint64_t before = valueHash(ks);
    mutate(ks);
    assert(valueHash(ks) == before && "updateContext changed the key's value");
  }
  // Leaderless with n below the node count: each key's replicas (by KeyId,
  // every interned key). REQUIRES: after create(), before any key changes.
  void setKeyReplicas(std::vector<std::vector<NodeId>> byKey);
  bool judgedPerKey() const { return !keyReplicas_.empty(); }
  // REQUIRES: judgedPerKey(). Key k's replicas, in node order.
  const std::vector<NodeId>& keyReplicas(KeyId k) const { return keyReplicas_[k]; }
  // A replica's digest changed from `before` (outside updateKey: resync).
  void digestChanged(Replica& r, uint64_t before);
  // A node crashed (live false) or recovered.
  void setLive(NodeId n, bool live);

  // Per-write progress: a new write, and an apply of it at `r`.
  void addWrite() { progress_.push_back(Progress{}); }
  void reserveWrites(size_t n) { progress_.reserve(n); }
  void noteApplied(Replica& r, WriteIndex w);
  Progress& progress(WriteIndex w) { return progress_[w]; }
  const Progress& progress(WriteIndex w) const { return progress_[w]; }

  bool converged() const;
  std::optional<SimTime> convergedSince() const;
  bool fullyReplicated(WriteIndex w) const;
  size_t heldAtEnd() const;

 private:
  uint64_t valueHash(const KeyState& ks) const;
  void noteConvergence();
  // A live replica's digest moved from `before`: liveDigests_ and the verdict follow.
  void liveDigestChanged(Replica& r, uint64_t before);
  // Per-key convergence: whether key k's live replicas agree, kept in divergentKeys_.
  void recheckKey(KeyId k);
  bool sameValues(const KeyState& a, const KeyState& b) const;

  const Topology& topology_;
  const WriteLog& writes_;
  const SimTime& now_;
  ContextPool contexts_;  // before replicas_: destroyed after every key that holds one of its contexts
  std::vector<Replica> replicas_;
  std::vector<Progress> progress_;
  std::vector<uint32_t> nameRank_;
  std::map<std::string, KeyId> keyIds_;
  std::vector<std::string> keyNames_;
  // Digests of live replicas; converged iff they are all equal (to the
  // digest of `liveReference_`, a live replica, when there is one).
  DigestAgreement liveDigests_;
  NodeId liveReference_ = 0;
  bool liveDigestsAgree() const {
    return liveDigests_.count() == 0 || liveDigests_.allEqual(replicas_[liveReference_].digest);
  }
  std::optional<SimTime> convergedSince_;
  std::vector<std::vector<NodeId>> keyReplicas_;  // empty: every node holds every key
  std::vector<uint8_t> keyDivergent_;              // by KeyId, with keyReplicas_
  size_t divergentKeys_ = 0;
};

// On the per-apply path: defined here so they inline.

// What a key's value contributes to its replica's digest: a function of the
// values alone (not of which writes produced them), so equal data hashes equal.
inline uint64_t ReplicaSet::valueHash(const KeyState& ks) const {
  if (!ks.exists()) return 0;
  if (ks.hasResolvedValue) return hashString(ks.resolvedValue()) | 1;
  if (ks.siblings().empty()) return writes_[ks.writer].valueHash;
  uint64_t h = 0;
  for (const std::string& v : keyValues(ks)) h += mix64(hashString(v));
  return h | 1;
}

inline void ReplicaSet::noteApplied(Replica& r, WriteIndex w) {
  ++r.writesApplied;
  Progress& p = progress_[w];
  ++p.applied;
  p.lastAt = now_;
}

inline void ReplicaSet::liveDigestChanged(Replica& r, uint64_t before) {
  if (r.crashed) return;
  liveDigests_.change(before, r.digest);
  liveReference_ = r.id;
  noteConvergence();
}

inline void ReplicaSet::digestChanged(Replica& r, uint64_t before) {
  if (!keyReplicas_.empty() && !r.crashed)  // a whole replica copied (resync): every key afresh
    for (KeyId k = 0; k < keyReplicas_.size(); ++k) recheckKey(k);
  liveDigestChanged(r, before);
}

inline void ReplicaSet::noteConvergence() {
  if (keyReplicas_.empty() ? liveDigestsAgree() : divergentKeys_ == 0) {
    if (!convergedSince_) convergedSince_ = now_;
  } else {
    convergedSince_.reset();
  }
}

}  // namespace replsim
