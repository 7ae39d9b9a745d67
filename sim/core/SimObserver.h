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
  std::string by;                   // resolver name, or "skip"
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
};

}  // namespace replsim
