#include "sim/network/LatencyDistribution.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace replsim {

SimTime LatencyDistribution::sample(Random& rng) const {
  double ms = 0.0;
  switch (kind) {
    case Kind::Fixed: return SimTime::fromMs(std::max(a, floorMs));
    case Kind::Uniform: ms = rng.uniform(a, b); break;
    case Kind::Normal: ms = rng.normal(a, b); break;
    case Kind::Lognormal: ms = rng.lognormal(a, b); break;
    case Kind::Exponential: ms = rng.exponential(a); break;
  }
  ms = std::max({ms, floorMs, 0.0});
  return SimTime::fromMs(ms);
}

double LatencyDistribution::meanMs() const {
  switch (kind) {
    case Kind::Fixed: return std::max(a, floorMs);
    case Kind::Uniform: return (a + b) / 2.0;
    case Kind::Normal: return std::max(a, floorMs);
    case Kind::Lognormal: return std::max(a * std::exp(b * b / 2.0), floorMs);
    case Kind::Exponential: return std::max(a, floorMs);
  }
  return a;
}

std::string LatencyDistribution::describe() const {
  std::ostringstream os;
  os.precision(6);
  switch (kind) {
    case Kind::Fixed: os << std::max(a, floorMs) << "ms"; return os.str();
    case Kind::Uniform: os << "uniform(" << a << ".." << b << ")ms"; break;
    case Kind::Normal: os << "normal(mean " << a << ", sd " << b << ")ms"; break;
    case Kind::Lognormal: os << "lognormal(median " << a << ", sigma " << b << ")ms"; break;
    case Kind::Exponential: os << "exponential(mean " << a << ")ms"; break;
  }
  if (floorMs > 0.0 && kind != Kind::Uniform) os << " min " << floorMs;
  return os.str();
}

}  // namespace replsim
