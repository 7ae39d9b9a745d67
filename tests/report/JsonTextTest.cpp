// JsonText prints scalars as nlohmann's dump() does: checked against dump()
// on the values replsim writes (milliseconds from integer microseconds,
// counts, names) and on the awkward ones.
#include "sim/report/JsonText.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "sim/core/Random.h"
#include "sim/report/JsonReport.h"

using namespace replsim;

namespace {

std::string number(double v) {
  std::string s;
  appendJsonNumber(s, v);
  return s;
}

std::string number(uint64_t v) {
  std::string s;
  appendJsonNumber(s, v);
  return s;
}

std::string asJsonString(std::string_view v) {
  std::string s = "[";  // appends, never replaces
  appendJsonString(s, v);
  return s;
}

}  // namespace

TEST_CASE("report::JsonText: numbers as dump() prints them", "[report]") {
  SECTION("whole and fractional milliseconds, zero, negative") {
    for (double v : {0.0, -0.0, 1.0, 10.0, 100.0, 0.001, 1.5, 12.345, 1e21, 1e-7, -3.25, 123456789.012})
      CHECK(number(v) == ReportJson(v).dump());
    CHECK(number(10.0) == "10.0");  // nlohmann keeps the ".0": the text says it is a number with a fraction
    CHECK(number(0.001) == "0.001");
  }
  SECTION("not finite: null") {
    CHECK(number(std::numeric_limits<double>::infinity()) == "null");
    CHECK(number(std::nan("")) == "null");
  }
  SECTION("randomized: microseconds as milliseconds, and any double") {
    Random rng(20261202);
    for (int i = 0; i < 20000; ++i) {
      const double ms = static_cast<double>(rng.next() % 10'000'000'000ULL) / 1000.0;
      REQUIRE(number(ms) == ReportJson(ms).dump());
      const double any = rng.normal(0.0, 1e6) * rng.uniform01();
      REQUIRE(number(any) == ReportJson(any).dump());
    }
  }
  SECTION("unsigned counts") {
    for (uint64_t v : {uint64_t{0}, uint64_t{7}, uint64_t{4294967295}, std::numeric_limits<uint64_t>::max()})
      CHECK(number(v) == ReportJson(v).dump());
  }
}

TEST_CASE("report::JsonText: strings as dump() prints them", "[report]") {
  for (const std::string& s : {std::string(""), std::string("A#12"), std::string("say \"hi\""), std::string("a\\b"),
                              std::string("line\nbreak"), std::string("tab\there"), std::string("\x01\x1f\x7f"),
                              std::string("é ✓ 🙂"), std::string("</script>]]>")})
    CHECK(asJsonString(s) == "[" + ReportJson(s).dump());
  SECTION("invalid UTF-8 is refused, as dump() refuses it") {
    CHECK_THROWS(asJsonString(std::string("\xff\xfe")));
    CHECK_THROWS(ReportJson(std::string("\xff\xfe")).dump());
  }
}
