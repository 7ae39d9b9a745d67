#include "sim/report/CompareNumbers.h"

#include <cmath>
#include <cstdio>

namespace replsim::compare_numbers {

using Json = nlohmann::ordered_json;

double rounded(double v, double scale) { return std::round(v * scale) / scale; }
Json msJson(std::optional<double> ms) { return ms ? Json(rounded(*ms, 1e3)) : Json(nullptr); }
Json ratioJson(std::optional<double> v) { return v ? Json(rounded(*v, 1e6)) : Json(nullptr); }

std::string fixed(double v, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string csvCell(const Json& v) { return v.is_null() ? "" : v.is_string() ? v.get<std::string>() : v.dump(); }

}  // namespace replsim::compare_numbers
