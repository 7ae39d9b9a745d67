#pragma once
// Replica: the state one node keeps — its copy of the data, what it has
// received and applied, its clocks, and the writes causal ordering holds back.
//
// Plain data owned by ReplicaSet and mutated by the engine components (the
// protocol enforces the rules);
// kept separate so that reports can read a replica without seeing the engine.
// Invariants: `processed` ⊆ `received`; `digest` is the sum (mod 2^64) of
// keyDigest() over existing keys, so two replicas holding the same values
// have the same digest whatever order they applied writes in.

#include <cstdint>
#include <map>
#include <vector>

#include "sim/replication/KeyState.h"
#include "sim/replication/PathTable.h"
#include "sim/replication/PendingDeps.h"
#include "sim/replication/SeqTracker.h"

namespace replsim {

// A write that arrived before one of its causal predecessors and waits.
struct HeldWrite {
  WriteIndex write;
  PathId path;        // path so far (ending with the sender)
  SimTime since;
  Dot waitingFor;
  NodeId from;        // the peer it came from (the error resolver halts that stream)
};

struct Replica {
  Replica(NodeId id, size_t keys) : id(id), keys(keys) { processed.keepFloor(); }
  NodeId id;
  bool crashed = false;
  bool offline = false;
  std::vector<KeyState> keys;  // by KeyId
  SeqTracker received;         // every write id that reached this node
  SeqTracker processed;        // applied here (or skipped as an anomaly)
  uint64_t lamport = 0;
  int64_t lastClock = INT64_MIN / 2;  // last wall-clock timestamp issued (timestamps: clock)
  uint32_t writesOriginated = 0;
  uint32_t writesApplied = 0;
  uint64_t digest = 0;
  // Causal dependencies collected for this node's next write.
  PendingDeps pendingDeps;
  // Held writes, keyed by the dot each waits for.
  std::multimap<uint64_t, HeldWrite> held;
};

inline uint64_t dotKey(Dot d) { return (static_cast<uint64_t>(d.origin) << 32) | d.seq; }

}  // namespace replsim
