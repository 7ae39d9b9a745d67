#include "sim/report/EventRecorder.h"

#include <algorithm>

#include "sim/replication/Simulation.h"

namespace replsim {

EventRecorder::EventRecorder(const Simulation& sim, size_t maxRecords)
    : sim_(sim), maxRecords_(maxRecords), series_(sim.nodeCount()) {}

bool EventRecorder::truncated() const {
  return messagesSent_ + quorumMessagesSent_ > messages_.size() || notKept_ > 0;
}

ExportedEvents EventRecorder::exportWindow(uint64_t maxEvents) const {
  ExportedEvents w;
  w.written = std::min<uint64_t>(maxEvents, steps_.size());
  w.notWritten = events_ - w.written;
  return w;
}

bool EventRecorder::keeps(size_t logSize) {
  ++events_;
  if (logSize < maxRecords_) return true;
  ++notKept_;
  return false;
}

template <class Log, class Event>
void EventRecorder::record(Log& log, const Event& e, StepKind kind) {
  if (!keeps(log.size())) return;
  log.push_back(e);
  steps_.push_back(Step{kind, static_cast<uint32_t>(log.size() - 1)});
}

std::multimap<EventRecorder::MessageKey, uint32_t>::iterator EventRecorder::linkBegin(uint32_t from, uint32_t to) {
  return outstanding_.lower_bound(MessageKey{from, to, 0, 0});
}

std::multimap<EventRecorder::MessageKey, uint32_t>::iterator EventRecorder::linkEnd(uint32_t from, uint32_t to) {
  return outstanding_.upper_bound(MessageKey{from, to, UINT32_MAX, UINT32_MAX});
}

void EventRecorder::settle(uint32_t node, uint32_t write) {
  series_.writeSettled(node, write);
  if (held_.erase({node, write}) > 0) series_.pendingChanged(node, -1);
}

// ------------------------------------------------------------- client side

void EventRecorder::onClientOp(const ClientOpEvent& e) {
  series_.advanceTo(e.at);
  if (!e.failed && e.write != UINT32_MAX) series_.writeIssued(e.write, e.at);
  // A successful read is reported again, with its values, by onRead.
  if (e.failed || e.write != UINT32_MAX) record(clientOps_, e, StepKind::ClientOp);
}

void EventRecorder::onRead(const ReadEvent& e) {
  series_.advanceTo(e.at);
  record(reads_, e, StepKind::Read);
}

// ---------------------------------------------------------------- messages

void EventRecorder::onSent(const MessageEvent& e) {
  series_.advanceTo(e.at);
  ++messagesSent_;
  ++events_;
  series_.pendingChanged(e.to, +1);
  ++outstandingPerLink_[{e.from, e.to}];
  lastSent_ = UINT32_MAX;
  if (messages_.size() >= maxRecords_) return;
  RecordedMessage m = sentRecord(e.at, e.deliverAt, e.from, e.to, e.write, e.path);
  m.retransmissions = e.retransmissions;
  lastSent_ = keepSent(m, MessageKey{e.from, e.to, e.write, e.path});
}

RecordedMessage EventRecorder::sentRecord(SimTime at, SimTime deliverAt, uint32_t from, uint32_t to, uint32_t write,
                                          uint32_t path) {
  RecordedMessage m;
  m.sent = at;
  m.plannedArrival = deliverAt;
  m.resent = at;
  m.from = from;
  m.to = to;
  m.write = write;
  m.path = path;
  m.waiting = deliverAt == SimTime::max();  // the link is down: queued in the sender's log
  m.outages = m.waiting ? 1 : 0;
  return m;
}

uint32_t EventRecorder::keepSent(const RecordedMessage& m, const MessageKey& key) {
  messages_.push_back(m);
  const auto index = static_cast<uint32_t>(messages_.size() - 1);
  outstanding_.emplace(key, index);
  steps_.push_back(Step{StepKind::Send, index});
  return index;
}

void EventRecorder::arrive(const MessageEvent& e, MessageFate fate) {
  series_.advanceTo(e.at);
  series_.pendingChanged(e.to, -1);
  ++events_;
  if (auto link = outstandingPerLink_.find({e.from, e.to}); link != outstandingPerLink_.end() && link->second > 0)
    --link->second;
  if (fate == MessageFate::Delivered && e.held) {
    held_.insert({e.to, e.write});
    series_.pendingChanged(e.to, +1);
  }
  // The first outstanding message with this (from, to, write, path); none
  // when it was sent after the message log was full.
  const MessageKey key{e.from, e.to, e.write, e.path};
  auto it = outstanding_.lower_bound(key);
  if (it == outstanding_.end() || it->first != key) return;
  const uint32_t index = it->second;
  outstanding_.erase(it);
  RecordedMessage& m = messages_[index];
  m.ended = e.at;
  m.fate = fate;
  m.waiting = false;
  if (fate == MessageFate::Delivered) {
    m.overtook = e.missingDep;
    m.held = e.held;
  } else {
    m.reason = e.reason;
  }
  steps_.push_back(Step{StepKind::Arrive, index});
}

void EventRecorder::onDelivered(const MessageEvent& e) { arrive(e, MessageFate::Delivered); }

// ----------------------------------------------------- leaderless quorums

void EventRecorder::onQuorumMessage(const QuorumMessageEvent& e) {
  if (carriesCopy(e.kind)) {
    // Its onSent came just before (and recorded it, unless the log was
    // full): name what it is for. Its arrival is onDelivered's.
    if (!e.delivered && lastSent_ != UINT32_MAX) {
      RecordedMessage& m = messages_[lastSent_];
      m.quorum = true;
      m.kind = e.kind;
      m.op = e.op;
      m.key = e.key;
    }
    return;
  }
  series_.advanceTo(e.at);
  ++events_;
  const MessageKey key{e.from, e.to, e.op, kQuorumPath + static_cast<uint32_t>(e.kind)};
  if (e.delivered) {
    auto it = outstanding_.lower_bound(key);
    if (it == outstanding_.end() || it->first != key) return;  // sent after the log was full
    const uint32_t index = it->second;
    outstanding_.erase(it);
    RecordedMessage& m = messages_[index];
    m.ended = e.at;
    m.fate = MessageFate::Delivered;
    m.waiting = false;
    steps_.push_back(Step{StepKind::Arrive, index});
    return;
  }
  ++quorumMessagesSent_;
  if (messages_.size() >= maxRecords_) return;
  RecordedMessage m = sentRecord(e.at, e.deliverAt, e.from, e.to, e.write, UINT32_MAX);
  m.quorum = true;
  m.kind = e.kind;
  m.op = e.op;
  m.key = e.key;
  keepSent(m, key);
}

void EventRecorder::onQuorumFanout(const QuorumFanoutEvent& e) {
  series_.advanceTo(e.at);
  record(fanouts_, e, StepKind::Fanout);
}

void EventRecorder::onQuorum(const QuorumEvent& e) {
  series_.advanceTo(e.at);
  record(quorums_, e, StepKind::Quorum);
}

void EventRecorder::onHint(const HintEvent& e) {
  series_.advanceTo(e.at);
  record(hints_, e, StepKind::Hint);
}
void EventRecorder::onDropped(const MessageEvent& e) { arrive(e, MessageFate::Dropped); }

void EventRecorder::onStream(const StreamEvent& e) {
  series_.advanceTo(e.at);
  if (e.resumed) return resumeLink(e.at, e.from, e.to);
  // Stalled: everything in flight on the link went back into the log.
  for (auto it = linkBegin(e.from, e.to), end = linkEnd(e.from, e.to); it != end; ++it) {
    RecordedMessage& m = messages_[it->second];
    if (m.waiting) continue;
    m.waiting = true;
    ++m.outages;
    if (m.pulledBackAt == SimTime::max()) m.pulledBackAt = e.at;
  }
}

void EventRecorder::resumeLink(SimTime at, uint32_t from, uint32_t to) {
  // The whole log is re-sent now, with fresh latency.
  for (auto it = linkBegin(from, to), end = linkEnd(from, to); it != end; ++it) {
    RecordedMessage& m = messages_[it->second];
    if (!m.waiting) continue;
    m.waiting = false;
    m.resent = at;
  }
}

void EventRecorder::discardLink(SimTime at, uint32_t from, uint32_t to) {
  const auto begin = linkBegin(from, to), end = linkEnd(from, to);
  for (auto it = begin; it != end; ++it) {
    RecordedMessage& m = messages_[it->second];
    m.fate = MessageFate::Discarded;
    m.ended = at;  // `waiting` stays: whether it was lost from the log or from the wire
  }
  outstanding_.erase(begin, end);
  if (auto link = outstandingPerLink_.find({from, to}); link != outstandingPerLink_.end()) {
    series_.pendingChanged(to, -static_cast<int64_t>(link->second));
    link->second = 0;
  }
}

// ---------------------------------------------------------------- replicas

void EventRecorder::onApplied(const ApplyEvent& e) {
  series_.advanceTo(e.at);
  settle(e.node, e.write);
  record(applies_, e, StepKind::Apply);
}

void EventRecorder::onConflict(const ConflictEvent& e) {
  series_.advanceTo(e.at);
  // The incoming write is settled here whatever the outcome: applied,
  // discarded, skipped as an anomaly or refused (the error resolver).
  settle(e.node, e.writes.front());
  if (!keeps(conflicts_.size())) return;
  PackedConflict c;
  c.at = e.at;
  c.lists = conflictWrites_.size();
  c.node = e.node;
  c.key = e.key;
  c.writes = static_cast<uint32_t>(e.writes.size());
  c.kept = static_cast<uint32_t>(e.kept.size());
  c.discarded = static_cast<uint32_t>(e.discarded.size());
  conflictWrites_.insert(conflictWrites_.end(), e.writes.begin(), e.writes.end());
  conflictWrites_.insert(conflictWrites_.end(), e.kept.begin(), e.kept.end());
  conflictWrites_.insert(conflictWrites_.end(), e.discarded.begin(), e.discarded.end());
  // A run names a handful of resolvers; the last one found is the likely one.
  if (resolverNames_.empty() || resolverNames_[lastResolver_] != e.by) {
    auto it = std::find(resolverNames_.begin(), resolverNames_.end(), e.by);
    if (it == resolverNames_.end()) it = resolverNames_.insert(it, std::string(e.by));
    lastResolver_ = static_cast<uint32_t>(it - resolverNames_.begin());
  }
  c.by = lastResolver_;
  if (!e.resolvedValue.empty()) {
    c.resolvedValue = static_cast<uint32_t>(resolvedValues_.size());
    resolvedValues_.push_back(e.resolvedValue);
  }
  c.type = e.type;
  c.causallyLater = e.causallyLater;
  conflicts_.push_back(c);
  steps_.push_back(Step{StepKind::Conflict, static_cast<uint32_t>(conflicts_.size() - 1)});
}

RecordedConflict EventRecorder::conflict(size_t i) const {
  const PackedConflict& c = conflicts_[i];
  const std::span<const uint32_t> lists(conflictWrites_.data() + c.lists, c.writes + c.kept + c.discarded);
  RecordedConflict r;
  r.at = c.at;
  r.node = c.node;
  r.key = c.key;
  r.type = c.type;
  r.writes = lists.first(c.writes);
  r.kept = lists.subspan(c.writes, c.kept);
  r.discarded = lists.subspan(c.writes + c.kept);
  r.by = resolverNames_[c.by];
  r.causallyLater = c.causallyLater;
  if (c.resolvedValue != UINT32_MAX) r.resolvedValue = resolvedValues_[c.resolvedValue];
  return r;
}

// ------------------------------------------------------------------ faults

void EventRecorder::openInterval(IntervalKind kind, SimTime at, uint32_t node, uint32_t peer, std::string label) {
  for (const FaultInterval& o : faults_)
    if (o.kind == kind && o.node == node && o.peer == peer && o.to == SimTime::max() && o.label == label) return;
  FaultInterval o;
  o.kind = kind;
  o.from = at;
  o.node = node;
  o.peer = peer;
  o.label = std::move(label);
  faults_.push_back(std::move(o));
}

void EventRecorder::closeInterval(IntervalKind kind, SimTime at, uint32_t node, uint32_t peer) {
  for (FaultInterval& o : faults_)
    if (o.kind == kind && o.node == node && o.peer == peer && o.to == SimTime::max()) o.to = at;
}

bool EventRecorder::inTopology(uint32_t from, uint32_t to) const {
  const auto& links = sim_.topology().links();
  return std::any_of(links.begin(), links.end(), [&](const TopologyLink& l) { return l.from == from && l.to == to; });
}

void EventRecorder::onNodeState(const NodeStateEvent& e) {
  series_.advanceTo(e.at);
  const IntervalKind kind = e.state == NodeState::Crashed ? IntervalKind::Crash : IntervalKind::Offline;
  if (e.entered) openInterval(kind, e.at, e.node, UINT32_MAX);
  else closeInterval(kind, e.at, e.node, UINT32_MAX);
}

void EventRecorder::onLinkOutage(const LinkOutageEvent& e) {
  series_.advanceTo(e.at);
  if (e.down) openInterval(IntervalKind::LinkDown, e.at, e.from, e.to);
  else closeInterval(IntervalKind::LinkDown, e.at, e.from, e.to);
}

void EventRecorder::onPartition(const PartitionEvent& e) {
  series_.advanceTo(e.at);
  if (e.healed) return closeInterval(IntervalKind::Partition, e.at, UINT32_MAX, UINT32_MAX);
  // "A,B | C,D": the engine's groups (the fault's, then the nodes it did not name).
  std::string label;
  for (const auto& group : e.groups) {
    label += label.empty() ? "" : " | ";
    for (size_t i = 0; i < group.size(); ++i) label += (i ? "," : "") + sim_.nodeName(group[i]);
  }
  openInterval(IntervalKind::Partition, e.at, UINT32_MAX, UINT32_MAX, std::move(label));
}

void EventRecorder::onLinkChange(const LinkChangeEvent& e) {
  series_.advanceTo(e.at);
  // A failover's or rejoin's link changes are part of the failover (not drawn).
  if (e.cause != EffectCause::Fault && e.cause != EffectCause::AutoReconfigure) return;
  if (!e.added) {
    // What was outstanding on the removed link is gone (re-pointed copies
    // come as new messages).
    discardLink(e.at, e.from, e.to);
    if (inTopology(e.from, e.to)) openInterval(IntervalKind::LinkRemoved, e.at, e.from, e.to);
    else closeInterval(IntervalKind::LinkAdded, e.at, e.from, e.to);
    return;
  }
  if (inTopology(e.from, e.to)) closeInterval(IntervalKind::LinkRemoved, e.at, e.from, e.to);
  else
    openInterval(IntervalKind::LinkAdded, e.at, e.from, e.to,
                 e.cause == EffectCause::AutoReconfigure ? "bypass" : "added");
}

}  // namespace replsim
