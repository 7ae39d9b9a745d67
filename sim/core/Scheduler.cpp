#include "sim/core/Scheduler.h"

#include <algorithm>
#include <cassert>

namespace replsim {
namespace {
// std heap algorithms build a max-heap; invert the comparison for a min-heap.
struct Later {
  bool operator()(const Event& a, const Event& b) const { return b.key < a.key; }
};
}  // namespace

EventKey Scheduler::schedule(SimTime at, uint32_t kind, uint32_t target) {
  assert(at >= now_);
  Event e{EventKey{at, nextSeq_++}, kind, target};
  heap_.push_back(e);
  std::push_heap(heap_.begin(), heap_.end(), Later{});
  return e.key;
}

Event Scheduler::pop() {
  std::pop_heap(heap_.begin(), heap_.end(), Later{});
  Event e = heap_.back();
  heap_.pop_back();
  now_ = e.key.time;
  ++processed_;
  return e;
}

}  // namespace replsim
