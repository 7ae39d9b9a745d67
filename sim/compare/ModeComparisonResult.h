#pragma once
// ModeComparisonResult: what `replsim compare --modes` found, for the
// renderers (sim/compare/ModeCompareReport.h). Plain data, filled by
// ModeComparison. Every number is a mean over the seeds, in seed order.
// Times in milliseconds. Definitions: docs/compare.md.

#include <optional>
#include <string>
#include <vector>

#include "sim/compare/ModeCompareOptions.h"

namespace replsim {

// Client-observed write latency of the clients of one datacenter.
struct DatacenterLatency {
  std::string datacenter;
  double writes = 0;  // successful writes its clients issued
  double p50Ms = 0, p99Ms = 0;
};

// One situation (no trouble, one datacenter down, the network flapping).
struct SituationResult {
  std::string what;            // "eu down", "inter-datacenter links flapping", "no trouble"
  double writesIssued = 0;     // client writes, successful or not
  double writesFailed = 0;     // refused: the leader they needed was down or unreachable
  double writesDelayed = 0;    // issued in the window, replicated slower than anything in the trouble-free run
  std::optional<double> recoverMs;  // after the window, until every replica had every earlier write; unset: never
  double latencyP99Ms = 0;     // client-observed write latency, all clients
  double propagationP99Ms = 0; // issue → the last replica, over writes every replica got
  double conflicts = 0;
  double discarded = 0;        // discards by conflict resolution (a write lost at 3 replicas: 3)
  double writesLost = 0;       // distinct writes some replica discarded in a conflict
};

struct ModeResult {
  ReplicationMode mode = ReplicationMode::MultiLeader;
  std::string setup;  // "leader eu1" / "all-to-all between eu1, us1"
  std::vector<DatacenterLatency> latency;  // no trouble, per datacenter (scenario order)
  SituationResult normal;
  std::vector<SituationResult> outages;    // one per datacenter
  SituationResult outageMean;              // mean over the datacenters (recover: unset if any is)
  SituationResult flapping;
};

struct ModeComparisonResult {
  std::string scenario;
  std::vector<std::string> datacenters;
  uint64_t firstSeed = 1;
  int seeds = 1;
  SimTime failAt, recoverAt, flapDown, flapEvery;
  bool windowDefaulted = false;
  std::vector<ModeResult> modes;
};

}  // namespace replsim
