#include "sim/core/Scheduler.h"

#include <cassert>

namespace replsim {

// A 4-ary min-heap on EventKey: half the depth of a binary heap and four
// children in one or two cache lines, which matters when millions of
// message arrivals are pending. Sift-up/down move a hole instead of swapping.

EventKey Scheduler::schedule(SimTime at, uint32_t kind, uint32_t target) {
  assert(at >= now_);
  const Event e{EventKey{at, nextSeq_++}, kind, target};
  size_t hole = heap_.size();
  heap_.push_back(e);
  while (hole > 0) {
    const size_t parent = (hole - 1) / 4;
    if (!(e.key < heap_[parent].key)) break;
    heap_[hole] = heap_[parent];
    hole = parent;
  }
  heap_[hole] = e;
  return e.key;
}

Event Scheduler::pop() {
  const Event top = heap_.front();
  const Event last = heap_.back();
  heap_.pop_back();
  const size_t n = heap_.size();
  if (n > 0) {
    size_t hole = 0;
    for (;;) {
      const size_t first = 4 * hole + 1;
      if (first >= n) break;
      size_t best = first;
      const size_t end = first + 4 < n ? first + 4 : n;
      for (size_t c = first + 1; c < end; ++c)
        if (heap_[c].key < heap_[best].key) best = c;
      if (!(heap_[best].key < last.key)) break;
      heap_[hole] = heap_[best];
      hole = best;
    }
    heap_[hole] = last;
  }
  now_ = top.key.time;
  ++processed_;
  return top;
}

}  // namespace replsim
