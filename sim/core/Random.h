#pragma once
// Random: the simulator's one source of randomness, explicitly seeded.
//
// A SplitMix64-seeded xoshiro256** generator plus the distributions the
// scenario format needs, all implemented here so that the same seed yields
// the same numbers with every compiler and standard library (std::
// distributions are implementation-defined and differ between libstdc++ and
// libc++). Only IEEE-754 basic operations and the correctly-rounded sqrt are
// used on the way to a sample; log/exp/cos come from libm, whose results are
// pinned by tests (tests/core/RandomTest.cpp) so a platform change is caught.

#include <cstdint>

namespace replsim {

class Random {
 public:
  explicit Random(uint64_t seed);

  uint64_t next();                 // uniform over all 64-bit values
  double uniform01();              // [0, 1), 53 random bits
  double uniform(double lo, double hi);  // [lo, hi)
  // Uniform integer in [0, n). REQUIRES: n > 0. Unbiased (rejection).
  uint64_t below(uint64_t n);
  bool bernoulli(double p);        // true with probability p
  double normal(double mean, double stddev);   // Box-Muller, no cached pair
  double exponential(double mean);
  double lognormal(double median, double sigma);

  // A child generator for an independent stream (e.g. the workload), derived
  // deterministically from this one's next output.
  Random fork();

 private:
  uint64_t s_[4];
};

}  // namespace replsim
