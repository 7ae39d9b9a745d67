#pragma once
// RunProgress: a one-line progress display on a terminal while a long run
// runs: "replsim: simulated 1234.500 ms, 2.1 M events/s". Silent for the
// first two seconds, so short runs print nothing; then the line is
// rewritten (carriage return) at most twice a second, and erased when the
// run ends. It observes the engine's hooks and looks at the wall clock only
// every 4096 of them; the clock never reaches a result.
//
// The caller decides where it may appear: only on a terminal (isatty), never
// in a pipe or a CI log, and never where a trace is printed too.
//
// REQUIRES: `sim` and `out` outlive the RunProgress.

#include <chrono>
#include <cstdint>
#include <ostream>

#include "sim/core/SimObserver.h"

namespace replsim {

class Simulation;

class RunProgress : public SimObserver {
 public:
  RunProgress(const Simulation& sim, std::ostream& out);
  // Erases the line if one was printed.
  void finish();

  void onClientOp(const ClientOpEvent&) override { tick(); }
  void onSent(const MessageEvent&) override { tick(); }
  void onDelivered(const MessageEvent&) override { tick(); }
  void onDropped(const MessageEvent&) override { tick(); }

 private:
  using Clock = std::chrono::steady_clock;
  void tick() {
    if ((++hooks_ & 4095u) == 0) maybePrint();
  }
  void maybePrint();

  const Simulation& sim_;
  std::ostream& out_;
  uint64_t hooks_ = 0;
  bool printed_ = false;
  Clock::time_point start_, lastPrint_;
};

}  // namespace replsim
