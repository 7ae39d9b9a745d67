#include "sim/sweep/SampleStatistics.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <tuple>

#include <boost/math/distributions/students_t.hpp>

namespace replsim {
namespace {

constexpr double kZ975 = 1.959963984540054;  // the standard normal's 97.5 % quantile

}  // namespace

double SampleStatistics::nearestRank(const std::vector<double>& sorted, int p) {
  assert(!sorted.empty());
  const size_t idx = (sorted.size() * static_cast<size_t>(p) + 99) / 100;  // ceil(p% of n)
  return sorted[std::max<size_t>(idx, 1) - 1];
}

double SampleStatistics::studentT975(size_t df) {
  assert(df >= 1);
  return boost::math::quantile(boost::math::students_t_distribution<double>(static_cast<double>(df)), 0.975);
}

std::pair<double, double> SampleStatistics::wilson95(uint64_t successes, uint64_t count) {
  assert(count >= 1 && successes <= count);
  const double n = static_cast<double>(count);
  const double p = static_cast<double>(successes) / n;
  const double z2 = kZ975 * kZ975;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = kZ975 / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

SampleStatistics SampleStatistics::of(std::vector<double> values, bool proportion) {
  SampleStatistics s;
  s.n = values.size();
  if (s.n == 0) return s;
  // Sums in the values' given order, then sorted for ranks: the same values
  // in the same order always give the same bits.
  double sum = 0;
  for (double v : values) sum += v;
  const double n = static_cast<double>(s.n);
  s.mean = sum / n;
  double squares = 0;
  for (double v : values) squares += (v - s.mean) * (v - s.mean);
  s.sd = s.n > 1 ? std::sqrt(squares / (n - 1)) : 0.0;
  std::sort(values.begin(), values.end());
  s.min = values.front();
  s.max = values.back();
  s.p50 = nearestRank(values, 50);
  s.p90 = nearestRank(values, 90);
  s.p99 = nearestRank(values, 99);
  if (proportion) {
    std::tie(s.ciLow, s.ciHigh) = wilson95(static_cast<uint64_t>(sum), s.n);
    s.hasInterval = true;
  } else if (s.n > 1) {
    const double half = studentT975(s.n - 1) * s.sd / std::sqrt(n);
    s.hasInterval = true;
    s.ciLow = s.mean - half;
    s.ciHigh = s.mean + half;
  }
  return s;
}

}  // namespace replsim
