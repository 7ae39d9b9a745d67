#include "sim/network/Network.h"

#include <algorithm>

namespace replsim {
namespace {
uint64_t endsKey(NodeId from, NodeId to) { return (static_cast<uint64_t>(from) << 32) | to; }
// A link with loss < 1 gets through eventually; this bound only guards
// against a pathological loss such as 0.999999 stalling the process.
constexpr uint32_t kMaxTransmissions = 100000;
}  // namespace

Network::Network(const Topology& topology, Scheduler& scheduler, Random& rng)
    : scheduler_(scheduler), rng_(rng), out_(topology.nodeCount()) {
  links_.reserve(topology.links().size());
  for (const auto& tl : topology.links()) addLink(tl.from, tl.to, tl.params, SimTime::zero());
}

LinkId Network::find(NodeId from, NodeId to) const {
  auto it = byEnds_.find(endsKey(from, to));
  return it == byEnds_.end() ? kNone : it->second;
}

LinkId Network::addLink(NodeId from, NodeId to, const LinkParams& params, SimTime now) {
  if (LinkId existing = find(from, to); existing != kNone) {
    links_[existing].params = params;
    setDown(existing, kRemoved, false, now);
    return existing;
  }
  Link l;
  l.from = from;
  l.to = to;
  l.params = params;
  links_.push_back(std::move(l));
  const auto id = static_cast<LinkId>(links_.size() - 1);
  out_[from].push_back(id);
  byEnds_.emplace(endsKey(from, to), id);
  return id;
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

void Network::transmit(LinkId id, MessageSlot s, SimTime now, uint32_t* retransmissionsOut, SimTime* arrivalOut) {
  Link& l = links_[id];
  uint32_t lost = 0;
  if (l.params.loss > 0.0)
    while (lost < kMaxTransmissions && rng_.bernoulli(l.params.loss)) ++lost;
  SimTime arrival = now + l.params.retry * lost + l.params.latency.sample(rng_);
  if (l.params.fifo) arrival = std::max(arrival, l.lastArrival);
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

SendOutcome Network::send(LinkId id, WriteIndex write, PathId path, SimTime now) {
  SendOutcome out;
  out.slot = allocate();
  Message& m = pool_[out.slot];
  m.write = write;
  m.path = path;
  m.link = id;
  m.sentAt = now;
  m.eventSeq = 0;
  Link& l = links_[id];
  if (l.down != 0) {
    l.backlog.push_back(out.slot);
    out.queued = true;
    return out;
  }
  transmit(id, out.slot, now, &out.retransmissions, &out.arrival);
  return out;
}

void Network::unlinkInFlight(Link& l, MessageSlot s) {
  Message& m = pool_[s];
  if (m.prev != kNone) pool_[m.prev].next = m.next; else l.inFlightHead = m.next;
  if (m.next != kNone) pool_[m.next].prev = m.prev; else l.inFlightTail = m.prev;
  m.prev = m.next = kNone;
  --inFlight_;
}

MessageSlot Network::arrive(const Event& event) {
  const MessageSlot s = event.target;
  Message& m = pool_[s];
  if (m.eventSeq != event.key.seq) return kNone;  // pulled back while in flight
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
    l.backlog.insert(l.backlog.begin(), pulled.begin(), pulled.end());
    l.lastArrival = now;
    count = static_cast<uint32_t>(pulled.size());
  } else if (!on && before != 0 && l.down == 0) {
    // Resume: re-send the backlog in order, with fresh latency samples.
    std::vector<MessageSlot> backlog;
    backlog.swap(l.backlog);
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
  gone.insert(gone.end(), l.backlog.begin(), l.backlog.end());
  l.backlog.clear();
  l.lastArrival = SimTime::zero();  // nothing left to stay behind: no FIFO clamp from a stream that is gone
  return gone;
}

size_t Network::backlogged() const {
  size_t n = 0;
  for (const auto& l : links_) n += l.backlog.size();
  return n;
}

}  // namespace replsim
