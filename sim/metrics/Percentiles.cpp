#include "sim/metrics/Percentiles.h"

#include <algorithm>

namespace replsim {

Percentiles percentiles(std::vector<int64_t> samples) {
  if (samples.empty()) return {};
  std::sort(samples.begin(), samples.end());
  auto rank = [&](int p) {
    size_t idx = (samples.size() * static_cast<size_t>(p) + 99) / 100;  // ceil(p% of n)
    return SimTime::fromUs(samples[std::max<size_t>(idx, 1) - 1]);
  };
  return {rank(50), rank(99), SimTime::fromUs(samples.back())};
}

}  // namespace replsim
