#pragma once
// SeqTracker: which writes (origin, seq) a replica has seen, per origin.
//
// Stores, per origin it has seen, the contiguous prefix 1..n as one integer
// (OriginCounters: sparse, so a replica pays for the origins it heard of,
// not for every node), and the few sequence numbers that arrived ahead of a
// gap in a sorted side set. Writes usually arrive in order per origin (FIFO
// links), so the side set is almost always empty and contains()/insert()
// are O(1).

#include <cstdint>
#include <set>
#include <vector>

#include "sim/replication/OriginCounters.h"
#include "sim/replication/WriteLog.h"

namespace replsim {

class SeqTracker {
 public:
  bool contains(Dot d) const {
    return d.seq <= contiguous_.get(d.origin) || (!ahead_.empty() && ahead_.count(key(d)) != 0);
  }
  // Returns false if it was already there.
  bool insert(Dot d) {
    if (d.seq <= contiguous_.get(d.origin)) return false;
    uint32_t& c = contiguous_.at(d.origin);
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
  uint32_t contiguous(NodeId origin) const { return contiguous_.get(origin); }
  // f(origin, contiguous) for every origin seen, in no particular order.
  template <typename F>
  void forEachOrigin(F&& f) const { contiguous_.forEach(f); }
  // How many writes are in the set. O(origins).
  size_t count() const {
    size_t n = ahead_.size();
    contiguous_.forEach([&](NodeId, uint32_t c) { n += c; });
    return n;
  }

 private:
  static uint64_t key(Dot d) { return (static_cast<uint64_t>(d.origin) << 32) | d.seq; }
  OriginCounters contiguous_;
  std::set<uint64_t> ahead_;
};

}  // namespace replsim
