#pragma once
// LatencyDistribution: how long one transmission on a link takes.
//
// The scenario forms: a fixed number, or uniform {min,max}, normal
// {mean,stddev} (truncated at 0), lognormal {median,sigma}, exponential
// {mean}, pareto {xm,alpha} (alpha > 1: a finite mean), each optionally with
// a floor ("min"); or a mixture {of: [{weight, dist}, ...]} of any of them
// (weights sum to 1; no floor of its own). Samples are rounded to whole
// microseconds and are never negative. All randomness comes from the Random
// passed in, so a sample sequence is a pure function of the seed.

#include <optional>
#include <string>
#include <vector>

#include "sim/core/Random.h"
#include "sim/core/SimTime.h"

namespace replsim {

struct LatencyMixturePart;

struct LatencyDistribution {
  enum class Kind { Fixed, Uniform, Normal, Lognormal, Exponential, Pareto, Mixture };
  Kind kind = Kind::Fixed;
  // Parameters in milliseconds. Fixed: a = value. Uniform: a = min, b = max.
  // Normal: a = mean, b = stddev. Lognormal: a = median, b = sigma.
  // Exponential: a = mean. Pareto: a = xm (scale), b = alpha (shape).
  // Mixture: `parts`, each with its weight.
  double a = 10.0;
  double b = 0.0;
  double floorMs = 0.0;  // the optional "min" floor (for uniform: same as a)
  std::vector<LatencyMixturePart> parts;  // Mixture only

  // (defined below LatencyMixturePart: building one destroys a vector of
  // parts, which needs the complete type — clang insists, g++ lets it pass)
  static LatencyDistribution fixed(double ms);

  SimTime sample(Random& rng) const;
  // What every sample() is when it draws nothing (Fixed), else nullopt.
  std::optional<SimTime> constant() const;
  // The distribution's mean in ms (for shortest-path analysis by latency).
  double meanMs() const;
  // "10ms", "uniform(50..100)ms", ... for reports.
  std::string describe() const;
};

struct LatencyMixturePart {
  double weight = 1.0;  // the probability of this part; a mixture's weights sum to 1
  LatencyDistribution dist;
};

inline LatencyDistribution LatencyDistribution::fixed(double ms) {
  return {LatencyDistribution::Kind::Fixed, ms, 0.0, 0.0, {}};
}

}  // namespace replsim
