#pragma once
// SeqTracker: which writes (origin, seq) a replica has seen, per origin.
//
// Stores, per origin, the contiguous prefix 1..n as one integer, and the few
// sequence numbers that arrived ahead of a gap in a sorted side set. Writes
// usually arrive in order per origin (FIFO links), so the side set is almost
// always empty and contains()/insert() are O(1).

#include <cstdint>
#include <set>
#include <vector>

#include "sim/replication/WriteLog.h"

namespace replsim {

class SeqTracker {
 public:
  explicit SeqTracker(size_t origins = 0) : contiguous_(origins, 0) {}
  bool contains(Dot d) const {
    return d.seq <= contiguous_[d.origin] || ahead_.count(key(d)) != 0;
  }
  // Returns false if it was already there.
  bool insert(Dot d) {
    uint32_t& c = contiguous_[d.origin];
    if (d.seq <= c) return false;
    if (d.seq != c + 1) return ahead_.insert(key(d)).second;
    ++c;
    // Absorb what was waiting for this gap to close.
    for (auto it = ahead_.find(key(Dot{d.origin, c + 1})); it != ahead_.end() && *it == key(Dot{d.origin, c + 1});
         it = ahead_.find(key(Dot{d.origin, c + 1}))) {
      ahead_.erase(it);
      ++c;
    }
    return true;
  }
  uint32_t contiguous(NodeId origin) const { return contiguous_[origin]; }
  // How many writes are in the set. O(origins).
  size_t count() const {
    size_t n = ahead_.size();
    for (uint32_t c : contiguous_) n += c;
    return n;
  }

 private:
  static uint64_t key(Dot d) { return (static_cast<uint64_t>(d.origin) << 32) | d.seq; }
  std::vector<uint32_t> contiguous_;
  std::set<uint64_t> ahead_;
};

}  // namespace replsim
