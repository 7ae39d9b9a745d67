#pragma once
// Network: the directed replication links between nodes and the messages in
// flight on them.
//
// A link is a replication stream, not a datagram channel (spec: links):
//   * it is reliable: `loss` is the probability that one transmission is
//     lost; the sender retransmits after `retry_ms`, so a loss costs time,
//     never the message. The number of lost transmissions is drawn when the
//     message is sent, so a send is O(1) and schedules exactly one event;
//   * with `fifo` (the default) a message never arrives before one sent
//     earlier on the same link: its arrival is clamped to the link's latest
//     scheduled arrival, like a TCP stream behind a retransmission;
//   * while a link is down, the stream is stopped: messages in flight on it
//     are pulled back (their arrival events become stale) and, with those
//     sent while it is down, wait in the link's backlog in send order. When
//     the link is up again they are all re-sent, in order, with fresh latency
//     samples — the stream resumes from the sender's replication log;
//   * a message names its MessageKind; the link's latency for that kind
//     (LinkParams::latencyOf: by_kind, else latency_ms) is what is sampled,
//     for the first transmission and for a re-send alike. The network does
//     not interpret kinds; loss, retry and the fifo clamp are the link's,
//     whatever the kind (one stream carries every kind).
//
// Why a link is down is a set of reasons (a link_down fault, a partition, a
// crashed receiver, an offline end, removal by reconfiguration, a halted
// stream); it carries traffic only when the set is empty. A crashed *sender*
// is special: what it already sent is on the wire and still arrives; only
// its backlog waits until it recovers.
//
// Messages live in a pool of fixed-size slots reused through a free list, so
// the steady state allocates nothing per message.

#include <array>
#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include "sim/core/Ids.h"
#include "sim/core/Prefetch.h"
#include "sim/core/Random.h"
#include "sim/core/Scheduler.h"
#include "sim/topology/Topology.h"

namespace replsim {

using LinkId = uint32_t;
using MessageSlot = uint32_t;

enum LinkDownReason : uint8_t {
  kLinkDownFault = 1 << 0,
  kPartitioned = 1 << 1,
  kReceiverCrashed = 1 << 2,
  kSenderCrashed = 1 << 3,  // does not pull back what is already in flight
  kEndOffline = 1 << 4,
  kRemoved = 1 << 5,
  kHalted = 1 << 6,         // the `error` resolver stopped replication from this peer
};

struct Message {
  WriteIndex write = 0;
  PathId path = 0;          // path so far, ending with the sender
  LinkId link = 0;
  // The link's in-flight list, in sending order. `prev` is meaningless on
  // the list's head (never read there; see Network::unlinkInFlight).
  MessageSlot prev = kNone, next = kNone;
  MessageKind kind = MessageKind::Link;    // which latency of the link it takes (in former padding)
  uint64_t eventSeq = 0;    // the delivery event that is current for this message
  SimTime sentAt;
};

// 32 bytes: an idle link costs this, its entry in outLinks and in the
// per-node index of find() (an all-to-all of 2,000 leaders has 4 million).
// Its settings are shared (interned: Network::params), its backlog lives
// in a side table only while it has one.
struct Link {
  NodeId from = 0, to = 0;
  uint32_t paramsId = 0;          // Network::params(id)
  uint8_t down = 0;               // LinkDownReason bits
  SimTime lastArrival;            // latest arrival scheduled (fifo clamp)
  MessageSlot inFlightHead = kNone, inFlightTail = kNone;
};

// Pinned: a per-message kind must not grow the pool or the links (issue 12).
static_assert(sizeof(Message) <= 40, "Message grew: the kind belongs in padding");
static_assert(sizeof(Link) <= 32, "Link grew: per-kind settings belong in the interned LinkParams");

struct SendOutcome {
  MessageSlot slot = kNone;
  bool queued = false;          // the link is down: waiting in the backlog
  SimTime arrival;              // when !queued
  uint32_t retransmissions = 0;
};

class Network {
 public:
  static constexpr uint32_t kDeliverEvent = 1;

  Network(const Topology& topology, Scheduler& scheduler, Random& rng);

  size_t linkCount() const { return links_.size(); }
  const Link& link(LinkId id) const { return links_[id]; }
  const LinkParams& params(LinkId id) const { return params_[links_[id].paramsId]; }
  // The link's stopped stream, in send order (empty while it carries traffic).
  const std::vector<MessageSlot>& backlog(LinkId id) const;
  // Links leaving `node`, in topology order (then links added later).
  const std::vector<LinkId>& outLinks(NodeId node) const { return out_[node]; }
  // The link from→to, or kNone.
  LinkId find(NodeId from, NodeId to) const;
  // Adds a link (reconfiguration) or revives a removed one; returns its id.
  LinkId addLink(NodeId from, NodeId to, const LinkParams& params, SimTime now);

  SendOutcome send(LinkId link, WriteIndex write, PathId path, SimTime now, MessageKind kind = MessageKind::Link);

  // One transmission's time under `p` for a message of `kind`, drawn as a
  // send draws it (the lost transmissions at `loss`, `retry` each, then a
  // latency sample), from the network's Random. For legs that do not ride
  // a link: a client's loopback to its own node (LeaderlessProtocol).
  SimTime transmissionTime(const LinkParams& p, MessageKind kind, uint32_t* lostOut = nullptr);

  // Called for a delivery event. Returns the slot when the message arrives
  // now, and copies the message into `*arrived` as it was in flight; kNone
  // when the event is stale (the message was pulled back).
  // (The copy is read before the slot is unlinked: read afterwards, it
  // would span the unlinking's pending stores, which the CPU cannot forward
  // to a load, so it would wait for them — and they queue behind the store
  // to the link's next message, a cache miss: 11 % of an all-to-all 128.)
  MessageSlot arrive(const Event& event, Message* arrived);
  const Message& message(MessageSlot s) const { return pool_[s]; }
  // A hint that message `s` arrives soon (the engine's next event): its slot
  // is the first cache miss of a delivery on a big run. No effect on state.
  void prefetch(MessageSlot s) const { prefetchRead(&pool_[s]); }
  void release(MessageSlot s);

  // Sets or clears one reason on a link. Returns how many messages were
  // pulled back (going down) or re-sent (coming up), for the stream hook.
  uint32_t setDown(LinkId link, LinkDownReason reason, bool on, SimTime now);
  // Messages removed from a link's backlog and flight when it is removed.
  std::vector<MessageSlot> discardAll(LinkId link);

  size_t inFlight() const { return inFlight_; }
  size_t backlogged() const;
  uint64_t retransmissions() const { return retransmissions_; }

 private:
  static bool pullsBack(LinkDownReason r) { return r != kSenderCrashed; }
  MessageSlot allocate();
  void transmit(LinkId id, MessageSlot s, SimTime now, uint32_t* retransmissionsOut, SimTime* arrivalOut);
  // transmissionTime for the interned settings `paramsId`: a fixed latency
  // is read from constantUs_, not sampled (it draws nothing either way).
  SimTime transmissionTime(uint32_t paramsId, MessageKind kind, uint32_t* lostOut);
  void unlinkInFlight(Link& l, MessageSlot s);
  uint32_t internParams(const LinkParams& p);

  Scheduler& scheduler_;
  Random& rng_;
  std::vector<Link> links_;
  std::vector<std::vector<LinkId>> out_;
  std::vector<std::vector<LinkId>> outByTarget_;  // out_ sorted by `to`, for find()
  // The distinct settings links use (a scenario has a handful), and their ids.
  std::vector<LinkParams> params_;
  // Per interned settings and message kind: the latency in µs when it is
  // fixed, else -1. (Sampling a fixed latency, a call and a rounding, was
  // about 2 % of the instructions of a ring of 100 leaders.)
  std::vector<std::array<int64_t, kMessageKindNames.size()>> constantUs_;
  std::map<decltype(LinkParams{}.key()), uint32_t> paramsIds_;
  // Stopped streams, by link, while not empty. A map, not a vector in every
  // Link: idle links stay small, and a deque or vector member made growing
  // links_ copy every backlog (an all-to-all of 1,000 leaders once spent
  // 24 s and 1 GB there).
  std::map<LinkId, std::vector<MessageSlot>> backlogs_;
  std::vector<Message> pool_;
  std::vector<MessageSlot> free_;
  size_t inFlight_ = 0;
  uint64_t retransmissions_ = 0;
};

}  // namespace replsim
