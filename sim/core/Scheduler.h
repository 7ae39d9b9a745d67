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
// allocates per event beyond amortised growth of its heap array, and never
// calls back: the engine pops events and dispatches them itself.

#include <algorithm>
#include <cstdint>
#include <span>
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
  uint32_t kind = 0;    // engine-defined event kind
  uint32_t target = 0;  // engine-defined index (message slot, fault index, ...)
};

class Scheduler {
 public:
  // REQUIRES: at >= now(). Returns the key the event was given.
  EventKey schedule(SimTime at, uint32_t kind, uint32_t target);
  bool empty() const { return heap_.empty(); }
  size_t size() const { return heap_.size(); }
  // The key of the next event. REQUIRES: !empty().
  const EventKey& peekKey() const { return heap_.front().key; }
  // The heap's first min(size(), n) entries: the next event, then its four
  // children, one of which is the event after it. For prefetching only —
  // beyond the first, no order is promised.
  std::span<const Event> front(size_t n) const { return {heap_.data(), std::min(n, heap_.size())}; }
  // Removes and returns the earliest event and advances now() to its time.
  // REQUIRES: !empty().
  Event pop();
  SimTime now() const { return now_; }
  uint64_t processed() const { return processed_; }
  void reserve(size_t n) { heap_.reserve(n); }

 private:
  std::vector<Event> heap_;  // 4-ary min-heap on EventKey
  uint64_t nextSeq_ = 1;  // 0 is never a valid seq: engines use it as "no event"
  uint64_t processed_ = 0;
  SimTime now_;
};

}  // namespace replsim
