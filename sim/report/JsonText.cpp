#include "sim/report/JsonText.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "sim/report/JsonReport.h"

namespace replsim {

void appendJsonString(std::string& out, std::string_view s) {
  const bool plain = std::all_of(s.begin(), s.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7F && c != '"' && c != '\\';
  });
  if (!plain) {
    out += ReportJson(std::string(s)).dump();
    return;
  }
  out += '"';
  out.append(s);
  out += '"';
}

void appendJsonNumber(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  // What nlohmann's serializer::dump_float does for an IEEE double: its own
  // to_chars into a 64-byte buffer.
  char digits[64];
  out.append(digits, nlohmann::detail::to_chars(digits, digits + sizeof digits, v));
}

void appendJsonNumber(std::string& out, uint64_t v) {
  char digits[24];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, v).ptr);
}

}  // namespace replsim
