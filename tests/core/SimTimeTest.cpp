#include <catch2/catch.hpp>

#include "tests/TestSupport.h"

#include <string>

#include "sim/core/SimTime.h"

using namespace replsim;

TEST_CASE("core::SimTime: fromMs rounds to the nearest microsecond, half away from zero", "[core][simtime]") {
  SECTION("exact milliseconds") {
    CHECK(SimTime::fromMs(0.0).us() == 0);
    CHECK(SimTime::fromMs(1.0).us() == 1000);
    CHECK(SimTime::fromMs(10.0).us() == 10000);
    CHECK(SimTime::fromMs(0.1).us() == 100);
  }
  SECTION("half a microsecond rounds up") {
    CHECK(SimTime::fromMs(0.0005).us() == 1);
    CHECK(SimTime::fromMs(0.0015).us() == 2);
    CHECK(SimTime::fromMs(0.0025).us() == 3);  // not banker's rounding
    CHECK(SimTime::fromMs(12.3455).us() == 12346);
  }
  SECTION("below half rounds down") {
    CHECK(SimTime::fromMs(1.2344).us() == 1234);
    CHECK(SimTime::fromMs(0.0004).us() == 0);
    CHECK(SimTime::fromMs(1.2346).us() == 1235);
  }
  SECTION("negative values round away from zero") {
    CHECK(SimTime::fromMs(-1.5).us() == -1500);
    CHECK(SimTime::fromMs(-0.0005).us() == -1);
    CHECK(SimTime::fromMs(-2.5004).us() == -2500);
    CHECK(SimTime::fromMs(-2.5006).us() == -2501);
  }
  SECTION("large values stay exact") {
    CHECK(SimTime::fromMs(1e9).us() == 1'000'000'000'000LL);
    CHECK(SimTime::fromMs(123456789.123).us() == 123'456'789'123LL);
  }
  SECTION("ms() converts back") {
    CHECK(SimTime::fromUs(12345).ms() == 12.345);
    CHECK(SimTime::fromUs(-1500).ms() == -1.5);
  }
}

TEST_CASE("core::SimTime: arithmetic and ordering", "[core][simtime]") {
  const SimTime a = SimTime::fromUs(1500), b = SimTime::fromUs(250);
  SECTION("plus, minus, times") {
    CHECK((a + b).us() == 1750);
    CHECK((a - b).us() == 1250);
    CHECK((b - a).us() == -1250);
    CHECK((b * 4).us() == 1000);
    SimTime c = a;
    c += b;
    CHECK(c.us() == 1750);
  }
  SECTION("comparison") {
    CHECK(b < a);
    CHECK(a > b);
    CHECK(a == SimTime::fromMs(1.5));
    CHECK(SimTime::zero() == SimTime());
    CHECK(SimTime::max() > SimTime::fromMs(9e12));
  }
}

TEST_CASE("core::SimTime: formatMs prints exactly three decimals", "[core][simtime]") {
  SECTION("ordinary values") {
    CHECK(formatMs(SimTime::fromUs(12345)) == "12.345");
    CHECK(formatMs(SimTime::fromUs(1)) == "0.001");
    CHECK(formatMs(SimTime::fromUs(0)) == "0.000");
    CHECK(formatMs(SimTime::fromUs(100000)) == "100.000");
    CHECK(formatMs(SimTime::fromUs(1010)) == "1.010");
  }
  SECTION("negative values") {
    CHECK(formatMs(SimTime::fromUs(-1500)) == "-1.500");
    CHECK(formatMs(SimTime::fromUs(-1)) == "-0.001");
    CHECK(formatMs(SimTime::fromUs(-12345)) == "-12.345");
  }
  SECTION("round trip through fromMs") {
    CHECK(formatMs(SimTime::fromMs(12.3456)) == "12.346");
    CHECK(formatMs(SimTime::fromMs(0.0005)) == "0.001");
  }
  SECTION("large values") {
    CHECK(formatMs(SimTime::fromUs(9'000'000'000'000'001LL)) == "9000000000000.001");
  }
}
