#include "sim/model/LatencyDistribution.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace replsim {

SimTime LatencyDistribution::sample(Random& rng) const {
  double ms = 0.0;
  switch (kind) {
    case Kind::Fixed: return *constant();
    case Kind::Uniform: ms = rng.uniform(a, b); break;
    case Kind::Normal: ms = rng.normal(a, b); break;
    case Kind::Lognormal: ms = rng.lognormal(a, b); break;
    case Kind::Exponential: ms = rng.exponential(a); break;
    case Kind::Pareto: ms = a / std::pow(1.0 - rng.uniform01(), 1.0 / b); break;  // inverse CDF; 1 - u in (0, 1]
    case Kind::Mixture: {
      // One draw picks the part (cumulative weights), the part draws the latency.
      const double u = rng.uniform01();
      double cumulative = 0.0;
      for (const LatencyMixturePart& p : parts) {
        cumulative += p.weight;
        if (u < cumulative) return p.dist.sample(rng);
      }
      return parts.back().dist.sample(rng);  // rounding left u above the last sum
    }
  }
  ms = std::max({ms, floorMs, 0.0});
  return SimTime::fromMs(ms);
}

std::optional<SimTime> LatencyDistribution::constant() const {
  if (kind != Kind::Fixed) return std::nullopt;
  return SimTime::fromMs(std::max(a, floorMs));
}

// The exact mean of what sample() returns, max(X, floor, 0), so analysis by
// mean latency agrees with the simulation on average.
double LatencyDistribution::meanMs() const {
  const double f = std::max(floorMs, 0.0);
  const auto phi = [](double z) { return std::exp(-z * z / 2) / std::sqrt(2 * M_PI); };
  const auto Phi = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
  switch (kind) {
    case Kind::Fixed: return std::max(a, f);
    case Kind::Uniform: return (a + b) / 2.0;
    case Kind::Normal: {
      if (b <= 0) return std::max(a, f);
      const double z = (f - a) / b;  // E[max(X, f)] for X ~ N(a, b²)
      return f * Phi(z) + a * (1 - Phi(z)) + b * phi(z);
    }
    case Kind::Lognormal: {
      if (b <= 0) return std::max(a, f);
      const double mu = std::log(a);
      if (f <= 0) return std::exp(mu + b * b / 2);
      const double lf = std::log(f);  // f·P(X<f) + E[X; X>f]
      return f * Phi((lf - mu) / b) + std::exp(mu + b * b / 2) * Phi((mu + b * b - lf) / b);
    }
    case Kind::Exponential: return f + a * std::exp(-f / a);  // memoryless above the floor
    case Kind::Pareto: {
      if (f <= a) return b * a / (b - 1);
      // f·P(X<f) + E[X; X>f], E[X; X>f] = alpha·xm^alpha·f^(1-alpha)/(alpha-1)
      return f * (1 - std::pow(a / f, b)) + b * std::pow(a, b) * std::pow(f, 1 - b) / (b - 1);
    }
    case Kind::Mixture: {
      double mean = 0.0;
      for (const LatencyMixturePart& p : parts) mean += p.weight * p.dist.meanMs();
      return mean;
    }
  }
  return a;
}

std::string LatencyDistribution::describe() const {
  // {:.6g} is what an ostream with precision 6 printed here before.
  std::string text;
  switch (kind) {
    case Kind::Fixed: return fmt::format("{:.6g}ms", std::max(a, floorMs));
    case Kind::Uniform: text = fmt::format("uniform({:.6g}..{:.6g})ms", a, b); break;
    case Kind::Normal: text = fmt::format("normal(mean {:.6g}, sd {:.6g})ms", a, b); break;
    case Kind::Lognormal: text = fmt::format("lognormal(median {:.6g}, sigma {:.6g})ms", a, b); break;
    case Kind::Exponential: text = fmt::format("exponential(mean {:.6g})ms", a); break;
    case Kind::Pareto: text = fmt::format("pareto(xm {:.6g}, alpha {:.6g})ms", a, b); break;
    case Kind::Mixture: {
      text = "mixture(";
      for (size_t i = 0; i < parts.size(); ++i)
        text += fmt::format("{}{:.6g}: {}", i ? ", " : "", parts[i].weight, parts[i].dist.describe());
      return text + ")";
    }
  }
  if (floorMs > 0.0 && kind != Kind::Uniform) text += fmt::format(" min {:.6g}", floorMs);
  return text;
}

}  // namespace replsim
