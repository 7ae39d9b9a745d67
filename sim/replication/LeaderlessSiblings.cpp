// LeaderlessProtocol with conflicts.resolve "siblings": the parts that keep
// a key as a SiblingObject (dotted version vectors, or per-vnode clocks for
// the contrast) instead of one lww write. See LeaderlessProtocol.h and
// docs/leaderless.md, "Siblings".
#include <algorithm>

#include "sim/replication/LeaderlessProtocol.h"
#include "sim/replication/ObserverFanout.h"
#include "sim/replication/ReplicaSet.h"

namespace replsim {

SiblingObject& LeaderlessProtocol::object(NodeId node, KeyId key) {
  if (objects_.size() <= node) objects_.resize(ctx_.replicas.size());
  std::vector<SiblingObject>& keys = objects_[node];
  if (keys.size() <= key) keys.resize(std::max<size_t>(ctx_.replicas.keyCount(), key + 1));
  return keys[key];
}

const SiblingObject& LeaderlessProtocol::objectAt(NodeId node, KeyId key) const {
  static const SiblingObject kEmpty;
  if (node >= objects_.size() || key >= objects_[node].size()) return kEmpty;
  return objects_[node][key];
}

std::shared_ptr<const SiblingObject> LeaderlessProtocol::snapshot(NodeId node, KeyId key) const {
  return std::make_shared<const SiblingObject>(objectAt(node, key));
}

void LeaderlessProtocol::makeVersion(NodeId coordinator, WriteIndex w) {
  const KeyId key = ctx_.writes[w].key;
  Session& s = sessions_[{coordinator, key}];
  // Only this node makes dots of its own name for this key, one counter
  // per key: its dots for a key are 1, 2, 3, … with no gap.
  const Dot dot{coordinator, ++s.counter};
  const std::vector<NodeId>& replicas = preferenceList(key);
  const bool replica = std::find(replicas.begin(), replicas.end(), coordinator) != replicas.end();
  static const SiblingObject kNothing;
  // Vnode clocks: the coordinator's object is the base the write is added
  // to (its clock cannot say which values the client saw). Dotted: the
  // write alone; the replicas work out what it replaces from its past.
  const SiblingObject& base = clock_ == SiblingClock::Vnode && replica ? objectAt(coordinator, key) : kNothing;
  if (versions_.size() <= w) {
    versions_.resize(w + 1);
    versionDots_.resize(w + 1);
  }
  versions_[w] = SiblingObject::write(clock_, base, dot, w, s.context);
  versionDots_[w] = dot;
  // The client's reply carries the version's context: its next write there
  // replaces what this one did (and what it had read before).
  s.context = versions_[w].context();
}

void LeaderlessProtocol::storeObject(NodeId node, const SiblingObject& in) {
  if (in.siblings().empty()) return;  // nothing to store (an empty answer is never shipped)
  Replica& r = ctx_.replicas[node];
  const KeyId key = ctx_.writes[in.siblings().front().id].key;
  SiblingObject& obj = object(node, key);
  if (obj.sync(in, clock_)) {
    const std::vector<Sibling>& sib = obj.siblings();
    std::vector<WriteIndex> ids;
    bool allDeletes = true;
    for (const Sibling& x : sib) {
      ids.push_back(x.id);
      allDeletes = allDeletes && ctx_.writes[x.id].op == OpKind::Delete;
    }
    // KeyState mirrors the object for the reports and the digests: the
    // newest write (by WriteIndex) as `writer`, every sibling when two or more.
    const WriteIndex writer = ids.empty() ? kNone : *std::max_element(ids.begin(), ids.end());
    ctx_.replicas.updateKey(r, key, [&](KeyState& k) {
      k.setVersion(writer, writer != kNone && allDeletes);
      k.adoptContext(writer);
      if (ids.size() >= 2) k.setSiblings(ids);
    });
  }
  for (const Sibling& x : in.siblings()) {
    const WriteRecord& wr = ctx_.writes[x.id];
    Clocks::observe(r, wr.timestamp);
    if (!r.received.insert(wr.dot)) continue;  // published once per replica
    r.processed.insert(wr.dot);
    const bool kept = obj.holds(x.id);
    if (kept) ++stored_[x.id];
    ctx_.replicas.noteApplied(r, x.id);
    const ApplyEvent ev{ctx_.run.now, node, x.id, node == wr.dot.origin, !kept, SimTime::zero()};
    ctx_.observers.applied(ev);
  }
}

void LeaderlessProtocol::answerSiblings(ReadOp& o, NodeId, const SiblingObject& held) {
  o.heardObjects.push_back(held);
  o.result.sync(held, clock_);
  o.best = kNone;
  for (const Sibling& x : o.result.siblings()) o.best = o.best == kNone ? x.id : std::max(o.best, x.id);
}

void LeaderlessProtocol::repairSiblings(uint32_t read) {
  ReadOp& o = readOps_[read];
  // The result is the join of the answers: an answer that differs from it
  // lacks something, and syncing the result into that replica makes it equal.
  const std::vector<std::pair<NodeId, WriteIndex>> heard = o.heard;
  const std::vector<SiblingObject> objects = o.heardObjects;
  for (size_t i = 0; i < heard.size(); ++i)
    if (!(objects[i] == o.result)) repair(read, heard[i].first, readRepair_ == ReadRepair::Blocking);
}

std::vector<std::string> LeaderlessProtocol::finishSiblingRead(ReadOp& o, uint64_t& missed, SimTime& earliest) {
  // Stale: a write committed before the read began whose dot the result's
  // context does not hold — neither returned nor replaced by what was.
  if (o.key < commits_.size())
    for (const Commit& c : commits_[o.key]) {
      if (c.at >= o.startedAt) break;  // commit order: the rest committed later
      if (o.result.context().contains(versionDots_[c.write])) continue;
      ++missed;
      earliest = std::min(earliest, c.at);
    }
  std::vector<std::string> values;
  for (const Sibling& x : o.result.siblings())
    if (ctx_.writes[x.id].op != OpKind::Delete) values.push_back(ctx_.writes[x.id].value);
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  stats_.maxSiblings = std::max<uint64_t>(stats_.maxSiblings, values.size());
  // The session at the coordinator now knows the result: its next write
  // there replaces every sibling this read returned.
  sessions_[{o.coordinator, o.key}].context.join(o.result.context());
  return values;
}

uint64_t LeaderlessProtocol::siblingsLeaf(NodeId node, KeyId key) const {
  const SiblingObject& obj = objectAt(node, key);
  if (obj.siblings().empty()) return 0;
  uint64_t h = mix64(key + 1);
  for (const Sibling& x : obj.siblings()) h = mix64(h ^ (static_cast<uint64_t>(x.id) + 1));
  // Two replicas may hold the same siblings with different contexts (one
  // has seen a write that the other's siblings do not mention): they differ.
  for (NodeId n = 0; n < ctx_.replicas.size(); ++n)
    if (const uint32_t m = obj.context().max(n)) h = mix64(h ^ ((static_cast<uint64_t>(n) << 32) | m));
  return h;
}

void LeaderlessProtocol::syncSiblings(NodeId a, NodeId b, KeyId key) {
  // Each side ships its object to the other when the other lacks part of it
  // (the sync would change the other): both ways for concurrent siblings.
  bool shipped = false;
  for (const auto& [from, to] : {std::pair{a, b}, std::pair{b, a}}) {
    const SiblingObject& mine = objectAt(from, key);
    SiblingObject joined = objectAt(to, key);
    if (mine.siblings().empty() || !joined.sync(mine, clock_)) continue;
    Payload p{Kind::Sync, 0, mine.siblings().back().id};
    p.object = std::make_shared<const SiblingObject>(mine);
    if (!send(from, to, p)) {
      ++stats_.requestsNotSent;
      continue;
    }
    shipped = true;
    ++stats_.aeMessages;
    stats_.aeBytes += 16 + ctx_.replicas.keyName(key).size();
    for (const Sibling& x : mine.siblings()) stats_.aeBytes += ctx_.writes[x.id].value.size();
  }
  if (shipped) ++stats_.aeKeysRepaired;
}

}  // namespace replsim
