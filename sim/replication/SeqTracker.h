#pragma once
// SeqTracker: which writes (origin, seq) a replica has seen, per origin.
//
// Stores, per origin it has seen, the contiguous prefix 1..n as one integer
// (OriginCounters: sparse, so a replica pays for the origins it heard of,
// not for every node), and the few sequence numbers that arrived ahead of a
// gap in a sorted side set. Writes usually arrive in order per origin (FIFO
// links), so the side set is almost always empty and contains()/insert()
// are O(1).
//
// It also keeps a floor: the smallest contiguous prefix over every origin
// up to the largest inserted (while the counters are a dense array), with
// how many origins sit at it. A write whose dependencies all have a seq at or below
// the floor, on origins it covers, has them all here — one comparison
// instead of a walk over its dependencies (about 63 per delivery on an
// all-to-all of 64, where everyone writes at one rate: 10-15 % of those
// runs). It is kept up to date in O(1) per insert; only when the last
// origin at it moves past it is it recomputed, O(origins), and at most once
// per `origins` inserts (a stale floor is a lower bound: still right).
// An origin that never writes holds it at 0, and the check never passes.

#include <algorithm>
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
    seenOrigins_ = std::max(seenOrigins_, d.origin + 1);
    uint32_t& c = contiguous_.at(d.origin);
    if (d.seq != c + 1) return ahead_.insert(key(d)).second;
    const uint32_t before = c;
    ++c;
    // Absorb what was waiting for this gap to close.
    for (auto it = ahead_.find(key(Dot{d.origin, c + 1})); it != ahead_.end() && *it == key(Dot{d.origin, c + 1});
         it = ahead_.find(key(Dot{d.origin, c + 1}))) {
      ahead_.erase(it);
      ++c;
    }
    updateFloor(d.origin, before, c);
    return true;
  }
  uint32_t contiguous(NodeId origin) const { return contiguous_.get(origin); }
  // Keep the floor from now on (only the trackers whose containsEveryUpTo is
  // asked pay for its upkeep: a replica's processed writes, not its received).
  void keepFloor() {
    floorKept_ = true;
    refloor();
  }
  // True when every dot with origin <= maxOrigin and seq <= maxSeq is
  // contained (the floor; false means "walk", not "missing").
  bool containsEveryUpTo(NodeId maxOrigin, uint32_t maxSeq) const {
    return maxOrigin < floorOrigins_ && maxSeq <= floor_;
  }
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
  // `origin`'s prefix moved from `before` to `after`. O(1), but for a
  // recomputation at most once per floorOrigins_ moves (so O(1) per
  // insert amortised, whatever the order origins appear and advance in).
  void updateFloor(NodeId origin, uint32_t before, uint32_t after) {
    if (!floorKept_) return;
    if (contiguous_.denseSize() == 0) {  // hashed: no floor
      floorOrigins_ = 0;
      return;
    }
    if (floorOrigins_ == 0) return refloor();  // (just became dense: prefixes of any size)
    ++sinceRefloor_;
    if (origin < floorOrigins_ && before == floor_ && atFloor_ > 0) --atFloor_;
    if (seenOrigins_ != floorOrigins_) {
      // Origins [floorOrigins_, seenOrigins_) join. Each is at 0 but
      // `origin` (if it is one of them): only a move of a prefix gets here,
      // and each one brings floorOrigins_ up to seenOrigins_.
      const bool originJoins = origin >= floorOrigins_;
      const uint32_t zeros = seenOrigins_ - floorOrigins_ - (originJoins ? 1 : 0);
      if (zeros > 0) {
        atFloor_ = (floor_ == 0 ? atFloor_ : 0) + zeros;
        floor_ = 0;
      } else if (originJoins && after < floor_) {
        floor_ = after;
        atFloor_ = 1;
      } else if (originJoins && after == floor_) {
        ++atFloor_;
      }
      floorOrigins_ = seenOrigins_;
    }
    // atFloor_ == 0: floor_ is a lower bound below the true minimum (still
    // right, less useful) until enough moves pay for a recomputation.
    if (atFloor_ == 0 && sinceRefloor_ >= floorOrigins_) refloor();
  }
  // The floor anew from the counters: O(origins). (Dense: the array holds
  // every origin below its size, seenOrigins_ <= size.)
  void refloor() {
    sinceRefloor_ = 0;
    floorOrigins_ = contiguous_.denseSize() == 0 ? 0 : seenOrigins_;  // (hashed: absent origins are 0 too)
    floor_ = UINT32_MAX;
    atFloor_ = 0;
    contiguous_.forEach([&](NodeId o, uint32_t c) {
      if (o >= floorOrigins_) return;
      if (c < floor_) floor_ = c, atFloor_ = 0;
      if (c == floor_) ++atFloor_;
    });
  }
  OriginCounters contiguous_;
  std::set<uint64_t> ahead_;
  // Every origin below floorOrigins_ has a contiguous prefix >= floor_;
  // atFloor_ of them exactly floor_ (0: none, floor_ is then a stale
  // bound). floorOrigins_ is 0 (no floor) unless the counters are dense, and
  // at most seenOrigins_ (one past the largest origin inserted: the array's
  // slack beyond it is not counted).
  bool floorKept_ = false;
  uint32_t seenOrigins_ = 0;
  uint32_t sinceRefloor_ = 0;  // prefix moves since the last recomputation
  uint32_t floor_ = 0;
  uint32_t atFloor_ = 0;
  uint32_t floorOrigins_ = 0;
};

}  // namespace replsim
