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
// probe — or, once the origins seen are nearly all of 0..max (an all-to-all,
// a ring whose every node writes), an array of 4-byte counters indexed by
// origin, at most about four times as long as the origins in it (no more
// memory than the table): a lookup is one load.
//
// Invariants: hashed, no slot holds kEmpty as its key, a key is in at most
// one slot, capacity is 0 or a power of two >= 2 * size_; dense, element i is
// origin i. forEach() visits in slot order, which depends on the insertion
// history: callers that produce output must sort what they collect
// (MultiLeaderProtocol sorts by origin).

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/core/Ids.h"

namespace replsim {

class OriginCounters {
 public:
  // The counter of `origin`; 0 if it was never set.
  uint32_t get(NodeId origin) const {
    if (dense_) return origin < dense_values_.size() ? dense_values_[origin] : 0;
    if (slots_.empty()) return 0;
    for (size_t i = home(origin);; i = (i + 1) & mask()) {
      if (slots_[i].key == origin) return slots_[i].value;
      if (slots_[i].key == kEmpty) return 0;
    }
  }
  // Dense: how many origins the array covers (0..denseSize()-1); 0 when hashed.
  size_t denseSize() const { return dense_ ? dense_values_.size() : 0; }
  // The counter of `origin` if present, else nullptr (no insertion). (Dense:
  // every origin below the highest seen is present, possibly 0.)
  uint32_t* find(NodeId origin) {
    if (dense_) return origin < dense_values_.size() ? &dense_values_[origin] : nullptr;
    if (slots_.empty()) return nullptr;
    for (size_t i = home(origin);; i = (i + 1) & mask()) {
      if (slots_[i].key == origin) return &slots_[i].value;
      if (slots_[i].key == kEmpty) return nullptr;
    }
  }
  // The counter of `origin`, created as 0 if absent. The reference is valid
  // until the next call of at() for another origin.
  uint32_t& at(NodeId origin) {
    if (uint32_t* found = find(origin)) return *found;
    if (dense_) {
      // Stay dense while reaching `origin` at most doubles the array.
      if (origin < 2 * dense_values_.size() + kDenseSlack) {
        dense_values_.resize(std::max<size_t>(origin + 1, dense_values_.size() + dense_values_.size() / 2), 0);
        return dense_values_[origin];
      }
      toHash();
    }
    if (2 * (size_ + 1) > slots_.size()) {
      grow();
      if (dense_) return at(origin);
    }
    size_t i = home(origin);
    while (slots_[i].key != kEmpty) i = (i + 1) & mask();
    slots_[i].key = origin;
    ++size_;
    return slots_[i].value;
  }
  // f(origin, value) for every origin that may have a nonzero counter (with
  // value 0 too: callers skip those), in no particular order.
  template <typename F>
  void forEach(F&& f) const {
    if (dense_) {
      for (NodeId o = 0; o < dense_values_.size(); ++o) f(o, dense_values_[o]);
      return;
    }
    for (const Slot& s : slots_)
      if (s.key != kEmpty) f(s.key, s.value);
  }

 private:
  static constexpr NodeId kEmpty = UINT32_MAX;
  static constexpr size_t kDenseSlack = 64;
  // Hashed: a slot is (key, value), kEmpty keys free. Dense: `dense_values_` holds
  // origin i's counter at i (slots_ is empty), so a lookup is one index.
  struct Slot {
    NodeId key = kEmpty;
    uint32_t value = 0;
  };
  size_t mask() const { return slots_.size() - 1; }
  size_t home(NodeId origin) const {
    // Fibonacci hashing: the top bits of origin * 2^64/phi.
    return static_cast<size_t>((static_cast<uint64_t>(origin) * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  // Doubles the table — or, when the origins seen are nearly all of 0..max
  // (an all-to-all, a ring whose every node writes), becomes dense.
  void grow() {
    NodeId maxKey = 0;
    for (const Slot& s : slots_)
      if (s.key != kEmpty) maxKey = std::max(maxKey, s.key);
    // (4-byte counters up to 4x the origins seen: no more than the table's 16 bytes an origin)
    if (size_ > 0 && maxKey < 4 * size_ + kDenseSlack) {
      dense_values_.assign(maxKey + 1, 0);
      for (const Slot& s : slots_)
        if (s.key != kEmpty) dense_values_[s.key] = s.value;
      slots_ = std::vector<Slot>();
      dense_ = true;
      return;
    }
    rehash(slots_.empty() ? 4 : slots_.size() * 2);
  }
  void rehash(size_t capacity) {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(capacity, Slot{});
    shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(capacity));
    for (const Slot& s : old) {
      if (s.key == kEmpty) continue;
      size_t i = home(s.key);
      while (slots_[i].key != kEmpty) i = (i + 1) & mask();
      slots_[i] = s;
    }
  }
  // Back from dense (an origin far beyond the others): its nonzero counters.
  void toHash() {
    std::vector<Slot> nonzero;
    for (NodeId o = 0; o < dense_values_.size(); ++o)
      if (dense_values_[o] != 0) nonzero.push_back(Slot{o, dense_values_[o]});
    dense_values_ = std::vector<uint32_t>();
    dense_ = false;
    size_ = static_cast<uint32_t>(nonzero.size());
    size_t capacity = 4;
    while (capacity < 2 * (size_ + 1)) capacity *= 2;
    slots_.clear();
    rehash(capacity);  // (an empty table of that size)
    for (const Slot& s : nonzero) {
      size_t i = home(s.key);
      while (slots_[i].key != kEmpty) i = (i + 1) & mask();
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_;
  std::vector<uint32_t> dense_values_;
  uint32_t size_ = 0;  // hashed: keys in slots_
  unsigned shift_ = 64;
  bool dense_ = false;
};

}  // namespace replsim
