#pragma once
// ResourceEstimate: how many operations a validated scenario will generate
// and about how much memory running it will take, computed from the Scenario
// alone — before the workload is generated, the topology built or any
// per-node state allocated — so that a scenario too big for the machine is
// refused with a clear message (exit 1) instead of running into
// std::bad_alloc or for hours. The loader calls it as its last check, so
// `validate`, `run`, `compare` and `topology` all refuse the same scenarios.
//
// How (docs/semantics.md, "Limits"): first counts, then bytes per counted
// thing, the constants measured as peak RSS of real runs (see the .cpp):
//   * nodes N: leaders and followers; links L: by topology kind
//     (all-to-all N(N-1), ring N, star/line/tree 2(N-1), custom/DOT its
//     edges, plus one per follower);
//   * operations: the explicit writes plus, per workload leader, an upper
//     bound of its Poisson count (mean rate × duration, + 6 standard
//     deviations + 1); writes: those that are not reads;
//   * keys K: distinct explicit keys plus the workload's k1..kN (a document:
//     its units, at most one per operation), all held at every node;
//   * per write and node: the write's apply (lag sample, path entry,
//     conflict records); messages in flight by Little's law: messages sent
//     (each write crosses every link once with forwarding, else its origin's
//     out-links) × the slowest link's latency / the span of the operations,
//     the window widened by the faults (streams pile up from the first fault
//     to the last; to the end when a fault is never undone);
//   * bytes = fixed + N² per-node vectors + N·K key states + L per link +
//     per operation, write, apply and message in flight + the report's
//     N × written keys.
// Invariants: every count is at least what a run holds (it errs high, by up
// to about 2× on the calibration runs); the arithmetic is in doubles and
// saturates, so no input overflows it; the result depends only on the
// scenario, never on the machine.

#include <cstdint>
#include <string>

#include "sim/model/Scenario.h"
#include "sim/model/ScenarioError.h"

namespace replsim {

class ResourceEstimate {
 public:
  // REQUIRES: `scenario` passed ScenarioLoader's checks (names resolve,
  // counts and rates are positive).
  explicit ResourceEstimate(const Scenario& scenario);

  uint64_t nodes() const { return nodes_; }
  uint64_t links() const { return links_; }
  uint64_t operations() const { return explicitOps_ + generatedOps_; }
  uint64_t generatedOperations() const { return generatedOps_; }
  uint64_t writes() const { return writes_; }
  uint64_t keys() const { return keys_; }
  uint64_t messages() const { return messages_; }        // sent over the whole run
  uint64_t messagesInFlight() const { return inFlight_; }  // at the busiest moment
  // The estimated peak memory, in bytes, and its three parts.
  uint64_t bytes() const { return nodeBytes_ + keyBytes_ + operationBytes_; }
  uint64_t nodeBytes() const { return nodeBytes_; }            // per-node and per-link state
  uint64_t keyBytes() const { return keyBytes_; }              // every key at every node, and in the report
  uint64_t operationBytes() const { return operationBytes_; }  // operations, writes, applies, messages

  // Why the scenario may not run under its limits (limits.max_ops,
  // limits.max_memory_mb), each error at the JSON path of what dominates
  // the estimate and naming the limit to raise; empty when it fits.
  ScenarioErrors refusals() const;

  // "1.5 GB", "320 MB", "12 KB": a byte count for people (powers of 1024).
  static std::string formatBytes(uint64_t bytes);

 private:
  std::string operationsPath() const;
  std::string keysPath() const;

  std::string file_;
  LimitsSpec limits_;
  std::string nodesPath_;
  bool hasWorkload_ = false;
  bool document_ = false;
  uint64_t workloadLeaders_ = 0;
  double ratePerS_ = 0.0, durationS_ = 0.0;

  uint64_t nodes_ = 0, links_ = 0, explicitOps_ = 0, generatedOps_ = 0, writes_ = 0, keys_ = 0;
  uint64_t messages_ = 0, inFlight_ = 0;
  uint64_t nodeBytes_ = 0, keyBytes_ = 0, operationBytes_ = 0;
};

}  // namespace replsim
