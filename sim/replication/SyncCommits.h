#pragma once
// SyncCommits: the bookkeeping behind `conflicts.detect: "sync"`.
//
// With synchronous detection a client write is not done when its leader has
// applied it: the leader waits until every leader that was reachable when
// the write was issued has acknowledged it. Each acknowledgement travels back
// to the origin (its arrival time is computed by the caller), and the write
// commits when the last one arrives. A write that meets a concurrent write
// while either is still in flight is arbitrated: the one issued first
// proceeds, the other is aborted and its client told so (see
// docs/semantics.md, "Synchronous conflict detection").
//
// Invariants:
//   * each write is in exactly one state: Pending (waiting for acks),
//     Committed (all acks arrive by `commitAt`) or Aborted;
//   * an Aborted write never becomes Committed, and vice versa;
//   * `inFlight(w, t)` is true while a write may still be aborted: Pending,
//     or Committed with its last ack still on its way at time t.
// Writes are indexed densely by WriteIndex; begin() is called once per
// write, in index order.

#include <cstdint>
#include <vector>

#include "sim/core/SimTime.h"
#include "sim/replication/WriteLog.h"

namespace replsim {

class SyncCommits {
 public:
  enum class State : uint8_t { Pending, Committed, Aborted };

  struct Entry {
    State state = State::Pending;
    SimTime executedAt;           // applied at its leader
    SimTime clientLatency;        // the client's request → executedAt
    SimTime commitAt;             // Committed: when the last ack arrives at the origin
    SimTime lastAckAt;            // latest ack arrival so far
    uint32_t acksMissing = 0;
    NodeId abortedAt = kNone;     // Aborted: the replica that detected the conflict
    WriteIndex abortedFor = kNone;  // ... in favour of this write
    SimTime noticeAt = SimTime::max();  // Aborted: when the origin learns it
    bool reported = false;        // the outcome was published
  };

  // Starts waiting for the acks of `waitFor` (one flag per node; the origin's
  // own is ignored). With nobody to wait for, the write commits at `now`.
  // REQUIRES: w == number of writes begun so far.
  void begin(WriteIndex w, NodeId origin, SimTime now, SimTime clientLatency, std::vector<uint8_t> waitFor);

  // Node `from` acknowledged w; the ack reaches the origin at `arrival`.
  // Returns true when this was the last ack missing: the write now commits
  // at entry(w).commitAt. Acks from nodes not waited for, repeats, and acks
  // for aborted writes are ignored.
  bool ack(WriteIndex w, NodeId from, SimTime arrival);

  // Aborts w, detected at `detectedAt` in favour of `winner`; the origin
  // learns it at `noticeAt`. Returns true when the notice time moved
  // earlier (the caller schedules a notice then).
  // REQUIRES: the write is in flight or already aborted.
  bool abort(WriteIndex w, NodeId detectedAt, WriteIndex winner, SimTime noticeAt);

  bool tracked(WriteIndex w) const { return w < entries_.size(); }
  bool aborted(WriteIndex w) const { return tracked(w) && entries_[w].state == State::Aborted; }
  bool inFlight(WriteIndex w, SimTime now) const;
  const Entry& entry(WriteIndex w) const { return entries_[w]; }
  Entry& entry(WriteIndex w) { return entries_[w]; }
  size_t size() const { return entries_.size(); }

 private:
  std::vector<Entry> entries_;
  // Per write still pending: which nodes it waits for (freed at commit/abort).
  std::vector<std::vector<uint8_t>> waiting_;
};

}  // namespace replsim
