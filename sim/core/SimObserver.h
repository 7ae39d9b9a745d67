#pragma once
// SimObserver: the hooks the engine publishes; report writers subscribe.
//
// The engine never formats output. It calls these hooks synchronously, in
// simulated-time order, with small value structs that refer to its tables by
// index (write, path, node); an observer that needs names or values asks the
// Simulation it was given (read-only). Every hook has an empty default so an
// observer overrides only what it needs.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/SimTime.h"

namespace replsim {

struct FaultSpec;

enum class DropReason : uint8_t { Path, Origin, Seen, Duplicate };
const char* toString(DropReason r);

enum class ConflictType : uint8_t {
  InsertExists, UpdateOriginDiffers, UpdateMissing, DeleteOriginDiffers, DeleteMissing
};
const char* toString(ConflictType t);

// Why a client operation was refused at its leader.
enum class FailReason : uint8_t { Crashed, KeyExists, KeyMissing, Unreachable };
const char* toString(FailReason r);

// The events below are built with brace initializers that name only what the
// hook reports: members after those every event has carry a default member
// initializer (`{}` where the type's default would do), so leaving them out
// is no -Wmissing-field-initializers warning with g++ or clang++.

struct ClientOpEvent {
  SimTime at;
  uint32_t node;
  uint32_t key;
  uint32_t write;       // the new write's index, or kNone for reads and failures
  uint8_t op;           // OpKind
  bool failed = false;
  FailReason reason = FailReason::Crashed;
  uint32_t client = 0;    // the leader the client talked to (node differs when routed)
  SimTime clientLatency{};  // from the client's request to its execution at `node`
};

struct ReadEvent {
  SimTime at;
  uint32_t node;
  uint32_t key;
  std::vector<std::string> values;  // sorted; empty if absent; several: siblings
  std::string resolvedBy{};         // an on_read resolver settled the siblings
  std::string resolvedValue{};      // ... into this value, written back
};

struct MessageEvent {
  SimTime at;
  uint32_t from, to;
  uint32_t write;
  uint32_t path;              // the path including the sender (for a drop: including the receiver)
  SimTime deliverAt;          // sent: when it will arrive
  uint32_t retransmissions = 0;  // sent: transmissions lost before this one got through
  uint32_t missingDep = UINT32_MAX;  // delivered: a causal predecessor not yet applied here
  bool held = false;          // delivered: held back by causal ordering
  DropReason reason = DropReason::Path;
};

// A write was applied at a replica (its origin included).
struct ApplyEvent {
  SimTime at;
  uint32_t node;
  uint32_t write;
  bool local = false;      // the origin applying its own client write
  bool superseded = false; // already covered by a later version here: a no-op
  SimTime heldFor{};       // causal ordering: how long it waited
};

struct ConflictEvent {
  SimTime at;
  uint32_t node;
  uint32_t key;
  ConflictType type;
  std::vector<uint32_t> writes;     // the incoming write first
  std::vector<uint32_t> kept{};     // empty when nothing was applied
  std::vector<uint32_t> discarded{};
  std::string_view by;              // resolver name, or "skip": lives for the run (not copied per conflict)
  bool causallyLater = false;       // the incoming write causally follows (lww with clocks)
  std::string resolvedValue{};      // a value the resolver made (merge, custom)
};

// The outcome of a client write as its client sees it: committed, or (with
// conflicts.detect "sync") aborted because a concurrent write was in flight.
// Async detection commits every write when its leader applies it.
struct CommitEvent {
  SimTime at;             // when the client learns the outcome (at the origin)
  uint32_t node;          // the write's origin
  uint32_t write;
  SimTime latency{};      // from the client's request to `at`
  bool aborted = false;
  uint32_t detectedAt = UINT32_MAX;  // aborted: the replica that found the conflict
  uint32_t winner = UINT32_MAX;      // aborted: the write that proceeded instead
};

// An input fault, as the scenario states it, just before the engine applies
// it. For quoting the input only: its effects follow as effect hooks.
struct FaultEvent {
  SimTime at;
  const FaultSpec* fault;
};

// Why an effect happened.
enum class EffectCause : uint8_t {
  Fault,            // a scenario fault (the effect event names it)
  AutoReconfigure,  // replication.auto_reconfigure added or retired a bypass
  Failover,         // a datacenter's leader was replaced
  Rejoin,           // a failed-over leader came back as a follower
};

// A stream on a link stopped (messages pulled back) or resumed.
struct StreamEvent {
  SimTime at;
  uint32_t from, to;
  uint32_t messages;  // how many messages were stalled / resent
  bool resumed;
  uint8_t reason;     // the LinkDownReason bit (sim/network/Network.h) that changed
};

// A node crashed or recovered (crash, crash_datacenter...), or went offline
// or came back online. A datacenter's nodes are published together, in
// member order, when one fault takes them all.
enum class NodeState : uint8_t { Crashed, Offline };
struct NodeStateEvent {
  SimTime at;
  uint32_t node;
  NodeState state;
  bool entered;                // true: now crashed / offline; false: no longer
  const FaultSpec* fault;      // the fault that did it
};

// A link_down fault took a link out of service, or link_up brought it back
// (published whether or not the link exists now).
struct LinkOutageEvent {
  SimTime at;
  uint32_t from, to;
  bool down;
  const FaultSpec* fault;
};

// A partition came into force (groups: the engine's grouping, the fault's
// groups in order and then the nodes it did not name, in node order), or
// healed (groups empty).
struct PartitionEvent {
  SimTime at;
  bool healed;
  std::vector<std::vector<uint32_t>> groups;
  const FaultSpec* fault;
};

// A link was added to or removed from the network. A removed link's
// outstanding messages are gone with it (or, for a reconfigure, re-pointed:
// the re-sent copies come with their own onSent after this).
struct LinkChangeEvent {
  SimTime at;
  uint32_t from, to;
  bool added;
  EffectCause cause;
  const FaultSpec* fault;      // cause Fault: the reconfigure fault; else null
};

// A datacenter's leader had been down for failover_after_ms and one of its
// followers was promoted in its place (docs/datacenters.md).
struct FailoverEvent {
  SimTime at;
  uint32_t datacenter;              // index into the scenario's datacenters
  uint32_t oldLeader, newLeader;
  std::vector<uint32_t> lost;       // writes of the old leader the new one had not processed
  uint32_t discardedMessages = 0;   // unsent on the old leader's links, which were removed
  std::vector<uint32_t> resynced{}; // followers holding lost writes, reset to a copy of the new leader
  bool replay = false;              // failover_rejoin "replay" (else "discard")
};

// A failed-over leader recovered and rejoined its datacenter as a follower.
struct RejoinEvent {
  SimTime at;
  uint32_t datacenter;
  uint32_t node, leader;
  bool resynced = false;               // discard: its state was reset to a copy of the leader's
  std::vector<uint32_t> replayed{};    // replay: the lost writes it sent to the leader
  std::vector<uint32_t> confirmedLost{};  // discard: lost writes the leader does not have: gone for good here
};

// ---- Leaderless quorums (replication.mode "leaderless", docs/leaderless.md) ----
// Published only to observers that ask for them (SimObserver::wantsQuorumEvents),
// so a run nobody draws builds none of these events.

// A message of the quorum protocol. The copies of a write (Write, Repair,
// HintedWrite, HandOff, Sync) are replication messages too: each one's sent
// event comes right after its onSent, and its delivered event right after
// its onDelivered, naming what the copy is for. The others (acks, read
// requests, answers) are published only here.
enum class QuorumMessageKind : uint8_t {
  Write,        // coordinator -> replica: a copy of a client write
  Ack,          // replica -> coordinator: the copy was stored (or a newer one was already there)
  ReadRequest,  // coordinator -> replica
  ReadAnswer,   // replica -> coordinator: what the replica holds
  Repair,       // coordinator -> replica: read repair, the read's result
  RepairAck,    // replica -> coordinator
  HintedWrite,  // coordinator -> fallback: a copy for an unreachable replica, with a hint
  HintedAck,    // fallback -> coordinator
  HandOff,      // fallback -> owner: a hint handed off
  Sync,         // anti-entropy: the newer version of a differing key
};
const char* toString(QuorumMessageKind k);
// The kinds that carry a copy of a write (also published as onSent/onDelivered).
inline bool carriesCopy(QuorumMessageKind k) {
  return k == QuorumMessageKind::Write || k == QuorumMessageKind::Repair || k == QuorumMessageKind::HintedWrite ||
         k == QuorumMessageKind::HandOff || k == QuorumMessageKind::Sync;
}

struct QuorumMessageEvent {
  SimTime at;
  uint32_t from, to;
  QuorumMessageKind kind;
  // The operation it belongs to: a write's index (Write, Ack, HintedWrite,
  // HintedAck, HandOff), a read's number (ReadRequest, ReadAnswer, Repair,
  // RepairAck; reads are numbered from 0 in the order they were issued), or
  // UINT32_MAX (Sync).
  uint32_t op;
  uint32_t key;                 // the operation's key (Sync: the key shipped)
  uint32_t write = UINT32_MAX;  // the write carried or acknowledged; an answer: what the replica held (UINT32_MAX: nothing)
  bool delivered = false;       // false: sent now; true: delivered now
  SimTime deliverAt{};          // sent: the planned arrival, SimTime::max() when queued behind a down link
};

// A coordinator asked the replicas of a key for a write or a read. Published
// once per client write or read, after its requests' sent events (it sums
// them up), at the same instant.
struct QuorumFanoutEvent {
  SimTime at;
  uint32_t coordinator;
  uint32_t op;                  // the write's index, or the read's number
  uint32_t key;
  bool read;
  std::vector<uint32_t> asked;  // the nodes a request was sent to, in sending order (hinted fallbacks included)
  bool local = false;           // the coordinator is one of the replicas: its own store / answer counts at once
  uint32_t needed = 0;          // w or r
};

// A quorum was reached (a write's w-th ack, a read's r-th answer: the read
// is decided; with blocking read repair the client hears later) or failed
// (quorum.timeout_ms passed first). At most once per operation.
struct QuorumEvent {
  SimTime at;
  uint32_t coordinator;
  uint32_t op;                  // the write's index, or the read's number
  uint32_t key;
  bool read;
  bool reached;                 // false: failed at the timeout
  uint32_t count = 0;           // acks / answers received by then
  uint32_t needed = 0;          // w or r
  uint32_t write = UINT32_MAX;  // a write: itself; a decided read: the newest of its answers (UINT32_MAX: not found)
};

// Hinted handoff: a fallback node stored a hint for an unreachable replica,
// handed it off (sent the write to its owner), or dropped it after
// quorum.hint_window_ms.
enum class HintAction : uint8_t { Stored, HandedOff, Expired };
const char* toString(HintAction a);
struct HintEvent {
  SimTime at;
  uint32_t node;    // the fallback holding the hint
  uint32_t owner;   // the replica the write is meant for
  uint32_t write;
  HintAction action;
};

class SimObserver {
 public:
  virtual ~SimObserver() = default;
  virtual void onClientOp(const ClientOpEvent&) {}
  virtual void onRead(const ReadEvent&) {}
  virtual void onSent(const MessageEvent&) {}
  virtual void onDelivered(const MessageEvent&) {}
  virtual void onDropped(const MessageEvent&) {}
  virtual void onApplied(const ApplyEvent&) {}
  virtual void onConflict(const ConflictEvent&) {}
  virtual void onCommit(const CommitEvent&) {}
  virtual void onFault(const FaultEvent&) {}  // the input; see the effect hooks below
  virtual void onStream(const StreamEvent&) {}
  virtual void onNodeState(const NodeStateEvent&) {}
  virtual void onLinkOutage(const LinkOutageEvent&) {}
  virtual void onPartition(const PartitionEvent&) {}
  virtual void onLinkChange(const LinkChangeEvent&) {}
  virtual void onFailover(const FailoverEvent&) {}
  virtual void onRejoin(const RejoinEvent&) {}

  // Leaderless quorums: called only when wantsQuorumEvents() is true (asked
  // once, when the observer is added), so that publishing them costs one
  // branch when no observer wants them.
  virtual bool wantsQuorumEvents() const { return false; }
  virtual void onQuorumMessage(const QuorumMessageEvent&) {}
  virtual void onQuorumFanout(const QuorumFanoutEvent&) {}
  virtual void onQuorum(const QuorumEvent&) {}
  virtual void onHint(const HintEvent&) {}
};

}  // namespace replsim
