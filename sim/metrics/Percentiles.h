#pragma once
// Percentiles: nearest-rank p50, p99 and max of integer microsecond samples,
// the figures every latency in a report is given as. Integer arithmetic
// throughout, so the same samples give the same figures on every platform.

#include <cstdint>
#include <vector>

#include "sim/core/SimTime.h"

namespace replsim {

struct Percentiles {
  SimTime p50, p99, max;
};
// Nearest-rank percentiles of integer microsecond samples. Empty -> zeros.
Percentiles percentiles(std::vector<int64_t> samplesUs);

}  // namespace replsim
