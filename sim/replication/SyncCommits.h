#pragma once
// SyncCommits: the bookkeeping behind `conflicts.detect: "sync"`.
//
// With synchronous detection a client write is not done when its leader has
// executed it: it waits until every leader there was when it was issued has
// certified and acknowledged it (a leader that is down or cut off holds the
// commit until it is back). Each acknowledgement travels back to the origin
// (its arrival time is computed by the caller), and the write commits when the
// last one arrives. A leader that finds it concurrent with a write that wins
// (committed, or issued earlier) aborts it instead; the client learns it at
// `noticeAt` (see docs/semantics.md, "Synchronous conflict detection").
//
// Invariants:
//   * each write is in exactly one state: Pending (waiting for acks),
//     Committed (all acks arrive by `commitAt`) or Aborted;
//   * an Aborted write never becomes Committed, and vice versa;
//   * abort() is only called on a Pending write (or again on an Aborted one).
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
  // REQUIRES: the write is Pending or already Aborted.
  bool abort(WriteIndex w, NodeId detectedAt, WriteIndex winner, SimTime noticeAt);

  // Whether w is pending and still waits for node n's acknowledgement.
  bool waitsFor(WriteIndex w, NodeId n) const {
    return tracked(w) && entries_[w].state == State::Pending && n < waiting_[w].size() && waiting_[w][n] != 0;
  }
  bool tracked(WriteIndex w) const { return w < entries_.size(); }
  bool aborted(WriteIndex w) const { return tracked(w) && entries_[w].state == State::Aborted; }
  const Entry& entry(WriteIndex w) const { return entries_[w]; }
  Entry& entry(WriteIndex w) { return entries_[w]; }
  size_t size() const { return entries_.size(); }

 private:
  std::vector<Entry> entries_;
  // Per write still pending: which nodes it waits for (freed at commit/abort).
  std::vector<std::vector<uint8_t>> waiting_;
};

}  // namespace replsim
