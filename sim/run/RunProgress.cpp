#include "sim/run/RunProgress.h"

#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "sim/replication/Simulation.h"

namespace replsim {

namespace {
constexpr auto kQuiet = std::chrono::seconds(2);
constexpr auto kInterval = std::chrono::milliseconds(500);
constexpr std::size_t kLineWidth = 72;
}  // namespace

RunProgress::RunProgress(const Simulation& sim, std::ostream& out)
    : sim_(sim), out_(out), start_(Clock::now()), lastPrint_(start_) {}

void RunProgress::maybePrint() {
  const auto now = Clock::now();
  if (now - start_ < kQuiet || (printed_ && now - lastPrint_ < kInterval)) return;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  std::string line = fmt::format("replsim: simulated {} ms, {:.1f} M events/s", formatMs(sim_.now()),
                                 static_cast<double>(sim_.eventsProcessed()) / seconds / 1e6);
  if (line.size() < kLineWidth) line.append(kLineWidth - line.size(), ' ');
  out_ << "\r" << line << std::flush;
  printed_ = true;
  lastPrint_ = now;
}

void RunProgress::finish() {
  if (printed_) out_ << "\r" << std::string(kLineWidth, ' ') << "\r" << std::flush;
  printed_ = false;
}

}  // namespace replsim
