#pragma once
// ProgressMeter: "compare: 37/120 runs" on stderr while a long comparison
// (or sweep) runs; with a rate, "sweep: 37/120 runs, 12.5 runs/s, ETA 7 s".
// Silent for the first second and then at most one line every half
// second, so short comparisons print nothing. Uses the wall clock, which is
// fine for progress and is never part of a result.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <ostream>
#include <string>

namespace replsim {

class ProgressMeter {
 public:
  // out may be null: then the meter only counts. `label` starts each line;
  // withRate adds runs per second and the estimated time left.
  ProgressMeter(std::ostream* out, size_t total, std::string label = "compare", bool withRate = false);
  // One more run finished. Thread-safe.
  void completed();
  // After the last run: the final count, if a line was printed before.
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  std::string line() const;  // REQUIRES: mutex_ held

  std::ostream* out_;
  size_t total_;
  std::string label_;
  bool withRate_;
  size_t done_ = 0;
  bool printed_ = false;
  Clock::time_point start_, lastPrint_;
  std::mutex mutex_;
};

}  // namespace replsim
