// ReplicaSet: replicas, keys, digests and convergence (see ReplicaSet.h).
#include "sim/replication/ReplicaSet.h"

#include <algorithm>

namespace replsim {

uint64_t hashString(const std::string& s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) { h ^= c; h *= 0x100000001b3ULL; }
  return h;
}

ReplicaSet::ReplicaSet(const Topology& topology, const WriteLog& writes, const SimTime& now)
    : topology_(topology), writes_(writes), now_(now) {}

void ReplicaSet::create(size_t n) {
  std::vector<NodeId> byName(n);
  for (NodeId i = 0; i < n; ++i) byName[i] = i;
  std::sort(byName.begin(), byName.end(), [&](NodeId a, NodeId b) { return topology_.name(a) < topology_.name(b); });
  nameRank_.resize(n);
  for (uint32_t r = 0; r < n; ++r) nameRank_[byName[r]] = r;

  replicas_.reserve(n);
  for (NodeId i = 0; i < n; ++i) replicas_.emplace_back(i, keyNames_.size());
  for (size_t i = 0; i < n; ++i) liveDigests_.add(0);
  convergedSince_ = SimTime::zero();
}

KeyId ReplicaSet::internKey(const std::string& key) {
  auto [it, inserted] = keyIds_.emplace(key, static_cast<KeyId>(keyNames_.size()));
  if (inserted) keyNames_.push_back(key);
  return it->second;
}

std::string ReplicaSet::writeName(WriteIndex w) const {
  const Dot d = writes_[w].dot;
  return topology_.name(d.origin) + "#" + std::to_string(d.seq);
}

std::vector<std::string> ReplicaSet::keyValues(const KeyState& ks) const {
  if (!ks.exists()) return {};
  if (ks.hasResolvedValue) return {ks.resolvedValue()};
  if (ks.siblings().empty()) return {writes_[ks.writer].value};
  std::vector<std::string> out;
  for (WriteIndex s : ks.siblings())
    if (writes_[s].op != OpKind::Delete) out.push_back(writes_[s].value);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}


// ------------------------------------------------------------ convergence

void ReplicaSet::setLive(NodeId n, bool live) {
  Replica& r = replicas_[n];
  if (live) {
    liveDigests_.add(r.digest);
    liveReference_ = n;
  } else {
    liveDigests_.remove(r.digest);
    // The reference must be live: any other live replica will do.
    if (liveReference_ == n)
      for (const Replica& other : replicas_)
        if (!other.crashed && other.id != n) {
          liveReference_ = other.id;
          break;
        }
  }
  if (!keyReplicas_.empty())  // crashes are rare: every key's verdict afresh
    for (KeyId k = 0; k < keyReplicas_.size(); ++k) recheckKey(k);
  noteConvergence();
}

void ReplicaSet::setKeyReplicas(std::vector<std::vector<NodeId>> byKey) {
  keyReplicas_ = std::move(byKey);
  for (std::vector<NodeId>& nodes : keyReplicas_) std::sort(nodes.begin(), nodes.end());
  keyDivergent_.assign(keyReplicas_.size(), 0);
  divergentKeys_ = 0;
  for (KeyId k = 0; k < keyReplicas_.size(); ++k) recheckKey(k);
  noteConvergence();
}

void ReplicaSet::recheckKey(KeyId k) {
  if (k >= keyReplicas_.size()) return;
  const KeyState* first = nullptr;
  bool differs = false;
  for (NodeId n : keyReplicas_[k]) {
    const Replica& r = replicas_[n];
    if (r.crashed) continue;
    if (!first) first = &r.keys[k];
    else if (!sameValues(r.keys[k], *first)) {
      differs = true;
      break;
    }
  }
  if (differs != (keyDivergent_[k] != 0)) {
    keyDivergent_[k] = differs ? 1 : 0;
    if (differs) ++divergentKeys_; else --divergentKeys_;
  }
}

bool ReplicaSet::converged() const {
  if (!keyReplicas_.empty()) return divergentKeys_ == 0;  // exact: recheckKey compares values
  // Digests are a fast proxy; confirm by comparing values key by key.
  if (!liveDigestsAgree()) return false;
  const Replica* first = nullptr;
  for (const Replica& r : replicas_) {
    if (r.crashed) continue;
    if (!first) { first = &r; continue; }
    for (KeyId k = 0; k < keyNames_.size(); ++k)
      if (!sameValues(r.keys[k], first->keys[k])) return false;
  }
  return true;
}

bool ReplicaSet::sameValues(const KeyState& a, const KeyState& b) const {
  if (a.exists() != b.exists()) return false;
  if (!a.exists()) return true;
  if (a.siblings().empty() && b.siblings().empty() && !a.hasResolvedValue && !b.hasResolvedValue)
    return a.writer == b.writer || writes_[a.writer].value == writes_[b.writer].value;
  return keyValues(a) == keyValues(b);
}

std::optional<SimTime> ReplicaSet::convergedSince() const {
  return converged() ? convergedSince_ : std::nullopt;
}

bool ReplicaSet::fullyReplicated(WriteIndex w) const {
  const Dot d = writes_[w].dot;
  if (!keyReplicas_.empty() && writes_[w].key < keyReplicas_.size()) {
    // Leaderless: the write's key's live replicas hold it (applied or superseded).
    for (NodeId n : keyReplicas_[writes_[w].key])
      if (!replicas_[n].crashed && !replicas_[n].processed.contains(d)) return false;
    return true;
  }
  uint32_t live = 0;
  for (const Replica& r : replicas_) {
    if (r.crashed) continue;
    ++live;
    if (!r.processed.contains(d)) return false;
  }
  // processed also counts skipped anomalies; applied counts only real applies.
  uint32_t appliedLive = progress_[w].applied;
  for (const Replica& r : replicas_)
    if (r.crashed && r.processed.contains(d)) --appliedLive;
  return appliedLive >= live;
}

size_t ReplicaSet::heldAtEnd() const {
  size_t n = 0;
  for (const Replica& r : replicas_) n += r.held.size();
  return n;
}

}  // namespace replsim
