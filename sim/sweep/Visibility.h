#pragma once
// Visibility: Probabilistically Bounded Staleness (Bailis et al., VLDB 2012)
// for a leaderless scenario — `replsim visibility` (docs/leaderless.md,
// "Staleness: replsim visibility").
//
// K independent trials, each one write then one read of the scenario's
// quorum over its links, with the leaderless engine's message flow
// (LeaderlessProtocol) replayed in a lean loop per trial:
//   * the trial's key is drawn among the scenario's keys, its replicas are
//     its preference list (HashRing, placement.vnodes); the write's and the
//     read's coordinators are drawn independently among the nodes (two
//     clients);
//   * the write coordinator stores the write at once when it is a replica
//     (its own ack) and sends a copy to every other replica; each replica
//     acknowledges on arrival; the write commits at the w-th ack (fails,
//     and the trial is not counted, without w acks before quorum.timeout_ms);
//   * for each t, a read starts t ms after the commit: it asks every
//     replica (read_fanout all) or r of them (itself when it is a replica,
//     then the preference list in order), its own copy answering at once; a
//     replica holds the write when the copy arrived no later than the
//     request; the read is consistent when one of the first r answers holds
//     the write (a read without r answers before timeout_ms is not);
//   * every message takes its link's time as Network::send draws it: lost
//     transmissions (loss) cost retry_ms each, then a sample of the link's
//     latency of the message's kind (by_kind: write for a copy, ack, read
//     for a request, read_response; else latency_ms); on a fifo link a
//     message never overtakes one sent earlier on it (the read through the
//     write's own coordinator is clamped behind the copies);
//   * quorum.coordinator "client": the legs to a coordinator's own replica
//     are messages too — loopback transmissions under links.default (its
//     kinds; not fifo) — where a node coordinator's own copy is instant;
//   * no faults, hints, repair or anti-entropy: the trials have none (a
//     scenario with read_repair or anti_entropy is refused: VisibilityError).
// A trial's samples are drawn once and serve every t (reads change nothing
// without repair), so consistency is measured with common random numbers.
//
// Deterministic: one Random seeded with `seed`, consumed in trial order.

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/model/Scenario.h"

namespace replsim {

class VisibilityError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct VisibilityOptions {
  std::vector<double> tMs{0, 1, 2, 5, 10, 20, 50, 100};  // strictly increasing, >= 0
  uint64_t trials = 10000;
  uint64_t seed = 1;
};

struct VisibilityPoint {
  double tMs = 0;
  uint64_t consistent = 0;  // of `committed` trials
  double fraction = 0;
  double ciLow = 0, ciHigh = 0;  // 95 % Wilson
};

// A quantile with its 95 % distribution-free interval; +inf: never.
struct QuantileEstimate {
  double value = 0, ciLow = 0, ciHigh = 0;
};

struct LatencyQuantiles {
  uint64_t count = 0;
  double p50 = 0, p99 = 0, p999 = 0;  // ms, nearest rank
};

struct VisibilityResult {
  std::string scenario;
  int n = 0, w = 0, r = 0;
  std::string readFanout;
  uint64_t trials = 0;
  uint64_t seed = 0;
  uint64_t writesFailed = 0;  // trials whose write did not commit (not counted)
  uint64_t committed = 0;
  std::vector<VisibilityPoint> points;
  QuantileEstimate tAt999;    // the t after which 99.9 % of reads are consistent
  LatencyQuantiles read, write;
};

// Throws VisibilityError when the scenario or the options cannot be run.
VisibilityResult runVisibility(const Scenario& scenario, const VisibilityOptions& options);

// The 95 % interval of the nearest-rank p-quantile of `sorted` (n values):
// the values at ranks n·p ∓ 1.96·sqrt(n·p·(1-p)) (normal approximation of
// the binomial count below the quantile), clamped to [1, n].
QuantileEstimate quantileWithInterval(const std::vector<double>& sorted, double p);

nlohmann::ordered_json visibilityJson(const VisibilityResult& r);
std::string visibilityText(const VisibilityResult& r);

}  // namespace replsim
