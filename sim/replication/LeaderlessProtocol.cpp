// LeaderlessProtocol: Dynamo-style quorums (see LeaderlessProtocol.h).
#include "sim/replication/LeaderlessProtocol.h"

#include <algorithm>

#include "sim/replication/ObserverFanout.h"
#include "sim/replication/ReplicaSet.h"
#include "sim/model/Scenario.h"
#include "sim/topology/Topology.h"

namespace replsim {
namespace {

std::vector<std::string> nodeNames(const Topology& t) {
  std::vector<std::string> names;
  for (NodeId n = 0; n < t.nodeCount(); ++n) names.push_back(t.name(n));
  return names;
}

}  // namespace

LeaderlessProtocol::LeaderlessProtocol(const SimContext& ctx, MessageSender& sender)
    : ctx_(ctx),
      sender_(sender),
      quorum_(ctx.scenario.replication.leaderless.quorum),
      clientCoordinates_(quorum_.coordinator == QuorumCoordinator::Client),
      readRepair_(ctx.scenario.replication.leaderless.readRepair),
      gcGrace_(ctx.scenario.replication.leaderless.gcGrace.value_or(SimTime::fromMs(864'000'000.0))),
      ring_(nodeNames(ctx.topology), ctx.scenario.replication.leaderless.vnodes),
      clocks_(ctx),
      siblings_(ctx.scenario.replication.conflicts.resolve == "siblings"),
      clock_(ctx.scenario.replication.conflicts.clock == SiblingClockKind::Vnode ? SiblingClock::Vnode
                                                                               : SiblingClock::Dotted) {
  if (const auto& every = ctx.scenario.replication.leaderless.antiEntropyInterval)
    ctx_.scheduler.schedule(*every, toScheduled(EventKind::AntiEntropyRound), 0);
  // With n below the node count a key lives on its preference list only:
  // convergence (and full replication) is judged among each key's replicas.
  if (static_cast<size_t>(quorum_.n) < ctx_.replicas.size()) {
    std::vector<std::vector<NodeId>> byKey(ctx_.replicas.keyCount());
    for (KeyId k = 0; k < byKey.size(); ++k) byKey[k] = preferenceList(k);
    ctx_.replicas.setKeyReplicas(std::move(byKey));
  }
}

const std::vector<NodeId>& LeaderlessProtocol::preferenceList(KeyId key) {
  if (preference_.size() <= key) preference_.resize(ctx_.replicas.keyCount());
  std::vector<NodeId>& list = preference_[key];
  if (list.empty()) list = ring_.preferenceList(ctx_.replicas.keyName(key), static_cast<size_t>(quorum_.n));
  return list;
}

const std::vector<NodeId>& LeaderlessProtocol::fallbacks(KeyId key) {
  if (fallbacks_.size() <= key) fallbacks_.resize(ctx_.replicas.keyCount());
  std::vector<NodeId>& list = fallbacks_[key];
  if (list.empty()) {
    list = ring_.preferenceList(ctx_.replicas.keyName(key), ctx_.replicas.size());
    list.erase(list.begin(), list.begin() + std::min(list.size(), static_cast<size_t>(quorum_.n)));
  }
  return list;
}

std::vector<NodeId> LeaderlessProtocol::preferenceListOf(KeyId key) const {
  return ring_.preferenceList(ctx_.replicas.keyName(key), static_cast<size_t>(quorum_.n));
}

bool LeaderlessProtocol::newer(WriteIndex a, WriteIndex b) const {
  if (a == kNone) return false;
  if (b == kNone) return true;
  const WriteRecord& wa = ctx_.writes[a];
  const WriteRecord& wb = ctx_.writes[b];
  if (wa.timestamp != wb.timestamp) return wa.timestamp > wb.timestamp;
  return ctx_.replicas.nameRank(wa.dot.origin) > ctx_.replicas.nameRank(wb.dot.origin);
}

bool LeaderlessProtocol::linkUp(NodeId from, NodeId to) const {
  const LinkId l = ctx_.network.find(from, to);
  return l != kNone && ctx_.network.link(l).down == 0;
}

MessageKind LeaderlessProtocol::messageKind(Kind k) {
  switch (k) {
    case Kind::Write: return MessageKind::Write;
    case Kind::Ack: return MessageKind::Ack;
    case Kind::Read: return MessageKind::Read;
    case Kind::Answer: return MessageKind::ReadResponse;
    case Kind::Repair:
    case Kind::RepairAck: return MessageKind::Repair;
    case Kind::HintedWrite:
    case Kind::HintedAck:
    case Kind::Hint: return MessageKind::Hint;
    case Kind::Sync: return MessageKind::AntiEntropy;
  }
  return MessageKind::Link;
}

bool LeaderlessProtocol::send(NodeId from, NodeId to, const Payload& p) {
  if (from == to && clientCoordinates_) {
    // Only a client-coordinated operation talks to its own node: a loopback
    // leg under links.default (no link, no stream, not published).
    if (ctx_.replicas[from].crashed) return false;
    uint32_t id;
    if (!freeLoopbacks_.empty()) {
      id = freeLoopbacks_.back();
      freeLoopbacks_.pop_back();
      loopbacks_[id] = Loopback{from, p};
    } else {
      id = static_cast<uint32_t>(loopbacks_.size());
      loopbacks_.push_back(Loopback{from, p});
    }
    const SimTime leg = ctx_.network.transmissionTime(ctx_.scenario.links.defaults, messageKind(p.kind));
    ctx_.scheduler.schedule(ctx_.run.now + leg, toScheduled(EventKind::ClientLoopback), id);
    return true;
  }
  if (!linkUp(from, to)) return false;
  const LinkId l = ctx_.network.find(from, to);
  const bool copy = p.kind == Kind::Write || p.kind == Kind::Repair || p.kind == Kind::HintedWrite ||
                    p.kind == Kind::Hint || p.kind == Kind::Sync;  // the write's copies: published like replication
  const MessageKind kind = messageKind(p.kind);
  const SendOutcome out = copy ? sender_.sendOn(l, p.write, ctx_.paths.root(from), kind)
                               : ctx_.network.send(l, p.write, ctx_.paths.root(from), ctx_.run.now, kind);
  if (out.slot == kNone) return false;
  if (payload_.size() <= out.slot) payload_.resize(out.slot + 1);
  payload_[out.slot] = p;
  if (ctx_.observers.quorumWanted()) publishMessage(from, to, p, out.queued ? SimTime::max() : out.arrival, false);
  return true;
}

// ------------------------------------------------ quorum hooks (reports)

QuorumMessageKind LeaderlessProtocol::publicKind(Kind kind) {
  switch (kind) {
    case Kind::Write: return QuorumMessageKind::Write;
    case Kind::Ack: return QuorumMessageKind::Ack;
    case Kind::Read: return QuorumMessageKind::ReadRequest;
    case Kind::Answer: return QuorumMessageKind::ReadAnswer;
    case Kind::Repair: return QuorumMessageKind::Repair;
    case Kind::RepairAck: return QuorumMessageKind::RepairAck;
    case Kind::HintedWrite: return QuorumMessageKind::HintedWrite;
    case Kind::HintedAck: return QuorumMessageKind::HintedAck;
    case Kind::Hint: return QuorumMessageKind::HandOff;
    case Kind::Sync: return QuorumMessageKind::Sync;
  }
  return QuorumMessageKind::Sync;
}

void LeaderlessProtocol::publishMessage(NodeId from, NodeId to, const Payload& p, SimTime deliverAt, bool delivered) {
  const QuorumMessageKind kind = publicKind(p.kind);
  // A hand-off's payload names no operation: its write is the operation.
  const uint32_t op = kind == QuorumMessageKind::Sync ? UINT32_MAX : kind == QuorumMessageKind::HandOff ? p.write : p.op;
  const bool readOp = kind == QuorumMessageKind::ReadRequest || kind == QuorumMessageKind::ReadAnswer ||
                      kind == QuorumMessageKind::Repair || kind == QuorumMessageKind::RepairAck;
  const KeyId key = readOp ? readOps_[p.op].key : p.write == kNone ? kNone : ctx_.writes[p.write].key;
  const QuorumMessageEvent ev{ctx_.run.now, from, to, kind, op, key, p.write, delivered, deliverAt};
  ctx_.observers.quorumMessage(ev);
  // The requests of the fan-out being issued (issueClientWrite / issueClientRead).
  if (!delivered && (kind == QuorumMessageKind::Write || kind == QuorumMessageKind::HintedWrite ||
                     kind == QuorumMessageKind::ReadRequest))
    fanout_.push_back(to);
}

void LeaderlessProtocol::publishFanout(NodeId coordinator, uint32_t op, KeyId key, bool read, bool local) {
  const QuorumFanoutEvent ev{ctx_.run.now, coordinator, op, key, read, std::move(fanout_), local,
                             static_cast<uint32_t>(read ? quorum_.r : quorum_.w)};
  fanout_.clear();
  ctx_.observers.quorumFanout(ev);
}

void LeaderlessProtocol::publishQuorum(NodeId coordinator, uint32_t op, KeyId key, bool read, bool reached,
                                       uint32_t count, WriteIndex w) {
  const QuorumEvent ev{ctx_.run.now, coordinator, op, key, read, reached, count,
                       static_cast<uint32_t>(read ? quorum_.r : quorum_.w), w};
  ctx_.observers.quorum(ev);
}

void LeaderlessProtocol::publishHint(NodeId node, NodeId owner, WriteIndex w, HintAction action) {
  const HintEvent ev{ctx_.run.now, node, owner, w, action};
  ctx_.observers.hint(ev);
}

// ------------------------------------------------------------------ writes

void LeaderlessProtocol::issueClientWrite(NodeId node, KeyId key, OpKind op, const std::string& value,
                                          ClientOpEvent ev) {
  Replica& c = ctx_.replicas[node];
  WriteRecord rec;
  rec.dot = Dot{node, ++c.writesOriginated};
  rec.op = op;
  rec.key = key;
  rec.issuedAt = ctx_.run.now;
  rec.timestamp = clocks_.nextTimestamp(c);
  if (op != OpKind::Delete) rec.value = value;
  rec.valueHash = op == OpKind::Delete ? 0 : hashString(rec.value) | 1;
  const std::vector<Dot> context{rec.dot};
  const WriteIndex w = ctx_.writes.add(std::move(rec), context, {});
  ctx_.replicas.addWrite();
  writeOps_.push_back(WriteOp{node, ctx_.run.now, ev.clientLatency});
  stored_.push_back(0);
  if (siblings_) makeVersion(node, w);
  ev.write = w;
  ev.op = static_cast<uint8_t>(op);
  ctx_.observers.clientOp(ev);

  const std::vector<NodeId>& replicas = preferenceList(key);
  // A node coordinator stores its own copy at once; a client sends it one
  // like the others (send: a loopback leg).
  const bool local = std::find(replicas.begin(), replicas.end(), node) != replicas.end();
  const bool storeHere = local && !clientCoordinates_;
  if (storeHere) store(node, w);
  for (NodeId rep : replicas) {
    if ((rep == node && storeHere) || send(node, rep, Payload{Kind::Write, w, w})) continue;
    ++stats_.requestsNotSent;
    if (quorum_.hintedHandoff) handOff(node, w, rep);
  }
  ctx_.scheduler.schedule(ctx_.run.now + quorum_.timeout, toScheduled(EventKind::QuorumWriteTimeout), w);
  if (ctx_.observers.quorumWanted()) publishFanout(node, w, key, false, local);
  if (storeHere) ack(w);
}

void LeaderlessProtocol::store(NodeId node, WriteIndex w, const SiblingObject* object) {
  if (siblings_) return storeObject(node, object ? *object : versions_[w]);
  Replica& r = ctx_.replicas[node];
  const WriteRecord& wr = ctx_.writes[w];
  Clocks::observe(r, wr.timestamp);
  // A write seen here before comes back only through a repair or a hint;
  // it is stored again only when newer than what is here (after a
  // tombstone's purge), and not published again (applied once per replica).
  const bool firstTime = r.received.insert(wr.dot);
  if (firstTime) r.processed.insert(wr.dot);
  const bool keep = newer(w, r.keys[wr.key].writer);
  if (!firstTime && !keep) return;
  if (keep) {
    if (r.keys[wr.key].writer == kNone && node < purged_.size() && newer(purged_[node][wr.key], w))
      ++stats_.resurrected;  // the delete this replica forgot at gc is undone
    const bool isDelete = wr.op == OpKind::Delete;
    ctx_.replicas.updateKey(r, wr.key, [&](KeyState& k) { k.setSingle(w, isDelete); });
    ++stored_[w];
    if (isDelete) {
      tombstones_.push_back(Tombstone{node, wr.key, w});
      ctx_.scheduler.schedule(ctx_.run.now + gcGrace_, toScheduled(EventKind::TombstoneGc),
                              static_cast<uint32_t>(tombstones_.size() - 1));
    }
  }
  if (!firstTime) return;
  ctx_.replicas.noteApplied(r, w);
  const ApplyEvent ev{ctx_.run.now, node, w, node == wr.dot.origin, !keep, SimTime::zero()};
  ctx_.observers.applied(ev);
}

void LeaderlessProtocol::ack(uint32_t op) {
  WriteOp& o = writeOps_[op];
  if (o.done) {
    ++stats_.lateAnswers;
    return;
  }
  if (++o.acks < static_cast<uint32_t>(quorum_.w)) return;
  o.done = true;
  ++stats_.writesCommitted;
  const KeyId key = ctx_.writes[op].key;
  if (commits_.size() <= key) commits_.resize(ctx_.replicas.keyCount());
  commits_[key].push_back(Commit{op, ctx_.run.now});
  if (ctx_.observers.quorumWanted()) publishQuorum(o.coordinator, op, key, false, true, o.acks, op);
  const CommitEvent commit{ctx_.run.now, o.coordinator, op, ctx_.run.now - o.issuedAt + o.clientLatency, false,
                           UINT32_MAX, UINT32_MAX};
  ctx_.observers.commit(commit);
}

std::vector<uint8_t> LeaderlessProtocol::reachableFrom(NodeId) const {
  return std::vector<uint8_t>(ctx_.replicas.size(), 0);
}

// ------------------------------------------------------ hinted handoff

NodeId LeaderlessProtocol::handOff(NodeId from, WriteIndex w, NodeId owner) {
  const std::vector<NodeId>& fb = fallbacks(ctx_.writes[w].key);
  WriteOp& o = writeOps_[w];
  while (o.fallbacksUsed < fb.size()) {
    const NodeId f = fb[o.fallbacksUsed++];
    if (f == from && !clientCoordinates_) {  // a client sends its own node the hint (loopback)
      storeHint(f, w, owner);
      hintedAck(w);
      return f;
    }
    if (send(from, f, Payload{Kind::HintedWrite, w, w, false, owner})) return f;
    ++stats_.requestsNotSent;
  }
  return kNone;
}

void LeaderlessProtocol::storeHint(NodeId node, WriteIndex w, NodeId owner) {
  if (hints_.size() <= node) hints_.resize(ctx_.replicas.size());
  if (hintCheckScheduled_.size() <= node) hintCheckScheduled_.resize(ctx_.replicas.size(), 0);
  hints_[node].push_back(Hint{w, owner, ctx_.run.now});
  ++stats_.hintsStored;
  if (ctx_.observers.quorumWanted()) publishHint(node, owner, w, HintAction::Stored);
  if (hintCheckScheduled_[node]) return;
  hintCheckScheduled_[node] = 1;
  ctx_.scheduler.schedule(ctx_.run.now + kHintCheck, toScheduled(EventKind::HintHandoff), node);
}

void LeaderlessProtocol::hintedAck(WriteIndex w) {
  if (quorum_.sloppy) ack(w);  // a hint counts towards w only in a sloppy quorum
}

void LeaderlessProtocol::checkHints(NodeId node) {
  hintCheckScheduled_[node] = 0;
  std::vector<Hint> kept;
  for (const Hint& h : hints_[node]) {
    if (ctx_.run.now - h.storedAt >= quorum_.hintWindow) {
      ++stats_.hintsExpired;
      if (ctx_.observers.quorumWanted()) publishHint(node, h.owner, h.write, HintAction::Expired);
      continue;
    }
    if (send(node, h.owner, Payload{Kind::Hint, 0, h.write, false, h.owner})) {  // handed off
      if (ctx_.observers.quorumWanted()) publishHint(node, h.owner, h.write, HintAction::HandedOff);
      continue;
    }
    kept.push_back(h);
  }
  hints_[node] = std::move(kept);
  if (hints_[node].empty()) return;
  hintCheckScheduled_[node] = 1;
  ctx_.scheduler.schedule(ctx_.run.now + kHintCheck, toScheduled(EventKind::HintHandoff), node);
}

size_t LeaderlessProtocol::hintsHeld() const {
  size_t n = 0;
  for (const std::vector<Hint>& h : hints_) n += h.size();
  return n;
}

void LeaderlessProtocol::collectTombstone(uint32_t gc) {
  const Tombstone t = tombstones_[gc];
  Replica& r = ctx_.replicas[t.node];
  const KeyState& ks = r.keys[t.key];
  if (ks.writer != t.write || !ks.deleted) return;  // overwritten since
  ctx_.replicas.updateKey(r, t.key, [](KeyState& k) {
    k.setVersion(kNone, false);
    k.adoptContext(kNone);  // no context at all: the key is as if never written
  });
  if (purged_.empty()) purged_.assign(ctx_.replicas.size(), std::vector<WriteIndex>(ctx_.replicas.keyCount(), kNone));
  if (newer(t.write, purged_[t.node][t.key])) purged_[t.node][t.key] = t.write;
  ++stats_.tombstonesPurged;
}

// ---------------------------------------------------------- anti-entropy

void LeaderlessProtocol::antiEntropyRound() {
  ++stats_.aeRounds;
  for (NodeId a = 0; a < ctx_.replicas.size(); ++a)
    for (NodeId b = a + 1; b < ctx_.replicas.size(); ++b)
      if (!ctx_.replicas[a].crashed && !ctx_.replicas[b].crashed && linkUp(a, b) && linkUp(b, a)) compareReplicas(a, b);
  const SimTime next = ctx_.run.now + *ctx_.scenario.replication.leaderless.antiEntropyInterval;
  // The loader requires until_ms with anti-entropy: rounds stop there.
  if (ctx_.scenario.until && next <= *ctx_.scenario.until)
    ctx_.scheduler.schedule(next, toScheduled(EventKind::AntiEntropyRound), 0);
}

void LeaderlessProtocol::compareReplicas(NodeId a, NodeId b) {
  // The keys both replicate, by name.
  std::vector<KeyId> keys;
  for (KeyId k = 0; k < ctx_.replicas.keyCount(); ++k) {
    const std::vector<NodeId>& list = preferenceList(k);
    if (std::find(list.begin(), list.end(), a) != list.end() && std::find(list.begin(), list.end(), b) != list.end())
      keys.push_back(k);
  }
  if (keys.empty()) return;
  std::sort(keys.begin(), keys.end(),
            [&](KeyId x, KeyId y) { return ctx_.replicas.keyName(x) < ctx_.replicas.keyName(y); });
  ++stats_.aePairs;
  stats_.aeMessages += 2;  // each side's tree
  const auto leaf = [&](NodeId n, KeyId k) {
    if (siblings_) return siblingsLeaf(n, k);
    const WriteIndex w = ctx_.replicas[n].keys[k].writer;
    return w == kNone ? uint64_t{0} : mix64(mix64(k + 1) ^ (static_cast<uint64_t>(w) + 1));
  };
  const auto rangeHash = [&](NodeId n, size_t lo, size_t hi) {
    uint64_t h = 0;
    for (size_t i = lo; i < hi; ++i) h = mix64(h ^ leaf(n, keys[i]));
    return h;
  };
  // Top-down over the binary tree of [lo, hi): equal subtrees stop the descent.
  std::vector<std::pair<size_t, size_t>> stack{{0, keys.size()}};
  while (!stack.empty()) {
    const auto [lo, hi] = stack.back();
    stack.pop_back();
    stats_.aeBytes += 16;  // one 8-byte hash each way
    if (rangeHash(a, lo, hi) == rangeHash(b, lo, hi)) continue;
    if (hi - lo > 1) {
      const size_t mid = lo + (hi - lo + 1) / 2;
      stack.emplace_back(mid, hi);
      stack.emplace_back(lo, mid);
      continue;
    }
    const KeyId k = keys[lo];
    if (siblings_) {
      syncSiblings(a, b, k);
      continue;
    }
    const WriteIndex wa = ctx_.replicas[a].keys[k].writer;
    const WriteIndex wb = ctx_.replicas[b].keys[k].writer;
    const bool aNewer = newer(wa, wb);
    const NodeId from = aNewer ? a : b;
    const WriteIndex w = aNewer ? wa : wb;
    if (!send(from, aNewer ? b : a, Payload{Kind::Sync, 0, w})) {
      ++stats_.requestsNotSent;
      continue;
    }
    ++stats_.aeKeysRepaired;
    ++stats_.aeMessages;
    stats_.aeBytes += 16 + ctx_.replicas.keyName(k).size() + ctx_.writes[w].value.size();
  }
}

uint64_t LeaderlessProtocol::partialWrites() const {
  uint64_t n = 0;
  for (WriteIndex w : stats_.failedWrites) n += stored_[w] > 0;
  return n;
}

// ------------------------------------------------------------------- reads

void LeaderlessProtocol::issueClientRead(NodeId node, KeyId key, ClientOpEvent ev) {
  const auto id = static_cast<uint32_t>(readOps_.size());
  readOps_.push_back(ReadOp{node, key, ctx_.run.now, ev});
  // Whom to ask: the preference list; with a sloppy quorum an unreachable
  // replica is replaced by the next fallback the coordinator can reach.
  std::vector<NodeId> replicas = preferenceList(key);
  if (quorum_.sloppy) {
    const std::vector<NodeId>& fb = fallbacks(key);
    size_t next = 0;
    for (NodeId& rep : replicas) {
      if (rep == node || linkUp(node, rep)) continue;
      while (next < fb.size()) {
        const NodeId f = fb[next++];
        if (f == node || linkUp(node, f)) {
          rep = f;
          break;
        }
      }
    }
  }
  const size_t limit = quorum_.readFanout == ReadFanout::R ? static_cast<size_t>(quorum_.r) : replicas.size();
  // The coordinator's own copy first (when it is asked), then the others in
  // preference-list order, up to the fan-out.
  // (A client asks its own node's replica first too, over the loopback.)
  const bool local = std::find(replicas.begin(), replicas.end(), node) != replicas.end();
  const bool answerHere = local && !clientCoordinates_;
  size_t asked = answerHere ? 1 : 0;
  if (local && clientCoordinates_) {
    if (send(node, node, Payload{Kind::Read, id, kNone})) ++asked;
    else ++stats_.requestsNotSent;
  }
  for (NodeId rep : replicas) {
    if (rep == node) continue;
    if (asked == limit) break;
    if (send(node, rep, Payload{Kind::Read, id, kNone})) ++asked;
    else ++stats_.requestsNotSent;
  }
  ctx_.scheduler.schedule(ctx_.run.now + quorum_.timeout, toScheduled(EventKind::QuorumReadTimeout), id);
  if (ctx_.observers.quorumWanted()) publishFanout(node, id, key, true, local);
  if (answerHere) {
    const KeyState& ks = ctx_.replicas[node].keys[key];
    answer(id, node, ks.writer, siblings_ ? &object(node, key) : nullptr);
  }
}

void LeaderlessProtocol::answer(uint32_t read, NodeId from, WriteIndex held, const SiblingObject* object) {
  ReadOp& o = readOps_[read];
  if (o.decided) {  // a late answer: repaired in the background when older
    ++stats_.lateAnswers;
    const bool older = siblings_ ? !(*object == o.result) : newer(o.best, held);
    if (readRepair_ != ReadRepair::Off && older) repair(read, from, false);
    return;
  }
  if (o.done) {  // failed (timeout) before r answers
    ++stats_.lateAnswers;
    return;
  }
  o.heard.emplace_back(from, held);
  if (siblings_) answerSiblings(o, from, *object);
  else if (newer(held, o.best)) o.best = held;
  if (++o.answers >= static_cast<uint32_t>(quorum_.r)) decide(read);
}

void LeaderlessProtocol::decide(uint32_t read) {
  ReadOp& o = readOps_[read];
  o.decided = true;
  if (ctx_.observers.quorumWanted()) publishQuorum(o.coordinator, read, o.key, true, true, o.answers, o.best);
  if (siblings_) {
    if (readRepair_ != ReadRepair::Off) repairSiblings(read);
  } else if (readRepair_ != ReadRepair::Off) {
    const std::vector<std::pair<NodeId, WriteIndex>> heard = o.heard;
    for (const auto& [node, held] : heard)
      if (newer(o.best, held)) repair(read, node, readRepair_ == ReadRepair::Blocking);
  }
  if (o.repairsPending == 0) finishRead(read);
}

void LeaderlessProtocol::repair(uint32_t read, NodeId replica, bool blocking) {
  ReadOp& o = readOps_[read];
  ++stats_.readRepairs;
  if (replica == o.coordinator && !clientCoordinates_) return store(replica, o.best, siblings_ ? &o.result : nullptr);
  Payload p{Kind::Repair, read, o.best, blocking};
  if (siblings_) p.object = std::make_shared<const SiblingObject>(o.result);
  if (!send(o.coordinator, replica, p)) {
    ++stats_.requestsNotSent;
    return;
  }
  if (blocking) ++o.repairsPending;
}

void LeaderlessProtocol::finishRead(uint32_t read) {
  ReadOp& o = readOps_[read];
  o.done = true;
  ++stats_.readsAnswered;
  // Staleness (LeaderlessStats.h): the committed writes the answer misses.
  uint64_t missed = 0;
  SimTime earliest = SimTime::max();
  std::vector<std::string> values;
  if (siblings_) values = finishSiblingRead(o, missed, earliest);
  else if (o.key < commits_.size())
    for (const Commit& c : commits_[o.key]) {
      if (c.at >= o.startedAt) break;  // commit order: the rest committed later
      if (!newer(c.write, o.best)) continue;
      ++missed;
      earliest = std::min(earliest, c.at);
    }
  std::optional<SimTime> staleness;
  if (missed > 0) {
    staleness = o.startedAt - earliest;
    ++stats_.staleReads;
    stats_.staleVersions += missed;
    stats_.stalenessUs.push_back(staleness->us());
  }
  stats_.readStaleness.push_back(staleness);

  ClientOpEvent ev = o.ev;
  ev.clientLatency = ev.clientLatency + (ctx_.run.now - o.startedAt);
  ev.at = ctx_.run.now;
  ctx_.observers.clientOp(ev);
  if (!siblings_ && o.best != kNone && ctx_.writes[o.best].op != OpKind::Delete)
    values.push_back(ctx_.writes[o.best].value);
  const ReadEvent r{ctx_.run.now, o.coordinator, o.key, std::move(values), "", ""};
  ctx_.observers.read(r);
}

// ------------------------------------------------------------ the network

void LeaderlessProtocol::deliver(const Event& e) {
  Message m;
  const MessageSlot slot = ctx_.network.arrive(e, &m);
  if (slot == kNone) return;  // pulled back by an outage: resent later
  const Payload p = payload_[slot];
  payload_[slot].object.reset();  // an object travels once: free it with its message
  ctx_.network.release(slot);
  receive(ctx_.network.link(m.link).from, ctx_.network.link(m.link).to, p, &m);
}

void LeaderlessProtocol::receive(NodeId from, NodeId to, const Payload& p, const Message* m) {
  // The write's copies are published on arrival as they were on sending.
  const auto published = [&] {
    if (m == nullptr) return;
    const MessageEvent ev{ctx_.run.now, from, to, m->write, m->path, ctx_.run.now};
    ctx_.observers.delivered(ev);
  };
  // Loopback legs (m == nullptr) are not published, like the own store they replace.
  if (m != nullptr && ctx_.observers.quorumWanted()) publishMessage(from, to, p, ctx_.run.now, true);
  switch (p.kind) {
    case Kind::Write: {
      published();
      store(to, p.write);
      if (!send(to, from, Payload{Kind::Ack, p.op, p.write})) ++stats_.requestsNotSent;
      break;
    }
    case Kind::Ack: ack(p.op); break;
    case Kind::Read: {
      const KeyState& ks = ctx_.replicas[to].keys[readOps_[p.op].key];
      Payload a{Kind::Answer, p.op, ks.writer};
      if (siblings_) a.object = snapshot(to, readOps_[p.op].key);
      if (!send(to, from, a)) ++stats_.requestsNotSent;
      break;
    }
    case Kind::Answer: answer(p.op, from, p.write, p.object.get()); break;
    case Kind::Repair: {
      published();
      store(to, p.write, p.object.get());
      if (!send(to, from, Payload{Kind::RepairAck, p.op, p.write, p.blocking})) ++stats_.requestsNotSent;
      break;
    }
    case Kind::HintedWrite: {
      published();
      storeHint(to, p.write, p.owner);
      if (!send(to, from, Payload{Kind::HintedAck, p.op, p.write})) ++stats_.requestsNotSent;
      break;
    }
    case Kind::HintedAck: hintedAck(p.op); break;
    case Kind::Hint: {
      published();
      store(to, p.write);
      ++stats_.hintsDelivered;
      break;
    }
    case Kind::Sync: {
      published();
      store(to, p.write, p.object.get());
      break;
    }
    case Kind::RepairAck: {
      ReadOp& o = readOps_[p.op];
      if (!p.blocking || o.done) break;
      if (--o.repairsPending == 0) finishRead(p.op);
      break;
    }
  }
}

void LeaderlessProtocol::handleEvent(EventKind kind, uint32_t target) {
  if (kind == EventKind::QuorumWriteTimeout) {
    WriteOp& o = writeOps_[target];
    if (o.done) return;
    o.done = true;
    ++stats_.writesFailed;
    stats_.failedWrites.push_back(target);
    if (ctx_.observers.quorumWanted())
      publishQuorum(o.coordinator, target, ctx_.writes[target].key, false, false, o.acks, target);
  } else if (kind == EventKind::AntiEntropyRound) {
    antiEntropyRound();
  } else if (kind == EventKind::TombstoneGc) {
    collectTombstone(target);
  } else if (kind == EventKind::HintHandoff) {
    checkHints(target);
  } else if (kind == EventKind::ClientLoopback) {
    const Loopback leg = loopbacks_[target];
    freeLoopbacks_.push_back(target);
    // The client and its node share a host: a leg that finds the node down
    // is lost with the process (the operation times out).
    if (!ctx_.replicas[leg.node].crashed) receive(leg.node, leg.node, leg.payload, nullptr);
  } else if (kind == EventKind::QuorumReadTimeout) {
    ReadOp& o = readOps_[target];
    if (o.done) return;
    o.done = true;
    ++stats_.readsFailed;
    // A read decided before (r answers) waited for blocking repairs: its
    // quorum was reached, published then.
    if (!o.decided && ctx_.observers.quorumWanted())
      publishQuorum(o.coordinator, target, o.key, true, false, o.answers, kNone);
    ClientOpEvent ev = o.ev;
    ev.at = ctx_.run.now;
    ev.failed = true;
    ev.reason = FailReason::Unreachable;
    ev.clientLatency = ev.clientLatency + (ctx_.run.now - o.startedAt);
    ctx_.observers.clientOp(ev);
  }
}

}  // namespace replsim
