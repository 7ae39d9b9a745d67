// SampleCounts must give exactly the figures of sorting every sample
// (percentiles() on the raw vector, the independent derivation), whatever
// the order, the number of compactions and the spread of values.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "sim/core/Random.h"
#include "sim/metrics/SampleCounts.h"

using namespace replsim;

namespace {

void requireSame(const SampleCounts& counts, const std::vector<int64_t>& samples) {
  const Percentiles want = percentiles(samples);
  const Percentiles got = counts.percentiles();
  REQUIRE(counts.size() == samples.size());
  CHECK(got.p50 == want.p50);
  CHECK(got.p99 == want.p99);
  CHECK(got.max == want.max);
}

}  // namespace

TEST_CASE("sim::SampleCounts: exact nearest-rank percentiles", "[metrics]") {
  SampleCounts counts;
  std::vector<int64_t> samples;
  SECTION("empty gives zeros") {
    const Percentiles p = counts.percentiles();
    CHECK(p.p50 == SimTime::zero());
    CHECK(p.max == SimTime::zero());
    CHECK(counts.empty());
  }
  SECTION("a few samples, by hand: 1..10 -> p50 the 5th (5), p99 the 10th (10)") {
    for (int64_t v : {7, 3, 10, 1, 5, 2, 9, 4, 8, 6}) counts.add(v), samples.push_back(v);
    CHECK(counts.percentiles().p50 == SimTime::fromUs(5));
    CHECK(counts.percentiles().p99 == SimTime::fromUs(10));
    requireSame(counts, samples);
  }
  SECTION("few distinct values, many samples (fixed-latency links)") {
    for (int i = 0; i < 100000; ++i) {
      const int64_t v = 10000 + (i % 7 == 0 ? 15 : 0) - (i % 1000 == 0 ? 20000 : 0);
      counts.add(v);
      samples.push_back(v);
    }
    requireSame(counts, samples);
  }
  SECTION("mostly distinct values across many compactions, queried in between") {
    Random rng(42);
    for (int i = 0; i < 50000; ++i) {
      const int64_t v = static_cast<int64_t>(rng.next() % 2000000) - 1000;
      counts.add(v);
      samples.push_back(v);
      if (i == 1023 || i == 1024 || i == 4097 || i == 30000) requireSame(counts, samples);
    }
    requireSame(counts, samples);
  }
}
