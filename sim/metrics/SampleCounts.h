#pragma once
// SampleCounts: a multiset of integer microsecond samples kept as
// (value, count) pairs, for figures taken once per message (replication lag
// is one sample per remote apply: millions in a large run).
//
// Memory is O(distinct values + a small buffer), not O(samples): lags on
// fixed-latency links take a handful of values, and even random latencies
// are bounded by their range in microseconds. Percentiles are the exact
// nearest-rank figures of the whole multiset (the same as sorting every
// sample), so replacing a vector of samples by this changes no output.
//
// Invariants: `counted_` is sorted by value with distinct values and counts
// > 0; every sample added is either there or in `buffer_`; compaction keeps
// `buffer_` at most max(kMinBuffer, counted_.size()) long, so adding costs
// amortised O(log n) and is deterministic (no hashing).

#include <cstdint>
#include <utility>
#include <vector>

#include "sim/metrics/Percentiles.h"

namespace replsim {

class SampleCounts {
 public:
  void add(int64_t us) {
    buffer_.push_back(us);
    if (buffer_.size() >= kMinBuffer && buffer_.size() >= counted_.size()) compact();
  }
  uint64_t size() const { return total_ + buffer_.size(); }
  bool empty() const { return size() == 0; }
  // Nearest-rank p50, p99 and max, exactly as percentiles() of every sample.
  Percentiles percentiles() const;

 private:
  static constexpr size_t kMinBuffer = 1024;
  // Folds buffer_ into counted_.
  void compact();
  // Folds buffer_ (sorted) into a copy of counted_: for const queries.
  static std::vector<std::pair<int64_t, uint64_t>> merged(const std::vector<std::pair<int64_t, uint64_t>>& counted,
                                                          std::vector<int64_t> buffer);

  std::vector<std::pair<int64_t, uint64_t>> counted_;  // (value, how many)
  std::vector<int64_t> buffer_;                        // not yet counted
  uint64_t total_ = 0;                                 // samples in counted_
};

}  // namespace replsim
