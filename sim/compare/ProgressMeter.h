#pragma once
// ProgressMeter: "compare: 37/120 runs" on stderr while a long comparison
// runs. Silent for the first second and then at most one line every half
// second, so short comparisons print nothing. Uses the wall clock, which is
// fine for progress and is never part of a result.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <ostream>

namespace replsim {

class ProgressMeter {
 public:
  // out may be null: then the meter only counts.
  ProgressMeter(std::ostream* out, size_t total);
  // One more run finished. Thread-safe.
  void completed();
  // After the last run: the final count, if a line was printed before.
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  std::ostream* out_;
  size_t total_;
  size_t done_ = 0;
  bool printed_ = false;
  Clock::time_point start_, lastPrint_;
  std::mutex mutex_;
};

}  // namespace replsim
