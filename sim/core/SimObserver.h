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

struct FaultEvent {
  SimTime at;
  const FaultSpec* fault;
};

// A stream on a link stopped (messages pulled back) or resumed.
struct StreamEvent {
  SimTime at;
  uint32_t from, to;
  uint32_t messages;  // how many messages were stalled / resent
  bool resumed;
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
  virtual void onFault(const FaultEvent&) {}
  virtual void onStream(const StreamEvent&) {}
  virtual void onFailover(const FailoverEvent&) {}
  virtual void onRejoin(const RejoinEvent&) {}
};

}  // namespace replsim
