#pragma once
// OriginCounters: one uint32_t per origin node that a replica has heard of,
// 0 for every other — a sparse map NodeId -> uint32_t.
//
// Why not a vector indexed by NodeId: every replica keeps a few of these
// (what it received, processed, and the dependencies of its next write), and
// a dense vector over all nodes makes a ring of 100,000 leaders carrying one
// write cost 100,000^2 counters. This costs O(origins actually seen): an
// open-addressing table (linear probing, power-of-two capacity, at most half
// full) of 8-byte slots, so a lookup is a multiply, a shift and usually one
// probe.
//
// Invariants: no slot holds kEmpty as its key; a key is in at most one slot;
// capacity is 0 or a power of two >= 2 * size(). forEach() visits in slot
// order, which depends on the insertion history: callers that produce output
// must sort what they collect (MultiLeaderProtocol sorts by origin).

#include <cstdint>
#include <vector>

#include "sim/core/Ids.h"

namespace replsim {

class OriginCounters {
 public:
  // The counter of `origin`; 0 if it was never set.
  uint32_t get(NodeId origin) const {
    if (slots_.empty()) return 0;
    for (size_t i = home(origin);; i = (i + 1) & mask()) {
      if (slots_[i].key == origin) return slots_[i].value;
      if (slots_[i].key == kEmpty) return 0;
    }
  }
  // The counter of `origin`, created as 0 if absent. The reference is valid
  // until the next call of at() for another origin.
  uint32_t& at(NodeId origin) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    size_t i = home(origin);
    for (; slots_[i].key != kEmpty; i = (i + 1) & mask())
      if (slots_[i].key == origin) return slots_[i].value;
    slots_[i].key = origin;
    ++size_;
    return slots_[i].value;
  }
  // The counter of `origin` if present, else nullptr (no insertion).
  uint32_t* find(NodeId origin) {
    if (slots_.empty()) return nullptr;
    for (size_t i = home(origin);; i = (i + 1) & mask()) {
      if (slots_[i].key == origin) return &slots_[i].value;
      if (slots_[i].key == kEmpty) return nullptr;
    }
  }
  // f(origin, value) for every origin ever set (value may be 0), in no
  // particular order.
  template <typename F>
  void forEach(F&& f) const {
    for (const Slot& s : slots_)
      if (s.key != kEmpty) f(s.key, s.value);
  }
  size_t size() const { return size_; }

 private:
  static constexpr NodeId kEmpty = UINT32_MAX;
  struct Slot {
    NodeId key = kEmpty;
    uint32_t value = 0;
  };
  size_t mask() const { return slots_.size() - 1; }
  size_t home(NodeId origin) const {
    // Fibonacci hashing: the top bits of origin * 2^64/phi.
    return static_cast<size_t>((static_cast<uint64_t>(origin) * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  void grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    const size_t capacity = old.empty() ? 4 : old.size() * 2;
    slots_.assign(capacity, Slot{});
    shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(capacity));
    for (const Slot& s : old) {
      if (s.key == kEmpty) continue;
      size_t i = home(s.key);
      while (slots_[i].key != kEmpty) i = (i + 1) & mask();
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_;
  uint32_t size_ = 0;
  unsigned shift_ = 64;
};

}  // namespace replsim
