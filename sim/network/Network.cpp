#include "sim/network/Network.h"

#include <algorithm>

namespace replsim {
namespace {
const std::vector<MessageSlot> kNoBacklog;
// A link with loss < 1 gets through eventually; this bound only guards
// against a pathological loss such as 0.999999 stalling the process.
constexpr uint32_t kMaxTransmissions = 100000;
}  // namespace

Network::Network(const Topology& topology, Scheduler& scheduler, Random& rng)
    : scheduler_(scheduler), rng_(rng), out_(topology.nodeCount()), outByTarget_(topology.nodeCount()) {
  links_.reserve(topology.links().size());
  // (the topology's links have distinct ends: no search, each out-list sorted once)
  for (const auto& tl : topology.links()) {
    const auto id = static_cast<LinkId>(links_.size());
    links_.push_back(Link{tl.from, tl.to, internParams(tl.params()), 0, SimTime::zero(), kNone, kNone});
    out_[tl.from].push_back(id);
  }
  for (NodeId n = 0; n < out_.size(); ++n) {
    outByTarget_[n] = out_[n];
    std::sort(outByTarget_[n].begin(), outByTarget_[n].end(),
              [&](LinkId a, LinkId b) { return links_[a].to < links_[b].to; });
  }
}

uint32_t Network::internParams(const LinkParams& p) {
  auto [it, inserted] = paramsIds_.try_emplace(p.key(), static_cast<uint32_t>(params_.size()));
  if (inserted) {
    params_.push_back(p);
    auto& us = constantUs_.emplace_back();
    for (size_t k = 0; k < us.size(); ++k) {
      const std::optional<SimTime> c = p.latencyOf(static_cast<MessageKind>(k)).constant();
      us[k] = c ? c->us() : -1;
    }
  }
  return it->second;
}

LinkId Network::find(NodeId from, NodeId to) const {
  const std::vector<LinkId>& out = outByTarget_[from];
  auto it = std::lower_bound(out.begin(), out.end(), to, [&](LinkId id, NodeId t) { return links_[id].to < t; });
  return it != out.end() && links_[*it].to == to ? *it : kNone;
}

LinkId Network::addLink(NodeId from, NodeId to, const LinkParams& params, SimTime now) {
  if (LinkId existing = find(from, to); existing != kNone) {
    links_[existing].paramsId = internParams(params);
    setDown(existing, kRemoved, false, now);
    return existing;
  }
  const auto id = static_cast<LinkId>(links_.size());
  links_.push_back(Link{from, to, internParams(params), 0, SimTime::zero(), kNone, kNone});
  out_[from].push_back(id);
  std::vector<LinkId>& sorted = outByTarget_[from];
  sorted.insert(std::lower_bound(sorted.begin(), sorted.end(), to,
                                 [&](LinkId x, NodeId t) { return links_[x].to < t; }),
                id);
  return id;
}

const std::vector<MessageSlot>& Network::backlog(LinkId id) const {
  auto it = backlogs_.find(id);
  return it == backlogs_.end() ? kNoBacklog : it->second;
}

MessageSlot Network::allocate() {
  if (!free_.empty()) {
    MessageSlot s = free_.back();
    free_.pop_back();
    return s;
  }
  pool_.emplace_back();
  return static_cast<MessageSlot>(pool_.size() - 1);
}

void Network::release(MessageSlot s) { free_.push_back(s); }

SimTime Network::transmissionTime(const LinkParams& p, MessageKind kind, uint32_t* lostOut) {
  uint32_t lost = 0;
  if (p.loss > 0.0)
    while (lost < kMaxTransmissions && rng_.bernoulli(p.loss)) ++lost;
  if (lostOut) *lostOut = lost;
  return p.retry * lost + p.latencyOf(kind).sample(rng_);
}

SimTime Network::transmissionTime(uint32_t paramsId, MessageKind kind, uint32_t* lostOut) {
  const LinkParams& p = params_[paramsId];
  const int64_t us = constantUs_[paramsId][static_cast<size_t>(kind)];
  if (us < 0 || p.loss > 0.0) return transmissionTime(p, kind, lostOut);
  *lostOut = 0;
  return SimTime::fromUs(us);
}

void Network::transmit(LinkId id, MessageSlot s, SimTime now, uint32_t* retransmissionsOut, SimTime* arrivalOut) {
  Link& l = links_[id];
  const LinkParams& p = params_[l.paramsId];
  uint32_t lost = 0;
  SimTime arrival = now + transmissionTime(l.paramsId, pool_[s].kind, &lost);
  if (p.fifo) arrival = std::max(arrival, l.lastArrival);
  l.lastArrival = std::max(l.lastArrival, arrival);
  retransmissions_ += lost;

  Message& m = pool_[s];
  m.prev = l.inFlightTail;
  m.next = kNone;
  if (l.inFlightTail != kNone) pool_[l.inFlightTail].next = s; else l.inFlightHead = s;
  l.inFlightTail = s;
  m.eventSeq = scheduler_.schedule(arrival, kDeliverEvent, s).seq;
  ++inFlight_;
  if (retransmissionsOut) *retransmissionsOut = lost;
  if (arrivalOut) *arrivalOut = arrival;
}

SendOutcome Network::send(LinkId id, WriteIndex write, PathId path, SimTime now, MessageKind kind) {
  SendOutcome out;
  out.slot = allocate();
  Message& m = pool_[out.slot];
  m.write = write;
  m.path = path;
  m.link = id;
  m.kind = kind;
  m.sentAt = now;
  m.eventSeq = 0;
  Link& l = links_[id];
  if (l.down != 0) {
    backlogs_[id].push_back(out.slot);
    out.queued = true;
    return out;
  }
  transmit(id, out.slot, now, &out.retransmissions, &out.arrival);
  return out;
}

void Network::unlinkInFlight(Link& l, MessageSlot s) {
  Message& m = pool_[s];
  // Removing the head, the usual case (a FIFO link delivers in sending
  // order), writes nothing to its successor, a message sent later whose
  // slot is a cache miss: the new head's `prev` is left stale, and a head's
  // `prev` is never read. Only the tail end appends, so a message, once
  // head, stays head until it leaves.
  if (s == l.inFlightHead) {
    l.inFlightHead = m.next;
    if (m.next == kNone) l.inFlightTail = kNone;
  } else {
    pool_[m.prev].next = m.next;
    if (m.next != kNone) pool_[m.next].prev = m.prev; else l.inFlightTail = m.prev;
  }
  m.prev = m.next = kNone;
  --inFlight_;
}

MessageSlot Network::arrive(const Event& event, Message* arrived) {
  const MessageSlot s = event.target;
  Message& m = pool_[s];
  if (m.eventSeq != event.key.seq) return kNone;  // pulled back while in flight
  *arrived = m;
  m.eventSeq = 0;
  unlinkInFlight(links_[m.link], s);
  return s;
}

uint32_t Network::setDown(LinkId id, LinkDownReason reason, bool on, SimTime now) {
  Link& l = links_[id];
  const uint8_t before = l.down;
  if (on) l.down |= reason; else l.down &= static_cast<uint8_t>(~reason);
  uint32_t count = 0;
  if (on && pullsBack(reason) && l.inFlightHead != kNone) {
    // Stop the stream: everything in flight goes back, ahead of the backlog.
    std::vector<MessageSlot> pulled;
    for (MessageSlot s = l.inFlightHead; s != kNone; s = pool_[s].next) pulled.push_back(s);
    for (MessageSlot s : pulled) {
      unlinkInFlight(l, s);
      pool_[s].eventSeq = 0;
    }
    std::vector<MessageSlot>& backlog = backlogs_[id];
    backlog.insert(backlog.begin(), pulled.begin(), pulled.end());
    l.lastArrival = now;
    count = static_cast<uint32_t>(pulled.size());
  } else if (!on && before != 0 && l.down == 0) {
    // Resume: re-send the backlog in order, with fresh latency samples.
    std::vector<MessageSlot> backlog;
    if (auto it = backlogs_.find(id); it != backlogs_.end()) {
      backlog.swap(it->second);
      backlogs_.erase(it);
    }
    for (MessageSlot s : backlog) transmit(id, s, now, nullptr, nullptr);
    count = static_cast<uint32_t>(backlog.size());
  }
  return count;
}

std::vector<MessageSlot> Network::discardAll(LinkId id) {
  Link& l = links_[id];
  std::vector<MessageSlot> gone;
  while (l.inFlightHead != kNone) {
    MessageSlot s = l.inFlightHead;
    unlinkInFlight(l, s);
    pool_[s].eventSeq = 0;
    gone.push_back(s);
  }
  if (auto it = backlogs_.find(id); it != backlogs_.end()) {
    gone.insert(gone.end(), it->second.begin(), it->second.end());
    backlogs_.erase(it);
  }
  l.lastArrival = SimTime::zero();  // nothing left to stay behind: no FIFO clamp from a stream that is gone
  return gone;
}

size_t Network::backlogged() const {
  size_t n = 0;
  for (const auto& [id, backlog] : backlogs_) n += backlog.size();
  return n;
}

}  // namespace replsim
