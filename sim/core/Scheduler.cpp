#include "sim/core/Scheduler.h"

#include <cassert>

namespace replsim {

// A 4-ary min-heap on EventKey: half the depth of a binary heap and four
// children in one or two cache lines, which matters when millions of
// message arrivals are pending. Sift-up/down move a hole instead of swapping.

uint32_t Scheduler::allocateChunk() {
  if (!freeChunks_.empty()) {
    const uint32_t id = freeChunks_.back();
    freeChunks_.pop_back();
    chunk(id) = Chunk{};
    return id;
  }
  if (chunks_.size() >= kMaxChunks) return kNoChunk;
  chunks_.emplace_back();
  return static_cast<uint32_t>(chunks_.size());
}

bool Scheduler::appendToOpenRun(SimTime at, uint32_t kind, uint32_t target) {
  if (openPos_ == kNoOpen || heap_[openPos_].key.time != at) return false;
  if (openTail_ == kNoChunk || chunk(openTail_).count == kChunkItems) {
    const uint32_t fresh = allocateChunk();
    if (fresh == kNoChunk) return false;  // out of chunk ids: the event gets its own entry
    if (openTail_ == kNoChunk) heap_[openPos_].meta |= fresh << 8;
    else chunk(openTail_).next = fresh;
    openTail_ = fresh;
  }
  Chunk& tail = chunk(openTail_);
  tail.items[tail.count++] = Payload{kind, target};
  return true;
}

void Scheduler::pushLane(const Event& e) {
  if (laneSize_ == lane_.size()) {
    // Full: double, unrolling the ring so that the front is at 0.
    std::vector<Event> bigger(lane_.empty() ? 64 : 2 * lane_.size());
    for (size_t i = 0; i < laneSize_; ++i) bigger[i] = lane_[(laneHead_ + i) & (lane_.size() - 1)];
    lane_.swap(bigger);
    laneHead_ = 0;
  }
  lane_[(laneHead_ + laneSize_++) & (lane_.size() - 1)] = e;
}

EventKey Scheduler::schedule(SimTime at, uint32_t kind, uint32_t target) {
  assert(at >= now_);
  assert(kind < kKinds);
  ++pending_;
  // The open run's events have seqs up to nextSeq_ - 1 and time `at`: this
  // one, nextSeq_, comes right after them.
  if (appendToOpenRun(at, kind, target)) return EventKey{at, nextSeq_++};
  // Not before the lane's last event: its back (which keeps it sorted).
  if (laneSize_ == 0 || at >= laneBack().key.time) {
    const Event e{EventKey{at, nextSeq_++}, kind, target};
    pushLane(e);
    openPos_ = kNoOpen;  // a heap run's seqs must stay consecutive
    return e.key;
  }
  const Entry e{EventKey{at, nextSeq_++}, target, kind};
  size_t hole = heap_.size();
  heap_.push_back(e);
  while (hole > 0) {
    const size_t parent = (hole - 1) / 4;
    if (!(e.key < heap_[parent].key)) break;
    heap_[hole] = heap_[parent];
    hole = parent;
  }
  heap_[hole] = e;
  openPos_ = hole;
  openTail_ = kNoChunk;
  return e.key;
}

void Scheduler::removeTop() {
  const Entry last = heap_.back();
  heap_.pop_back();
  const size_t n = heap_.size();
  if (n == 0) return;
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

Event Scheduler::pop() {
  if (nextIsLane()) {
    const Event out = laneFront();
    laneHead_ = (laneHead_ + 1) & (lane_.size() - 1);
    --laneSize_;
    openPos_ = kNoOpen;
    --pending_;
    now_ = out.key.time;
    ++processed_;
    return out;
  }
  Entry& top = heap_.front();
  const Event out{top.key, kindOf(top.meta), top.target};
  if (const uint32_t rest = chunkOf(top.meta); rest == kNoChunk) {
    removeTop();
  } else {
    // The run's next event takes the entry. Its key (time, seq + 1) is still
    // the least: the run's seqs are consecutive, so no other entry's key lies
    // between this one and it.
    Chunk& c = chunk(rest);
    const Payload next = c.items[c.head++];
    uint32_t remaining = rest;
    if (c.head == c.count) {
      remaining = c.next;
      freeChunks_.push_back(rest);
    }
    top.key.seq += 1;
    top.target = next.target;
    top.meta = next.kind | remaining << 8;
  }
  openPos_ = kNoOpen;  // the heap moved (or the open run started draining)
  --pending_;
  now_ = out.key.time;
  ++processed_;
  return out;
}

}  // namespace replsim
