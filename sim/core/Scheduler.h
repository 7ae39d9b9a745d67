#pragma once
// Scheduler: the deterministic event queue at the heart of the simulator.
//
// Events are ordered by EventKey = (time, sequence number), where the
// sequence number is the order in which they were scheduled. Two events at
// the same simulated time therefore run in the order they were scheduled, on
// every run and every machine; nothing about memory addresses or hash order
// can influence the order.
//
// An Event is a small trivially-copyable struct (24 bytes): what to do (kind)
// and on what (an index into the engine's own tables). The scheduler never
// allocates per event beyond amortised growth of its arrays, and never
// calls back: the engine pops events and dispatches them itself.
//
// Runs. Events scheduled one after another for the same time (a write sent
// on every link of a uniform all-to-all: 63 arrivals at one instant) have
// consecutive seqs and one time, so nothing else can come between them in
// (time, seq) order. The heap keeps such a *run* as one entry — its first
// pending event — and the rest in a chunk list beside it; popping one of a
// run replaces the entry's event with the next, without a sift. This only
// changes how the queue is stored, never which event pops next: the order
// is exactly that of one heap entry per event (SchedulerTest checks it
// against a sorted reference).
//
// The lane. With fixed link latencies most events are scheduled no earlier
// than every event already pending (now + 10 ms, with now only growing).
// Such an event goes to the back of a FIFO lane instead of the heap: the
// lane stays sorted by (time, seq) because its times never decrease and
// seqs grow, so push and pop are O(1), and the next event is the lesser of
// the lane's front and the heap's top. Again only storage changes, never
// the order.

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/core/SimTime.h"

namespace replsim {

struct EventKey {
  SimTime time;
  uint64_t seq = 0;
  friend bool operator<(const EventKey& a, const EventKey& b) {
    return a.time != b.time ? a.time < b.time : a.seq < b.seq;
  }
};

struct Event {
  EventKey key;
  uint32_t kind = 0;    // engine-defined event kind, < Scheduler::kKinds
  uint32_t target = 0;  // engine-defined index (message slot, fault index, ...)
};

class Scheduler {
 public:
  static constexpr uint32_t kKinds = 256;

  // REQUIRES: at >= now(), kind < kKinds. Returns the key the event was given.
  EventKey schedule(SimTime at, uint32_t kind, uint32_t target);
  bool empty() const { return heap_.empty() && laneSize_ == 0; }
  // Events pending (a run counts each of its events).
  size_t size() const { return pending_; }
  // The key of the next event. REQUIRES: !empty().
  const EventKey& peekKey() const { return nextIsLane() ? laneFront().key : heap_.front().key; }
  // Calls f(kind, target) for up to n events that are likely to pop soon:
  // the next event first, then those after it in the lane, or the rest of
  // its run and the heap's candidates for the entry after it. For
  // prefetching only: beyond the first, no order is promised, and an event
  // may be skipped.
  template <typename F>
  void forUpcoming(size_t n, F&& f) const;
  // Removes and returns the earliest event and advances now() to its time.
  // REQUIRES: !empty().
  Event pop();
  SimTime now() const { return now_; }
  uint64_t processed() const { return processed_; }
  void reserve(size_t n) { heap_.reserve(n); }

 private:
  static constexpr uint32_t kNoChunk = 0;       // chunk ids are 1-based in Entry::meta
  static constexpr uint32_t kMaxChunks = (1u << 24) - 1;
  static constexpr uint32_t kChunkItems = 15;
  static constexpr size_t kNoOpen = SIZE_MAX;

  // A heap entry: the first pending event of a run, and (meta >> 8) the
  // 1-based id of the chunk holding the rest, 0 when it is alone.
  struct Entry {
    EventKey key;
    uint32_t target;
    uint32_t meta;  // kind (8 bits) | rest chunk (24 bits)
  };
  struct Payload {
    uint32_t kind, target;
  };
  // The rest of a run, in seq order: items[head, count), then chunk `next`.
  struct Chunk {
    uint32_t next = kNoChunk;
    uint16_t head = 0, count = 0;
    Payload items[kChunkItems];
  };
  static uint32_t kindOf(uint32_t meta) { return meta & 0xffu; }
  static uint32_t chunkOf(uint32_t meta) { return meta >> 8; }
  Chunk& chunk(uint32_t id) { return chunks_[id - 1]; }
  const Chunk& chunk(uint32_t id) const { return chunks_[id - 1]; }
  uint32_t allocateChunk();  // kNoChunk when the ids are exhausted
  bool appendToOpenRun(SimTime at, uint32_t kind, uint32_t target);
  void removeTop();
  // The lane: a ring buffer of capacity lane_.size() (a power of two, or 0).
  const Event& laneFront() const { return lane_[laneHead_]; }
  const Event& laneBack() const { return lane_[(laneHead_ + laneSize_ - 1) & (lane_.size() - 1)]; }
  bool nextIsLane() const { return laneSize_ > 0 && (heap_.empty() || laneFront().key < heap_.front().key); }
  void pushLane(const Event& e);

  std::vector<Event> lane_;
  size_t laneHead_ = 0, laneSize_ = 0;
  std::vector<Entry> heap_;  // 4-ary min-heap on EventKey
  std::vector<Chunk> chunks_;
  std::vector<uint32_t> freeChunks_;
  // The run the last schedule() started or extended, while it may still be
  // extended: its heap position and its last chunk. Reset by every pop and
  // by a schedule() at another time (the run's seqs must stay consecutive).
  size_t openPos_ = kNoOpen;
  uint32_t openTail_ = kNoChunk;
  size_t pending_ = 0;
  uint64_t nextSeq_ = 1;  // 0 is never a valid seq: engines use it as "no event"
  uint64_t processed_ = 0;
  SimTime now_;
};

template <typename F>
void Scheduler::forUpcoming(size_t n, F&& f) const {
  auto lane = [&] {
    for (size_t i = 0; i < laneSize_ && n > 0; ++i, --n) {
      const Event& e = lane_[(laneHead_ + i) & (lane_.size() - 1)];
      f(e.kind, e.target);
    }
  };
  auto heap = [&] {
    if (heap_.empty() || n == 0) return;
    const Entry& top = heap_.front();
    f(kindOf(top.meta), top.target);
    --n;
    for (uint32_t c = chunkOf(top.meta); c != kNoChunk && n > 0; c = chunk(c).next)
      for (uint32_t i = chunk(c).head; i < chunk(c).count && n > 0; ++i, --n)
        f(chunk(c).items[i].kind, chunk(c).items[i].target);
    for (size_t i = 1; i < heap_.size() && i <= 4 && n > 0; ++i, --n) f(kindOf(heap_[i].meta), heap_[i].target);
  };
  if (nextIsLane()) {
    lane();
    heap();
  } else {
    heap();
    lane();
  }
}

}  // namespace replsim
