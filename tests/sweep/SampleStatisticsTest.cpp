#include <catch2/catch.hpp>

#include "sim/sweep/SampleStatistics.h"

using replsim::SampleStatistics;

TEST_CASE("sim::SampleStatistics: summaries and 95% intervals", "[sweep]") {
  SECTION("Student t quantiles match the published table") {
    CHECK(SampleStatistics::studentT975(1) == Approx(12.7062).epsilon(1e-5));
    CHECK(SampleStatistics::studentT975(4) == Approx(2.7764).epsilon(1e-4));
    CHECK(SampleStatistics::studentT975(9) == Approx(2.2622).epsilon(1e-4));
    CHECK(SampleStatistics::studentT975(30) == Approx(2.0423).epsilon(1e-4));
    CHECK(SampleStatistics::studentT975(1000) == Approx(1.9623).epsilon(1e-4));
  }
  SECTION("mean, sd, min, max and the t interval of 1..5") {
    // mean 3; sd = sqrt(sum (x-3)^2 / 4) = sqrt(10/4); half = t(4) * sd / sqrt(5) = 2.776445 * 1.581139 / 2.236068
    const auto s = SampleStatistics::of({5, 1, 4, 2, 3}, false);
    CHECK(s.n == 5);
    CHECK(s.mean == 3);
    CHECK(s.sd == Approx(1.5811388));
    CHECK(s.min == 1);
    CHECK(s.max == 5);
    REQUIRE(s.hasInterval);
    CHECK(s.ciLow == Approx(3 - 1.963243).epsilon(1e-6));
    CHECK(s.ciHigh == Approx(3 + 1.963243).epsilon(1e-6));
  }
  SECTION("nearest-rank percentiles: the value at rank ceil(p% of n)") {
    const auto s = SampleStatistics::of({10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, false);
    CHECK(s.p50 == 5);   // rank 5
    CHECK(s.p90 == 9);   // rank 9
    CHECK(s.p99 == 10);  // rank ceil(9.9) = 10
    const auto three = SampleStatistics::of({1, 2, 3}, false);
    CHECK(three.p50 == 2);  // rank ceil(1.5) = 2
    CHECK(three.p90 == 3);
  }
  SECTION("Wilson interval of 8 true out of 10") {
    // p = 0.8, z = 1.959964: centre = (p + z^2/20) / (1 + z^2/10) = 0.716740,
    // half = z / (1 + z^2/10) * sqrt(p(1-p)/10 + z^2/400) = 0.226577
    const auto s = SampleStatistics::of({1, 1, 1, 0, 1, 1, 1, 1, 0, 1}, true);
    CHECK(s.mean == Approx(0.8));
    REQUIRE(s.hasInterval);
    CHECK(s.ciLow == Approx(0.490163).epsilon(1e-5));
    CHECK(s.ciHigh == Approx(0.943317).epsilon(1e-5));
  }
  SECTION("Wilson with all true stays inside [0, 1] and is not a point") {
    const auto s = SampleStatistics::of(std::vector<double>(100, 1.0), true);
    CHECK(s.ciHigh == 1.0);
    CHECK(s.ciLow == Approx(0.963).epsilon(1e-3));  // 100/(100 + z^2)
  }
  SECTION("edge cases: no values, one value, identical values") {
    const auto none = SampleStatistics::of({}, false);
    CHECK(none.n == 0);
    CHECK_FALSE(none.hasInterval);
    const auto one = SampleStatistics::of({7}, false);
    CHECK(one.n == 1);
    CHECK(one.sd == 0);
    CHECK_FALSE(one.hasInterval);  // a mean of one value has no t interval
    CHECK(SampleStatistics::of({1}, true).hasInterval);  // a proportion does
    const auto same = SampleStatistics::of({4, 4, 4}, false);
    CHECK(same.sd == 0);
    CHECK(same.ciLow == 4);
    CHECK(same.ciHigh == 4);
  }
}
