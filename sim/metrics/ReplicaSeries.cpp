#include "sim/metrics/ReplicaSeries.h"

#include <algorithm>

namespace replsim {

ReplicaSeries::ReplicaSeries(size_t replicas)
    : replicas_(replicas), settled_(replicas), firstUnsettled_(replicas, 0), pending_(replicas, 0) {}

int64_t ReplicaSeries::oldestIssued(uint32_t replica) const {
  const uint32_t w = firstUnsettled_[replica];
  return w < issuedAt_.size() ? issuedAt_[w].us() : -1;
}

void ReplicaSeries::decimate() {
  // Keep grid indices 0, 10, 20, ...: the points of the tenfold coarser grid.
  const size_t points = samples_.size() / replicas_;
  std::vector<Sample> kept;
  kept.reserve((points / 10 + 1) * replicas_);
  for (size_t i = 0; i < points; i += 10)
    kept.insert(kept.end(), samples_.begin() + static_cast<std::ptrdiff_t>(i * replicas_),
                samples_.begin() + static_cast<std::ptrdiff_t>((i + 1) * replicas_));
  samples_.swap(kept);
  step_ = step_ * 10;
}

void ReplicaSeries::advanceTo(SimTime t) {
  while (nextGrid_ < t) {
    if (samples_.size() / replicas_ == kMaxSamples) {
      // nextGrid_ is kMaxSamples * step_, a multiple of the coarser step.
      decimate();
    }
    for (uint32_t r = 0; r < replicas_; ++r)
      samples_.push_back(Sample{static_cast<uint32_t>(std::max<int64_t>(pending_[r], 0)), oldestIssued(r)});
    nextGrid_ += step_;
  }
}

void ReplicaSeries::writeIssued(uint32_t write, SimTime at) {
  if (issuedAt_.size() <= write) issuedAt_.resize(write + 1, at);
  issuedAt_[write] = at;
}

void ReplicaSeries::writeSettled(uint32_t replica, uint32_t write) {
  std::vector<bool>& done = settled_[replica];
  if (done.size() <= write) done.resize(std::max<size_t>(write + 1, issuedAt_.size()), false);
  done[write] = true;
  uint32_t& first = firstUnsettled_[replica];
  while (first < done.size() && done[first]) ++first;
}

void ReplicaSeries::pendingChanged(uint32_t replica, int64_t delta) { pending_[replica] += delta; }

SimTime ReplicaSeries::step(SimTime end) const {
  ReplicaSeries copy = *this;
  copy.advanceTo(end + SimTime::fromUs(1));
  return copy.step_;
}

std::vector<ReplicaSeries::Row> ReplicaSeries::rows(SimTime end) const {
  // Sample the rest of the grid on a copy, so rows() can be asked at any time.
  ReplicaSeries copy = *this;
  copy.advanceTo(end + SimTime::fromUs(1));
  std::vector<Row> out;
  const size_t points = copy.samples_.size() / replicas_;
  out.reserve((points + 1) * replicas_);
  auto row = [&](SimTime at, uint32_t r, const Sample& s) {
    const SimTime staleness = s.oldestIssuedUs < 0 ? SimTime::zero() : at - SimTime::fromUs(s.oldestIssuedUs);
    out.push_back(Row{at, r, s.pending, staleness});
  };
  for (size_t i = 0; i < points; ++i)
    for (uint32_t r = 0; r < replicas_; ++r)
      row(copy.step_ * static_cast<int64_t>(i), r, copy.samples_[i * replicas_ + r]);
  const SimTime lastGrid = copy.nextGrid_ - copy.step_;
  if (points == 0 || lastGrid != end)
    for (uint32_t r = 0; r < replicas_; ++r)
      row(end, r, Sample{static_cast<uint32_t>(std::max<int64_t>(copy.pending_[r], 0)), copy.oldestIssued(r)});
  return out;
}

}  // namespace replsim
