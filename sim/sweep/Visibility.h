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
//     replica holds the write when the copy (or an anti-entropy shipment)
//     arrived no later than the request; the read is consistent when one of the first r answers holds
//     the write (a read without r answers before timeout_ms is not);
//   * every message takes its link's time as Network::send draws it: lost
//     transmissions (loss) cost retry_ms each, then a latency sample; on a
//     fifo link a message never overtakes one sent earlier on it (the read
//     through the write's own coordinator is clamped behind the copies, and
//     behind anti-entropy shipments, below);
//   * read_repair "blocking": the read's result goes back to each of its
//     first r answers that lacked it (its own copy at once) and the read
//     ends when those repairs are acknowledged (it fails past timeout_ms);
//     "async" changes nothing a single read sees (the trials are those of
//     "off", draw for draw);
//   * anti_entropy: rounds every interval_ms at a phase relative to the
//     write drawn uniformly per trial; at each round every replica holding
//     the write ships it to every replica that does not (a message over
//     their link), until all hold it. Rounds never stop (no until_ms: the
//     steady state);
//   * no faults (the scenario's faults are ignored), so no link is ever
//     down and hinted handoff and sloppy quorums never come into play.
// The experiment is PBS's: each t is its own write-then-one-read (a read at
// one t never sees the repairs of a read at another, whatever --t-ms
// lists). A trial's samples are drawn once and serve every t (common random
// numbers: the reads at different t are the same experiment at different
// instants, not a sequence), so a t costs only its read, and the fractions
// at different t are compared on the same trials.
//
// Deterministic: one Random seeded with `seed`, consumed in trial order.

#include <cstdint>
#include <limits>
#include <optional>
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
  std::string readRepair;                 // "off", "blocking" or "async"
  std::optional<double> antiEntropyMs;    // anti_entropy.interval_ms, when the scenario has it
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
