#include "sim/conflicts/examples/MaxValueReadResolver.h"

#include <algorithm>
#include <charconv>

namespace replsim {
namespace {
bool asInt(const std::string& s, long long& v) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}
}  // namespace

std::string MaxValueReadResolver::resolve(std::string_view, std::span<const std::string> siblings) const {
  long long best = 0, v = 0;
  bool allInts = true;
  for (const std::string& s : siblings) allInts = allInts && asInt(s, v);
  if (!allInts) return *std::max_element(siblings.begin(), siblings.end());
  const std::string* winner = &siblings.front();
  asInt(*winner, best);
  for (const std::string& s : siblings)
    if (asInt(s, v) && v > best) { best = v; winner = &s; }
  return *winner;
}

}  // namespace replsim
