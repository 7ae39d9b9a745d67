#include "sim/core/SimTime.h"

#include <fmt/format.h>

namespace replsim {

std::string formatMs(SimTime t) {
  int64_t us = t.us();
  const char* sign = "";
  if (us < 0) { sign = "-"; us = -us; }
  return fmt::format("{}{}.{:03}", sign, us / 1000, us % 1000);
}

}  // namespace replsim
