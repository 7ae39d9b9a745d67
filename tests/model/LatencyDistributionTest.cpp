#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include "sim/core/Random.h"
#include "sim/model/LatencyDistribution.h"
#include "sim/model/LatencyKey.h"

using namespace replsim;

namespace {
using Kind = LatencyDistribution::Kind;

LatencyDistribution dist(Kind kind, double a, double b, double floorMs = 0.0) {
  LatencyDistribution d;
  d.kind = kind;
  d.a = a;
  d.b = b;
  d.floorMs = floorMs;
  return d;
}

std::vector<int64_t> firstSamples(const LatencyDistribution& d, uint64_t seed, int n) {
  Random r(seed);
  std::vector<int64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(d.sample(r).us());
  return out;
}
}  // namespace

TEST_CASE("network::LatencyDistribution: fixed", "[network][latency]") {
  SECTION("returns exactly the value, rounded to the microsecond") {
    Random r(1);
    for (int i = 0; i < 10; ++i) REQUIRE(LatencyDistribution::fixed(10).sample(r).us() == 10000);
    CHECK(LatencyDistribution::fixed(12.3456).sample(r).us() == 12346);
    CHECK(LatencyDistribution::fixed(0).sample(r).us() == 0);
  }
  SECTION("consumes no randomness") {
    Random r(1), ref(1);
    LatencyDistribution::fixed(5).sample(r);
    CHECK(r.next() == ref.next());
  }
  SECTION("a floor above the value wins") {
    Random r(1);
    CHECK(dist(Kind::Fixed, 5, 0, 8).sample(r).us() == 8000);
    CHECK(dist(Kind::Fixed, 9, 0, 8).sample(r).us() == 9000);
  }
  SECTION("the default-constructed distribution is 10 ms fixed") {
    Random r(1);
    CHECK(LatencyDistribution{}.sample(r).us() == 10000);
  }
  SECTION("constant(): what every sample is, floor and rounding included; none when it draws") {
    Random r(1);
    for (const auto& d : {LatencyDistribution::fixed(12.3456), dist(Kind::Fixed, 5, 0, 8), LatencyDistribution{}}) {
      REQUIRE(d.constant().has_value());
      CHECK(*d.constant() == d.sample(r));
    }
    CHECK(*dist(Kind::Fixed, 5, 0, 8).constant() == SimTime::fromUs(8000));
    CHECK_FALSE(dist(Kind::Uniform, 5, 9, 0).constant().has_value());
    CHECK_FALSE(dist(Kind::Exponential, 5, 0, 0).constant().has_value());
  }
}

TEST_CASE("network::LatencyDistribution: pinned first samples with seed 1", "[network][latency]") {
  SECTION("uniform(50..100)") {
    CHECK(firstSamples(dist(Kind::Uniform, 50, 100, 50), 1, 5) == std::vector<int64_t>{85146, 76022, 78705, 69566, 84859});
  }
  SECTION("normal(20, 5)") {
    CHECK(firstSamples(dist(Kind::Normal, 20, 5), 1, 5) == std::vector<int64_t>{12274, 14932, 24791, 18591, 10479});
  }
  SECTION("lognormal(20, 0.5)") {
    CHECK(firstSamples(dist(Kind::Lognormal, 20, 0.5), 1, 5) == std::vector<int64_t>{9236, 12048, 32294, 17371, 7719});
  }
  SECTION("exponential(10)") {
    CHECK(firstSamples(dist(Kind::Exponential, 10, 0), 1, 5) == std::vector<int64_t>{12138, 7349, 8536, 4965, 11946});
  }
  SECTION("normal(20, 5) with a 15 ms floor: the low samples are lifted, the others unchanged") {
    CHECK(firstSamples(dist(Kind::Normal, 20, 5, 15), 1, 5) == std::vector<int64_t>{15000, 15000, 24791, 18591, 15000});
  }
  SECTION("exponential(10) with a 8 ms floor") {
    CHECK(firstSamples(dist(Kind::Exponential, 10, 0, 8), 1, 5) == std::vector<int64_t>{12138, 8000, 8536, 8000, 11946});
  }
}

TEST_CASE("network::LatencyDistribution: bounds", "[network][latency]") {
  Random r(77);
  SECTION("uniform stays within [min, max]") {
    const auto d = dist(Kind::Uniform, 50, 100, 50);
    int64_t lo = INT64_MAX, hi = 0;
    for (int i = 0; i < 20000; ++i) {
      const int64_t v = d.sample(r).us();
      REQUIRE(v >= 50000);
      REQUIRE(v <= 100000);
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    CHECK(lo < 50100);
    CHECK(hi > 99900);
  }
  SECTION("normal with mean 0 is never negative (truncated at 0), and is 0 about half the time") {
    const auto d = dist(Kind::Normal, 0, 5);
    int zeros = 0;
    for (int i = 0; i < 20000; ++i) {
      const int64_t v = d.sample(r).us();
      REQUIRE(v >= 0);
      zeros += v == 0;
    }
    CHECK(zeros > 9600);
    CHECK(zeros < 10400);
  }
  SECTION("normal with a negative mean is never negative") {
    const auto d = dist(Kind::Normal, -50, 10);
    for (int i = 0; i < 1000; ++i) REQUIRE(d.sample(r).us() == 0);
  }
  SECTION("the floor is respected by every kind") {
    for (const auto& d : {dist(Kind::Normal, 20, 10, 18), dist(Kind::Lognormal, 20, 1.0, 18),
                          dist(Kind::Exponential, 20, 0, 18)}) {
      int atFloor = 0;
      for (int i = 0; i < 5000; ++i) {
        const int64_t v = d.sample(r).us();
        REQUIRE(v >= 18000);
        atFloor += v == 18000;
      }
      CHECK(atFloor > 0);  // the floor actually bites
    }
  }
  SECTION("lognormal and exponential are never negative") {
    for (int i = 0; i < 5000; ++i) {
      REQUIRE(dist(Kind::Lognormal, 1, 2).sample(r).us() >= 0);
      REQUIRE(dist(Kind::Exponential, 1, 0).sample(r).us() >= 0);
    }
  }
}

TEST_CASE("network::LatencyDistribution: meanMs", "[network][latency]") {
  SECTION("fixed") {
    CHECK(LatencyDistribution::fixed(12.5).meanMs() == 12.5);
    CHECK(dist(Kind::Fixed, 5, 0, 8).meanMs() == 8.0);
  }
  SECTION("uniform") { CHECK(dist(Kind::Uniform, 50, 100, 50).meanMs() == 75.0); }
  SECTION("normal, truncated at 0: a hair above the mean") { CHECK(dist(Kind::Normal, 20, 5).meanMs() == Approx(20.0).epsilon(1e-5)); }
  SECTION("lognormal: median * exp(sigma^2 / 2)") {
    CHECK(dist(Kind::Lognormal, 20, 0.5).meanMs() == Approx(20 * std::exp(0.125)).epsilon(1e-12));
    CHECK(dist(Kind::Lognormal, 20, 0.5).meanMs() == Approx(22.662969061336526).epsilon(1e-12));
  }
  SECTION("exponential") { CHECK(dist(Kind::Exponential, 10, 0).meanMs() == 10.0); }
  SECTION("meanMs agrees with the sample mean") {
    Random r(5);
    for (const auto& d : {dist(Kind::Uniform, 50, 100, 50), dist(Kind::Normal, 20, 5), dist(Kind::Lognormal, 20, 0.5),
                          dist(Kind::Exponential, 10, 0)}) {
      double sum = 0;
      const int n = 50000;
      for (int i = 0; i < n; ++i) sum += static_cast<double>(d.sample(r).us()) / 1000.0;
      CHECK(sum / n == Approx(d.meanMs()).epsilon(0.01));
    }
  }
}

TEST_CASE("network::LatencyDistribution: describe", "[network][latency]") {
  CHECK(LatencyDistribution::fixed(10).describe() == "10ms");
  CHECK(dist(Kind::Uniform, 50, 100, 50).describe() == "uniform(50..100)ms");
  CHECK(dist(Kind::Normal, 20, 5).describe() == "normal(mean 20, sd 5)ms");
  CHECK(dist(Kind::Lognormal, 20, 0.5, 2).describe() == "lognormal(median 20, sigma 0.5)ms min 2");
  CHECK(dist(Kind::Exponential, 10, 0).describe() == "exponential(mean 10)ms");
}

// meanMs() is documented as "the distribution's mean" and feeds shortest-path analysis by
// latency (and the routing of client requests), so it must include what sample() does at the edges:
// a normal truncated at 0 or any kind lifted by a floor has a higher mean than the raw parameter.
// normal(0, 5): samples are max(N(0, 5), 0), mean 5/sqrt(2*pi) = 1.995 ms.
// exponential(10) with min 8: mean 8 + 10*exp(-0.8) = 12.49 ms.
TEST_CASE("network::LatencyDistribution: meanMs is the mean of the samples when the floor bites",
          "[network][latency]") {
  Random r(5);
  for (const auto& d : {dist(Kind::Normal, 0, 5), dist(Kind::Exponential, 10, 0, 8)}) {
    double sum = 0;
    const int n = 50000;
    for (int i = 0; i < n; ++i) sum += static_cast<double>(d.sample(r).us()) / 1000.0;
    CHECK(sum / n == Approx(d.meanMs()).epsilon(0.02));
  }
  CHECK(dist(Kind::Normal, 0, 5).meanMs() == Approx(1.9947).epsilon(0.001));
  CHECK(dist(Kind::Exponential, 10, 0, 8).meanMs() == Approx(8 + 10 * std::exp(-0.8)).epsilon(0.001));
}

namespace {
LatencyDistribution mixture(std::vector<LatencyMixturePart> parts) {
  LatencyDistribution d;
  d.kind = Kind::Mixture;
  d.parts = std::move(parts);
  return d;
}
}  // namespace

TEST_CASE("model::LatencyDistribution: pareto", "[network][latency]") {
  SECTION("inverse CDF on the same draws as exponential") {
    // exponential(mean m) draws E = -m ln(1 - u) and pareto(xm, alpha)
    // xm (1 - u)^(-1/alpha) from the same u, so pareto = xm exp(E / (m alpha)):
    // from the pinned exponential(10) samples, to within their rounding.
    const auto expo = firstSamples(dist(Kind::Exponential, 10, 0), 1, 5);
    const auto pareto = firstSamples(dist(Kind::Pareto, 10, 2), 1, 5);
    for (size_t i = 0; i < expo.size(); ++i)
      CHECK(std::abs(static_cast<double>(pareto[i]) - 10000.0 * std::exp(static_cast<double>(expo[i]) / 20000.0)) <= 2.0);
  }
  SECTION("mean, tail and floor against closed forms") {
    // X ~ pareto(xm 1, alpha 3): E[X] = alpha xm / (alpha - 1) = 1.5; P(X > 2) = 2^-3.
    const LatencyDistribution d = dist(Kind::Pareto, 1, 3);
    CHECK(d.meanMs() == Approx(1.5).epsilon(1e-12));
    Random r(7);
    const int n = 200000;
    double sum = 0;
    int above = 0;
    for (int i = 0; i < n; ++i) {
      const double ms = static_cast<double>(d.sample(r).us()) / 1000.0;
      REQUIRE(ms >= 1.0);
      sum += ms;
      above += ms > 2.0;
    }
    CHECK(sum / n == Approx(1.5).epsilon(0.01));
    CHECK(static_cast<double>(above) / n == Approx(0.125).margin(0.004));
    // With a floor f = 2 > xm: f (1 - (xm/f)^alpha) + alpha xm^alpha f^(1-alpha) / (alpha - 1) = 1.75 + 0.375.
    CHECK(dist(Kind::Pareto, 1, 3, 2).meanMs() == Approx(2.125).epsilon(1e-12));
    CHECK(dist(Kind::Pareto, 1, 3, 0.5).meanMs() == Approx(1.5).epsilon(1e-12));  // a floor below xm changes nothing
    CHECK(dist(Kind::Pareto, 10, 2).describe() == "pareto(xm 10, alpha 2)ms");
  }
}

TEST_CASE("model::LatencyDistribution: mixture", "[network][latency]") {
  // 90 % 10 ms, 10 % 100 ms: mean 0.9 * 10 + 0.1 * 100 = 19.
  const LatencyDistribution d =
      mixture({{0.9, LatencyDistribution::fixed(10)}, {0.1, LatencyDistribution::fixed(100)}});
  CHECK(d.meanMs() == Approx(19.0).epsilon(1e-12));
  CHECK(d.describe() == "mixture(0.9: 10ms, 0.1: 100ms)");
  Random r(3);
  const int n = 100000;
  int slow = 0;
  for (int i = 0; i < n; ++i) {
    const int64_t us = d.sample(r).us();
    REQUIRE((us == 10000 || us == 100000));
    slow += us == 100000;
  }
  CHECK(static_cast<double>(slow) / n == Approx(0.1).margin(0.003));
  // Same seed, same sequence.
  CHECK(firstSamples(d, 5, 20) == firstSamples(d, 5, 20));
  // A part may itself be any form, pareto or another mixture.
  const LatencyDistribution nested =
      mixture({{0.5, dist(Kind::Pareto, 1, 3)}, {0.5, mixture({{1.0, LatencyDistribution::fixed(4)}})}});
  CHECK(nested.meanMs() == Approx(0.5 * 1.5 + 0.5 * 4).epsilon(1e-12));
}

TEST_CASE("model::latencyKey: equal only for the same form and parameters", "[network][latency]") {
  const auto mix = [](double w1, double ms1, double ms2) {
    return mixture({{w1, LatencyDistribution::fixed(ms1)}, {1 - w1, LatencyDistribution::fixed(ms2)}});
  };
  // Two mixtures have the same kind, a, b and floor (all 0): only their parts differ.
  CHECK(latencyKey(mix(0.9, 10, 100)) != latencyKey(mix(0.9, 10, 200)));
  CHECK(latencyKey(mix(0.9, 10, 100)) != latencyKey(mix(0.8, 10, 100)));
  CHECK(latencyKey(mix(0.9, 10, 100)) == latencyKey(mix(0.9, 10, 100)));
  CHECK(latencyKey(dist(Kind::Pareto, 1, 3)) != latencyKey(dist(Kind::Pareto, 1, 3.0000000001)));
  CHECK(latencyKey(LatencyDistribution::fixed(10)) == latencyKey(LatencyDistribution::fixed(10)));
  CHECK(latencyKey(LatencyDistribution::fixed(10)) != latencyKey(dist(Kind::Exponential, 10, 0)));
}
