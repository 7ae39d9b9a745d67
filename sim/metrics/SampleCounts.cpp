#include "sim/metrics/SampleCounts.h"

#include <algorithm>

namespace replsim {

std::vector<std::pair<int64_t, uint64_t>> SampleCounts::merged(
    const std::vector<std::pair<int64_t, uint64_t>>& counted, std::vector<int64_t> buffer) {
  std::sort(buffer.begin(), buffer.end());
  std::vector<std::pair<int64_t, uint64_t>> out;
  out.reserve(counted.size() + buffer.size());
  size_t i = 0, j = 0;
  while (i < counted.size() || j < buffer.size()) {
    if (j == buffer.size() || (i < counted.size() && counted[i].first < buffer[j])) {
      out.push_back(counted[i++]);
      continue;
    }
    // The next buffered value: one run of equal samples, added to an equal counted value if any.
    const int64_t v = buffer[j];
    uint64_t n = 0;
    while (j < buffer.size() && buffer[j] == v) ++n, ++j;
    if (i < counted.size() && counted[i].first == v) n += counted[i++].second;
    out.emplace_back(v, n);
  }
  return out;
}

void SampleCounts::compact() {
  total_ += buffer_.size();
  counted_ = merged(counted_, std::move(buffer_));
  // merged() reserved room for every buffered sample being distinct; a run
  // keeps one SampleCounts per node (1,000 on a ring of 1,000) for its
  // whole length, so give the slack back (amortised: compaction is rare).
  counted_.shrink_to_fit();
  buffer_.clear();
}

Percentiles SampleCounts::percentiles() const {
  const uint64_t n = size();
  if (n == 0) return {};
  const std::vector<std::pair<int64_t, uint64_t>> all = buffer_.empty() ? counted_ : merged(counted_, buffer_);
  // The sample at 1-based rank k, walking the cumulative counts.
  auto at = [&](uint64_t k) {
    uint64_t seen = 0;
    for (const auto& [value, count] : all) {
      seen += count;
      if (seen >= k) return SimTime::fromUs(value);
    }
    return SimTime::fromUs(all.back().first);
  };
  auto rank = [&](uint64_t p) {
    const uint64_t idx = (n * p + 99) / 100;  // ceil(p% of n), as percentiles()
    return at(std::max<uint64_t>(idx, 1));
  };
  return {rank(50), rank(99), SimTime::fromUs(all.back().first)};
}

}  // namespace replsim
