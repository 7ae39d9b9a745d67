#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "sim/core/Random.h"

using namespace replsim;

namespace {
uint64_t bits(double d) {
  uint64_t b;
  std::memcpy(&b, &d, sizeof b);
  return b;
}
}  // namespace

TEST_CASE("core::Random: reproducible from the seed", "[core][random]") {
  SECTION("same seed, same sequence") {
    Random a(12345), b(12345);
    for (int i = 0; i < 1000; ++i) REQUIRE(a.next() == b.next());
  }
  SECTION("same seed, same doubles from every distribution") {
    Random a(9), b(9);
    for (int i = 0; i < 200; ++i) {
      REQUIRE(bits(a.uniform01()) == bits(b.uniform01()));
      REQUIRE(bits(a.normal(3, 2)) == bits(b.normal(3, 2)));
      REQUIRE(bits(a.exponential(5)) == bits(b.exponential(5)));
      REQUIRE(bits(a.lognormal(20, 0.5)) == bits(b.lognormal(20, 0.5)));
      REQUIRE(a.below(17) == b.below(17));
    }
  }
  SECTION("different seeds differ") {
    Random a(1), b(2);
    int same = 0;
    for (int i = 0; i < 100; ++i) same += a.next() == b.next();
    CHECK(same == 0);
  }
  SECTION("seed 0 is a valid seed (SplitMix64 expands it)") {
    Random z(0);
    const uint64_t x = z.next();
    CHECK(x != 0);
    CHECK(z.next() != x);
  }
  SECTION("fork gives an independent, reproducible stream") {
    Random a(42), b(42);
    Random fa = a.fork(), fb = b.fork();
    for (int i = 0; i < 50; ++i) REQUIRE(fa.next() == fb.next());
    // The child differs from the parent's continuation.
    Random parent(42);
    Random child = parent.fork();
    int same = 0;
    for (int i = 0; i < 50; ++i) same += parent.next() == child.next();
    CHECK(same == 0);
  }
}

// Pinned values: computed once with this implementation (g++ 12, glibc,
// x86-64). A change means the simulator's output changed on this platform.
TEST_CASE("core::Random: pinned values for seed 42", "[core][random]") {
  SECTION("next()") {
    Random r(42);
    CHECK(r.next() == 1546998764402558742ULL);
    CHECK(r.next() == 6990951692964543102ULL);
    CHECK(r.next() == 12544586762248559009ULL);
    CHECK(r.next() == 17057574109182124193ULL);
    CHECK(r.next() == 18295552978065317476ULL);
  }
  SECTION("uniform01()") {
    Random r(42);
    REQUIRE(r.uniform01() == Approx(0.083862971059882163).epsilon(1e-15));
    REQUIRE(r.uniform01() == Approx(0.37898025066266861).epsilon(1e-15));
    REQUIRE(r.uniform01() == Approx(0.68004341102813937).epsilon(1e-15));
    // uniform01 is next() >> 11 scaled: exact.
    Random a(42), b(42);
    CHECK(a.uniform01() == static_cast<double>(b.next() >> 11) * 0x1.0p-53);
  }
  SECTION("normal(0, 1)") {
    Random r(42);
    REQUIRE(r.normal(0, 1) == Approx(-0.30326306467873798).epsilon(1e-15));
    REQUIRE(r.normal(0, 1) == Approx(1.3438117634372806).epsilon(1e-15));
    REQUIRE(r.normal(0, 1) == Approx(0.38346179126769431).epsilon(1e-15));
  }
  SECTION("exponential(1)") {
    Random r(42);
    REQUIRE(r.exponential(1) == Approx(0.087589330583417571).epsilon(1e-15));
    REQUIRE(r.exponential(1) == Approx(0.4763923950787724).epsilon(1e-15));
    REQUIRE(r.exponential(1) == Approx(1.1395699518538775).epsilon(1e-15));
  }
  SECTION("lognormal(1, 0.5)") {
    Random r(42);
    REQUIRE(r.lognormal(1, 0.5) == Approx(0.85930484846233979).epsilon(1e-15));
    REQUIRE(r.lognormal(1, 0.5) == Approx(1.9579654173464169).epsilon(1e-15));
    REQUIRE(r.lognormal(1, 0.5) == Approx(1.2113444950073802).epsilon(1e-15));
  }
  SECTION("below(10)") {
    Random r(42);
    std::vector<uint64_t> got;
    for (int i = 0; i < 5; ++i) got.push_back(r.below(10));
    CHECK(got == std::vector<uint64_t>{2, 2, 9, 3, 6});
  }
}

TEST_CASE("core::Random: below(n) is in range and roughly uniform", "[core][random]") {
  SECTION("n = 1 always gives 0") {
    Random r(5);
    for (int i = 0; i < 100; ++i) REQUIRE(r.below(1) == 0u);
  }
  SECTION("small n stays in range and hits every value evenly (chi-squared)") {
    Random r(7);
    const uint64_t n = 10;
    const int draws = 100000;
    std::vector<int> counts(n, 0);
    int outOfRange = 0;
    for (int i = 0; i < draws; ++i) {
      const uint64_t v = r.below(n);
      if (v >= n) { ++outOfRange; continue; }
      ++counts[v];
    }
    REQUIRE(outOfRange == 0);
    double chi2 = 0;
    const double expected = static_cast<double>(draws) / n;
    for (int c : counts) chi2 += (c - expected) * (c - expected) / expected;
    CHECK(chi2 < 27.9);  // 9 d.o.f., p = 0.001
    for (int c : counts) CHECK(std::abs(c - expected) < 0.03 * expected);
  }
  SECTION("huge n (rejection region) stays in range") {
    Random r(8);
    const uint64_t n = (UINT64_MAX / 3) * 2;  // rejects about a third of next() values
    uint64_t above = 0;
    int outOfRange = 0;
    for (int i = 0; i < 20000; ++i) {
      const uint64_t v = r.below(n);
      outOfRange += v >= n;
      above += v >= n / 2;
    }
    CHECK(outOfRange == 0);
    CHECK(above > 9500);
    CHECK(above < 10500);
  }
  SECTION("n = 2^63 + 1 stays in range") {
    Random r(9);
    const uint64_t n = (1ULL << 63) + 1;
    for (int i = 0; i < 1000; ++i) REQUIRE(r.below(n) < n);
  }
}

TEST_CASE("core::Random: bernoulli edge probabilities", "[core][random]") {
  Random r(13);
  SECTION("p = 0 is never true, and consumes no randomness") {
    Random ref(13);
    for (int i = 0; i < 1000; ++i) REQUIRE_FALSE(r.bernoulli(0.0));
    REQUIRE_FALSE(r.bernoulli(-0.5));
    CHECK(r.next() == ref.next());
  }
  SECTION("p = 1 is always true, and consumes no randomness") {
    Random ref(13);
    for (int i = 0; i < 1000; ++i) REQUIRE(r.bernoulli(1.0));
    REQUIRE(r.bernoulli(1.5));
    CHECK(r.next() == ref.next());
  }
  SECTION("p = 0.25 about a quarter of the time") {
    int yes = 0;
    for (int i = 0; i < 100000; ++i) yes += r.bernoulli(0.25);
    CHECK(yes > 24500);
    CHECK(yes < 25500);
  }
}

TEST_CASE("core::Random: moments over 200k samples with a fixed seed", "[core][random]") {
  const int n = 200000;
  Random r(2024);
  SECTION("uniform01: mean 1/2, variance 1/12, in [0, 1)") {
    double sum = 0, sum2 = 0, lo = 1, hi = 0;
    for (int i = 0; i < n; ++i) {
      const double u = r.uniform01();
      lo = std::min(lo, u);
      hi = std::max(hi, u);
      sum += u;
      sum2 += u * u;
    }
    CHECK(lo >= 0.0);
    CHECK(lo < 1e-4);
    CHECK(hi < 1.0);
    CHECK(hi > 1 - 1e-4);
    const double mean = sum / n, var = sum2 / n - mean * mean;
    CHECK(mean == Approx(0.5).margin(0.003));
    CHECK(var == Approx(1.0 / 12).margin(0.001));
  }
  SECTION("uniform(lo, hi) in [lo, hi)") {
    double sum = 0, lo = 100, hi = 0;
    for (int i = 0; i < n; ++i) {
      const double u = r.uniform(50, 100);
      lo = std::min(lo, u);
      hi = std::max(hi, u);
      sum += u;
    }
    CHECK(lo >= 50.0);
    CHECK(hi < 100.0);
    CHECK(sum / n == Approx(75).margin(0.15));
  }
  SECTION("normal(0, 1): mean 0, stddev 1") {
    double sum = 0, sum2 = 0;
    int nonFinite = 0;
    for (int i = 0; i < n; ++i) {
      const double x = r.normal(0, 1);
      nonFinite += !std::isfinite(x);
      sum += x;
      sum2 += x * x;
    }
    const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
    CHECK(nonFinite == 0);
    CHECK(mean == Approx(0.0).margin(0.01));
    CHECK(sd == Approx(1.0).margin(0.01));
  }
  SECTION("normal(20, 5): shifted and scaled") {
    double sum = 0, sum2 = 0;
    for (int i = 0; i < n; ++i) {
      const double x = r.normal(20, 5);
      sum += x;
      sum2 += x * x;
    }
    const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
    CHECK(mean == Approx(20.0).margin(0.05));
    CHECK(sd == Approx(5.0).margin(0.05));
  }
  SECTION("exponential(1): mean 1, never negative") {
    double sum = 0, lo = 1;
    int nonFinite = 0;
    for (int i = 0; i < n; ++i) {
      const double x = r.exponential(1.0);
      lo = std::min(lo, x);
      nonFinite += !std::isfinite(x);
      sum += x;
    }
    CHECK(lo >= 0.0);
    CHECK(nonFinite == 0);
    CHECK(sum / n == Approx(1.0).margin(0.01));
  }
  SECTION("exponential(10): mean 10") {
    double sum = 0;
    for (int i = 0; i < n; ++i) sum += r.exponential(10.0);
    CHECK(sum / n == Approx(10.0).margin(0.1));
  }
  SECTION("lognormal(20, 0.5): median 20, positive, mean 20*exp(1/8)") {
    std::vector<double> xs;
    xs.reserve(n);
    double sum = 0;
    for (int i = 0; i < n; ++i) {
      const double x = r.lognormal(20.0, 0.5);
      xs.push_back(x);
      sum += x;
    }
    CHECK(*std::min_element(xs.begin(), xs.end()) > 0.0);
    std::nth_element(xs.begin(), xs.begin() + n / 2, xs.end());
    CHECK(xs[n / 2] == Approx(20.0).margin(0.1));
    CHECK(sum / n == Approx(20.0 * std::exp(0.125)).margin(0.1));
  }
}
