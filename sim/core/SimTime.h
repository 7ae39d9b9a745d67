#pragma once
// SimTime: simulated time as a strong integer type, in microseconds.
//
// Invariants: the value is an exact int64 count of microseconds; there is no
// floating point anywhere in the scheduler's ordering. Milliseconds given by
// users (JSON numbers, possibly fractional) are rounded to the nearest
// microsecond exactly once, on the way in (fromMs), so that two machines with
// the same input compute the same integer.

#include <cmath>
#include <compare>
#include <cstdint>
#include <limits>
#include <string>

namespace replsim {

class SimTime {
 public:
  constexpr SimTime() = default;
  static constexpr SimTime fromUs(int64_t us) { return SimTime(us); }
  // Rounds half away from zero. REQUIRES: ms is finite and within +-9e12 ms.
  static SimTime fromMs(double ms) { return SimTime(static_cast<int64_t>(std::llround(ms * 1000.0))); }
  static constexpr SimTime zero() { return SimTime(0); }
  static constexpr SimTime max() { return SimTime(std::numeric_limits<int64_t>::max()); }

  constexpr int64_t us() const { return us_; }
  // For reports only: never feed the result back into the scheduler.
  constexpr double ms() const { return static_cast<double>(us_) / 1000.0; }

  constexpr auto operator<=>(const SimTime&) const = default;
  constexpr SimTime operator+(SimTime o) const { return SimTime(us_ + o.us_); }
  constexpr SimTime operator-(SimTime o) const { return SimTime(us_ - o.us_); }
  constexpr SimTime& operator+=(SimTime o) { us_ += o.us_; return *this; }
  constexpr SimTime operator*(int64_t k) const { return SimTime(us_ * k); }

 private:
  constexpr explicit SimTime(int64_t us) : us_(us) {}
  int64_t us_ = 0;
};

// "12.345" — milliseconds with exactly three decimals, from the integer, so
// formatting never depends on floating-point printing.
std::string formatMs(SimTime t);

}  // namespace replsim
