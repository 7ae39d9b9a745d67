#pragma once
// SampleStatistics: the summary of one metric in one sweep cell — n, mean,
// sample standard deviation, min, max, nearest-rank percentiles p50/p90/p99
// (like the run report's: the value at rank ceil(p% of n)), and a 95 %
// confidence interval: Student t for a mean (mean ± t(0.975, n-1)·sd/√n),
// Wilson score for a proportion (values 0/1, e.g. `converged`).
//
// Invariants: with n == 0 every field is 0 and hasInterval is false; with
// n == 1 a mean has no interval (hasInterval false) and sd is 0; a proportion
// always has one when n >= 1; ciLow <= mean <= ciHigh.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace replsim {

struct SampleStatistics {
  size_t n = 0;
  double mean = 0, sd = 0, min = 0, max = 0, p50 = 0, p90 = 0, p99 = 0;
  bool hasInterval = false;
  double ciLow = 0, ciHigh = 0;

  // REQUIRES: for a proportion, every value is 0 or 1.
  static SampleStatistics of(std::vector<double> values, bool proportion);

  // The value at rank ceil(p% of n) of sorted values. REQUIRES: sorted non-empty, ascending.
  static double nearestRank(const std::vector<double>& sorted, int p);

  // The 95 % Wilson score interval of `successes` out of `n` (clamped to
  // [0, 1]). REQUIRES: n >= 1, successes <= n.
  static std::pair<double, double> wilson95(uint64_t successes, uint64_t n);

  // t(0.975, df): the two-sided 95 % quantile of Student's t. REQUIRES: df >= 1.
  static double studentT975(size_t df);
};

}  // namespace replsim
