#pragma once
// WriteNodeBits: one bit per (write, node) — "write w was applied at node n"
// for InvariantChecker's applied_once — stored write-major: the bits of one
// write at every node are adjacent.
//
// Why write-major: a write's copies are applied at the replicas back to back
// (an all-to-all applies its 127 copies of a write within microseconds), so
// their bits share a cache line or two. Node-major rows put each in a
// different node's row, a cache miss per apply (3–4 % of an all-to-all 128).
// The memory is the same, nodes x writes bits; a ring of 100,000 leaders
// carrying one write holds 12.5 KB instead of 100,000 empty rows.
//
// Grows in writes (by doubling); the node count is fixed at construction.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace replsim {

class WriteNodeBits {
 public:
  explicit WriteNodeBits(size_t nodes) : wordsPerWrite_(std::max<size_t>(1, (nodes + 63) / 64)) {}

  // Sets the bit of (w, n); returns whether it was set before.
  // REQUIRES: n < the node count.
  bool testAndSet(uint32_t w, uint32_t n) {
    const size_t word = wordOf(w, n);
    if (word >= words_.size()) grow(w);
    const uint64_t bit = uint64_t{1} << (n & 63u);
    const bool was = (words_[word] & bit) != 0;
    words_[word] |= bit;
    return was;
  }
  bool test(uint32_t w, uint32_t n) const {
    const size_t word = wordOf(w, n);
    return word < words_.size() && (words_[word] >> (n & 63u) & 1u) != 0;
  }
  void set(uint32_t w, uint32_t n, bool value) {
    const size_t word = wordOf(w, n);
    if (word >= words_.size()) {
      if (!value) return;  // (unset already)
      grow(w);
    }
    const uint64_t bit = uint64_t{1} << (n & 63u);
    words_[word] = value ? words_[word] | bit : words_[word] & ~bit;
  }

 private:
  size_t wordOf(uint32_t w, uint32_t n) const { return size_t{w} * wordsPerWrite_ + (n >> 6); }
  void grow(uint32_t w) {
    // (doubling: one resize per write index reached was a call per apply)
    words_.resize(std::max<size_t>((size_t{w} + 1) * wordsPerWrite_, 2 * words_.size()), 0);
  }
  size_t wordsPerWrite_;
  std::vector<uint64_t> words_;  // write w's node bits: words [w * wordsPerWrite_, (w + 1) * wordsPerWrite_)
};

}  // namespace replsim
