#include "sim/core/ProgressMeter.h"

#include <cmath>

#include <fmt/format.h>

namespace replsim {

namespace {
constexpr auto kQuiet = std::chrono::seconds(1);
constexpr auto kInterval = std::chrono::milliseconds(500);
}  // namespace

ProgressMeter::ProgressMeter(std::ostream* out, size_t total, std::string label, bool withRate)
    : out_(out), total_(total), label_(std::move(label)), withRate_(withRate), start_(Clock::now()), lastPrint_(start_) {}

std::string ProgressMeter::line() const {
  std::string s = fmt::format("{}: {}/{} runs", label_, done_, total_);
  if (!withRate_) return s;
  const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  const double rate = seconds > 0 ? static_cast<double>(done_) / seconds : 0.0;
  if (rate > 0 && done_ < total_)
    return fmt::format("{}, {:.1f} runs/s, ETA {:.0f} s", s, rate, std::ceil(static_cast<double>(total_ - done_) / rate));
  return fmt::format("{}, {:.1f} runs/s", s, rate);
}

void ProgressMeter::completed() {
  std::lock_guard lock(mutex_);
  ++done_;
  if (!out_) return;
  const auto now = Clock::now();
  if (now - start_ < kQuiet || (printed_ && now - lastPrint_ < kInterval)) return;
  *out_ << line() << "\n" << std::flush;
  printed_ = true;
  lastPrint_ = now;
}

void ProgressMeter::finish() {
  std::lock_guard lock(mutex_);
  if (out_ && printed_) *out_ << line() << ", done\n" << std::flush;
}

}  // namespace replsim
