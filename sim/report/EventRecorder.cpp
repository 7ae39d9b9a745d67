#include "sim/report/EventRecorder.h"

#include <algorithm>

#include "sim/replication/Simulation.h"

namespace replsim {

EventRecorder::EventRecorder(const Simulation& sim, size_t maxRecords)
    : sim_(sim), maxRecords_(maxRecords), series_(sim.nodeCount()) {}

bool EventRecorder::truncated() const { return messagesSent_ > messages_.size() || notKept_ > 0; }

template <class Log, class Event>
void EventRecorder::record(Log& log, const Event& e, StepKind kind) {
  if (log.size() >= maxRecords_) {
    ++notKept_;
    return;
  }
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
  series_.pendingChanged(e.to, +1);
  ++outstandingPerLink_[{e.from, e.to}];
  if (messages_.size() >= maxRecords_) return;
  RecordedMessage m;
  m.sent = e.at;
  m.plannedArrival = e.deliverAt;
  m.resent = e.at;
  m.from = e.from;
  m.to = e.to;
  m.write = e.write;
  m.path = e.path;
  m.retransmissions = e.retransmissions;
  m.waiting = e.deliverAt == SimTime::max();  // the link is down: queued in the sender's log
  m.outages = m.waiting ? 1 : 0;
  messages_.push_back(m);
  const auto index = static_cast<uint32_t>(messages_.size() - 1);
  outstanding_.emplace(MessageKey{e.from, e.to, e.write, e.path}, index);
  steps_.push_back(Step{StepKind::Send, index});
}

void EventRecorder::arrive(const MessageEvent& e, MessageFate fate) {
  series_.advanceTo(e.at);
  series_.pendingChanged(e.to, -1);
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
  record(conflicts_, e, StepKind::Conflict);
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

void EventRecorder::onFault(const FaultEvent& e) {
  series_.advanceTo(e.at);
  const FaultSpec& f = *e.fault;
  auto node = [&](const std::string& name) { return *sim_.topology().find(name); };
  switch (f.kind) {
    case FaultKind::Crash: openInterval(IntervalKind::Crash, e.at, node(f.node), UINT32_MAX); break;
    case FaultKind::Recover: closeInterval(IntervalKind::Crash, e.at, node(f.node), UINT32_MAX); break;
    case FaultKind::Offline: openInterval(IntervalKind::Offline, e.at, node(f.node), UINT32_MAX); break;
    case FaultKind::Online: closeInterval(IntervalKind::Offline, e.at, node(f.node), UINT32_MAX); break;
    case FaultKind::LinkDown:
    case FaultKind::LinkUp: {
      auto link = [&](uint32_t from, uint32_t to) {
        if (f.kind == FaultKind::LinkDown) openInterval(IntervalKind::LinkDown, e.at, from, to);
        else closeInterval(IntervalKind::LinkDown, e.at, from, to);
      };
      link(node(f.link.first), node(f.link.second));
      if (f.both) link(node(f.link.second), node(f.link.first));
      break;
    }
    case FaultKind::Partition: {
      // Nodes not named in any group form one more group (as the engine does).
      std::vector<bool> named(sim_.nodeCount(), false);
      std::string label;
      for (const auto& group : f.groups) {
        label += label.empty() ? "" : " | ";
        for (size_t i = 0; i < group.size(); ++i) {
          label += (i ? "," : "") + group[i];
          named[node(group[i])] = true;
        }
      }
      std::string rest;
      for (uint32_t n = 0; n < sim_.nodeCount(); ++n)
        if (!named[n]) rest += (rest.empty() ? "" : ",") + sim_.nodeName(n);
      if (!rest.empty()) label += " | " + rest;
      openInterval(IntervalKind::Partition, e.at, UINT32_MAX, UINT32_MAX, std::move(label));
      break;
    }
    case FaultKind::Heal: closeInterval(IntervalKind::Partition, e.at, UINT32_MAX, UINT32_MAX); break;
    case FaultKind::Reconfigure:
      // What is outstanding on a removed link is what the engine discards
      // (onFault comes just before a reconfigure fault takes effect, and just
      // after auto_reconfigure retires a bypass); what it re-points onto an
      // added link is announced by onSent as new messages.
      for (const auto& [a, b] : f.remove) {
        const uint32_t from = node(a), to = node(b);
        if (sim_.network().find(from, to) == kNone) continue;
        discardLink(e.at, from, to);
        if (inTopology(from, to)) openInterval(IntervalKind::LinkRemoved, e.at, from, to);
        else closeInterval(IntervalKind::LinkAdded, e.at, from, to);
      }
      for (const auto& [a, b] : f.add) {
        const uint32_t from = node(a), to = node(b);
        if (inTopology(from, to)) closeInterval(IntervalKind::LinkRemoved, e.at, from, to);
        else
          openInterval(IntervalKind::LinkAdded, e.at, from, to, f.jsonPath == "auto_reconfigure" ? "bypass" : "added");
      }
      break;
    case FaultKind::CrashDatacenter:
    case FaultKind::RecoverDatacenter: {
      // Every node of the datacenter; onFault comes before the fault takes
      // effect, so `crashed` still says which nodes change.
      const DatacenterDirectory& dcs = *sim_.datacenters();
      for (NodeId m : dcs[*dcs.find(f.node)].members) {
        const bool crashed = sim_.replica(m).crashed;
        if (f.kind == FaultKind::CrashDatacenter && !crashed) openInterval(IntervalKind::Crash, e.at, m, UINT32_MAX);
        if (f.kind == FaultKind::RecoverDatacenter && crashed) closeInterval(IntervalKind::Crash, e.at, m, UINT32_MAX);
      }
      break;
    }
    case FaultKind::Resume:
      break;  // streams restart, reported by onStream
  }
}

}  // namespace replsim
