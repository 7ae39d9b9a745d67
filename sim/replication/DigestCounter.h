#pragma once
// DigestCounter: a multiset of 64-bit state digests that answers "how many
// distinct digests are there?" in O(1) — how the engine knows, after every
// apply, whether the live replicas have just become identical.
//
// Open addressing with linear probing and backward-shift deletion in a table
// sized once for the number of replicas: no allocation per update (a
// std::map here cost a malloc/free pair per applied write). It is never
// iterated, so its layout cannot leak into any output.
//
// REQUIRES: at most `capacityHint` distinct digests at once.

#include <cstdint>
#include <vector>

namespace replsim {

class DigestCounter {
 public:
  explicit DigestCounter(size_t capacityHint) {
    size_t cap = 16;
    while (cap < 2 * capacityHint + 2) cap *= 2;
    slots_.assign(cap, Slot{});
    mask_ = cap - 1;
  }

  void add(uint64_t digest) {
    size_t i = find(digest);
    if (slots_[i].count == 0) {
      slots_[i].digest = digest;
      ++distinct_;
    }
    ++slots_[i].count;
  }

  // REQUIRES: digest was added and not yet removed as many times.
  void remove(uint64_t digest) {
    size_t i = find(digest);
    if (--slots_[i].count != 0) return;
    --distinct_;
    // Backward-shift deletion keeps every probe chain unbroken.
    size_t hole = i;
    for (size_t j = (i + 1) & mask_; slots_[j].count != 0; j = (j + 1) & mask_) {
      const size_t home = hash(slots_[j].digest) & mask_;
      if (((j - home) & mask_) >= ((j - hole) & mask_)) {
        slots_[hole] = slots_[j];
        slots_[j] = Slot{};
        hole = j;
      }
    }
  }

  size_t distinct() const { return distinct_; }

 private:
  struct Slot {
    uint64_t digest = 0;
    uint32_t count = 0;  // 0 = empty
  };
  static uint64_t hash(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    return x ^ (x >> 33);
  }
  size_t find(uint64_t digest) const {
    size_t i = hash(digest) & mask_;
    while (slots_[i].count != 0 && slots_[i].digest != digest) i = (i + 1) & mask_;
    return i;
  }
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t distinct_ = 0;
};

}  // namespace replsim
