#pragma once
// ComparisonResult: everything `replsim compare` found, for the renderers
// (sim/compare/CompareReport.h). Plain data, filled by TopologyComparison.
//
// Every number is a mean over the seeds (in seed order, so the same inputs
// give the same doubles whatever --jobs was). Times are in milliseconds.
// Metric definitions: OutageMetrics.h and docs/compare.md.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/compare/CompareOptions.h"
#include "sim/metrics/OutageMetrics.h"
#include "sim/topology/TopologyAnalysis.h"

namespace replsim {

struct CompareFailure {
  enum class Kind { None, Node, Link };
  Kind kind = Kind::None;
  NodeId node = 0;          // Node: the crashed leader
  uint32_t link = 0;        // Link: index into the topology's links()
  NodeId from = 0, to = 0;  // Link: its ends
};

// One (topology, failure), over the seeds.
struct FailureResult {
  CompareFailure failure;
  std::optional<double> messagesPerWrite;  // sent / successful writes; unset without writes
  double propagationP50Ms = 0, propagationP99Ms = 0;
  // Cut pairs, simulated: the fewest observed pairs in any seed, the pairs
  // cut in at least one seed, and the mean over seeds of cut / observed
  // (unset when no seed observed a pair).
  size_t pairsObserved = 0;
  std::vector<ReplicationPair> simulatedCut;
  std::optional<double> simulatedCutFraction;
  // Predicted by analyzeTopology: the replicating pairs that avoid the
  // failed node, those the failure cuts, and their ratio.
  size_t pairsPredicted = 0;
  std::vector<ReplicationPair> predictedCut;
  double predictedCutFraction = 0;
  // Where simulation and prediction differ, over the observed pairs, in any
  // seed: pairs cut but predicted to survive, and predicted cut but not cut.
  std::vector<ReplicationPair> cutNotPredicted, predictedNotCut;
  bool agrees() const { return cutNotPredicted.empty() && predictedNotCut.empty(); }
  double writesDelayed = 0;
  std::optional<double> maxStalenessMs;    // unset: no write issued in the window
  std::optional<double> catchUpMs;         // unset: some seed never caught up
  std::optional<double> convergedAfterMs;  // unset: some seed did not converge
  // Each seed's own values, in seed order (the numbers above are their
  // means; unset where that seed has none), for the spread over seeds.
  struct Seed {
    std::optional<double> messagesPerWrite, propagationP50Ms, propagationP99Ms, simulatedCutFraction, writesDelayed,
        maxStalenessMs, catchUpMs, convergedAfterMs;
  };
  std::vector<Seed> seeds;
};

// The sample standard deviation (n - 1) of the values present; unset when
// fewer than two are.
std::optional<double> standardDeviation(const std::vector<std::optional<double>>& values);

// Worst (largest) and mean over the failures of one topology. For the cut
// fractions and staleness, over the failures that have a value; for
// catch-up and convergence, unset ("never") as soon as one failure is.
struct WorstAndAverage {
  std::optional<double> worst, average;
};

struct TopologySummary {
  WorstAndAverage simulatedCut, predictedCut, writesDelayed, maxStalenessMs, catchUpMs, convergedAfterMs;
};

struct TopologyResult {
  std::string name;  // the kind ("ring"), or "scenario" for the scenario's own topology
  TopologyKind kind = TopologyKind::AllToAll;
  std::optional<NodeId> hub;  // star: its hub
  size_t links = 0;
  bool forward = false;
  FailureResult baseline;              // failure kind None
  std::vector<FailureResult> failures; // in node order / links() order
  TopologySummary summary;             // all unset without failures
  // The worst single failure (docs/compare.md): the most pairs cut in some
  // seed (simulatedCut), then the most writes delayed, then the longest
  // staleness, then the first; unset when no failure cuts a pair or delays
  // a write. An index into `failures`.
  std::optional<size_t> worstFailure;
};

struct ComparisonResult {
  std::string scenario;
  std::vector<std::string> leaders;
  LoopPrevention loopPrevention = LoopPrevention::Path;
  FailureMode fail = FailureMode::EachNode;
  uint64_t firstSeed = 1;
  int seeds = 1;
  FailureWindow window;
  bool failAtDefaulted = false, recoverAtDefaulted = false;
  SimTime lastClientOp;  // of the scenario's seed, without failures
  std::vector<TopologyResult> topologies;
};

}  // namespace replsim
