#pragma once
// ReplicaSeries: how far behind each replica is, over simulated time — the
// data of timeseries.csv.
//
// It tracks two things per replica, fed by EventRecorder as the run goes:
//   * pending: replication messages addressed to it that have not arrived
//     yet (in flight or waiting in a stopped stream), plus writes it received
//     but holds back for causal order;
//   * the oldest write issued anywhere that it has not yet settled: applied
//     (or found already covered), or settled by conflict handling (resolved,
//     skipped as an anomaly, or refused by the `error` resolver). Staleness
//     at time t is t minus that write's issue time, 0 when nothing is
//     outstanding.
// Both are sampled on a fixed time grid: the sample at grid time g is the
// state after every event at times <= g. The grid starts at 0 with a step of
// 1 ms; whenever it would exceed kMaxSamples points the step grows tenfold
// and every tenth sample is kept (those are exactly the points of the coarser
// grid), so memory stays bounded whatever the run's length and the step is
// always a power of ten milliseconds.
//
// Invariant: writes are announced in WriteIndex order with non-decreasing
// issue times (the engine issues them in simulated-time order).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/core/SimTime.h"

namespace replsim {

class ReplicaSeries {
 public:
  static constexpr size_t kMaxSamples = 5000;  // grid points kept (a multiple of 10)

  struct Row {
    SimTime at;
    uint32_t replica;
    uint32_t pending;
    SimTime staleness;
  };

  explicit ReplicaSeries(size_t replicas);

  // Samples every grid point before `t`; call before applying changes at `t`.
  void advanceTo(SimTime t);
  void writeIssued(uint32_t write, SimTime at);
  void writeSettled(uint32_t replica, uint32_t write);
  void pendingChanged(uint32_t replica, int64_t delta);

  // Every grid point up to `end`, replica by replica, then a last row per
  // replica at `end` itself when `end` is not a grid point.
  std::vector<Row> rows(SimTime end) const;
  // The grid step that rows(end) uses.
  SimTime step(SimTime end) const;

 private:
  struct Sample {
    uint32_t pending;
    int64_t oldestIssuedUs;  // -1: nothing outstanding
  };
  int64_t oldestIssued(uint32_t replica) const;
  void decimate();

  size_t replicas_;
  std::vector<SimTime> issuedAt_;                 // by write
  std::vector<std::vector<bool>> settled_;        // [replica][write]
  std::vector<uint32_t> firstUnsettled_;          // per replica
  std::vector<int64_t> pending_;                  // per replica
  std::vector<Sample> samples_;                   // [grid index * replicas + replica]
  SimTime step_ = SimTime::fromUs(1000);
  SimTime nextGrid_ = SimTime::zero();
};

}  // namespace replsim
