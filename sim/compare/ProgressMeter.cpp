#include "sim/compare/ProgressMeter.h"

namespace replsim {

namespace {
constexpr auto kQuiet = std::chrono::seconds(1);
constexpr auto kInterval = std::chrono::milliseconds(500);
}  // namespace

ProgressMeter::ProgressMeter(std::ostream* out, size_t total)
    : out_(out), total_(total), start_(Clock::now()), lastPrint_(start_) {}

void ProgressMeter::completed() {
  std::lock_guard lock(mutex_);
  ++done_;
  if (!out_) return;
  const auto now = Clock::now();
  if (now - start_ < kQuiet || (printed_ && now - lastPrint_ < kInterval)) return;
  *out_ << "compare: " << done_ << "/" << total_ << " runs\n" << std::flush;
  printed_ = true;
  lastPrint_ = now;
}

void ProgressMeter::finish() {
  std::lock_guard lock(mutex_);
  if (out_ && printed_) *out_ << "compare: " << done_ << "/" << total_ << " runs, done\n" << std::flush;
}

}  // namespace replsim
