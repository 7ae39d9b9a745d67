#include "sim/core/SimTime.h"

namespace replsim {

std::string formatMs(SimTime t) {
  int64_t us = t.us();
  std::string sign;
  if (us < 0) { sign = "-"; us = -us; }
  std::string frac = std::to_string(us % 1000);
  while (frac.size() < 3) frac.insert(frac.begin(), '0');
  return sign + std::to_string(us / 1000) + "." + frac;
}

}  // namespace replsim
