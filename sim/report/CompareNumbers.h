#pragma once
// CompareNumbers: how the `replsim compare` renderers (CompareReport,
// ModeCompareReport) turn numbers into JSON, text and CSV cells, so that both
// tables round the same way and no floating-point noise reaches the output:
// times to 1 us, other numbers to 6 decimals, unset values as null / empty.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace replsim::compare_numbers {

double rounded(double v, double scale);
// Milliseconds rounded to 1 us; null when unset.
nlohmann::ordered_json msJson(std::optional<double> ms);
// A ratio, count or mean rounded to 6 decimals; null when unset.
nlohmann::ordered_json ratioJson(std::optional<double> v);
// printf("%.*f").
std::string fixed(double v, int decimals);
// A CSV cell: empty for null, a string as is, anything else as JSON.
std::string csvCell(const nlohmann::ordered_json& v);

}  // namespace replsim::compare_numbers
