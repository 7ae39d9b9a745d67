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

// Client-observed latency of the clients of one datacenter. A write's
// latency runs from the client's request to its confirmation: at the
// leader (single-, multi-leader: asynchronous replication confirms at
// once), or at the w-th ack at the coordinator (leaderless). A read's runs
// from the request to its answer: the replica read (leaders), or the r-th
// answer (leaderless).
struct DatacenterLatency {
  std::string datacenter;
  double writes = 0;  // successful (leaderless: committed) writes its clients issued
  double p50Ms = 0, p99Ms = 0;
  double reads = 0;   // answered reads its clients issued
  double readP50Ms = 0, readP99Ms = 0;
};

// One situation (no trouble, one datacenter down, the network flapping).
struct SituationResult {
  std::string what;            // "eu down", "inter-datacenter links flapping", "no trouble"
  double writesIssued = 0;     // client writes, successful or not
  // refused: the leader (or coordinator) they needed was down or
  // unreachable; leaderless also: no w acks within quorum.timeout_ms
  double writesFailed = 0;
  double writesDelayed = 0;    // issued in the window, replicated slower than anything in the trouble-free run
  std::optional<double> recoverMs;  // after the window, until every replica had every earlier write; unset: never
  double latencyP99Ms = 0;     // client-observed write latency, all clients
  double propagationP99Ms = 0; // issue → the last replica, over writes every replica got
  double conflicts = 0;
  double discarded = 0;        // discards by conflict resolution (a write lost at 3 replicas: 3)
  // Writes confirmed to their client and then lost to a concurrent write
  // (docs/compare.md, "Writes lost"): single-, multi-leader: distinct
  // writes some replica discarded in a conflict; leaderless: committed
  // writes overridden by a concurrent write newer by lww and kept somewhere
  // (issued no later than their commit, by a coordinator that did not have them).
  double writesLost = 0;
  double reads = 0;            // client reads, answered or not
  double readsFailed = 0;      // leaders: the node was down; leaderless also: no r answers in time
  // Reads that missed a write confirmed to its client before the read began
  // (docs/compare.md, "Stale reads"; each family's definition).
  double staleReads = 0;
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
