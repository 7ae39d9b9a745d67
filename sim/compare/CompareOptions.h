#pragma once
// CompareOptions: what `replsim compare` is asked to do (docs/compare.md).
//
// Plain data, already parsed: the CLI (sim/cli/CompareCommand.cpp) turns the
// command line into this, TopologyComparison checks it against the scenario.

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/core/SimTime.h"
#include "sim/model/Scenario.h"

namespace replsim {

// Which single failures are simulated for every topology.
enum class FailureMode { None, EachNode, EachLink };
const char* toString(FailureMode m);  // "none" | "each-node" | "each-link"

// One row of the comparison: a built-in kind, or the scenario's own topology
// (its kind, custom edges or DOT file with their link settings, hub,
// fanout and forward), named "scenario".
struct CompareTopology {
  CompareTopology(TopologyKind k) : kind(k) {}  // NOLINT: a kind is a row
  static CompareTopology scenario() {
    CompareTopology t(TopologyKind::Custom);
    t.own = true;
    return t;
  }
  TopologyKind kind;
  bool own = false;  // the scenario's topology; `kind` is then unused
  bool operator==(const CompareTopology&) const = default;
};

struct CompareOptions {
  // Built-in kinds (all-to-all, ring, bidirectional-ring, star, line, tree)
  // and the scenario's own topology, each at most once; results keep this
  // order.
  std::vector<CompareTopology> topologies;
  FailureMode fail = FailureMode::EachNode;
  int seeds = 1;  // runs with seed, seed+1, ..., seed+seeds-1 (the scenario's seed)
  // The failure window [failAt, recoverAt). Unset: 25% and 75% of the time
  // of the last client operation in the run without failures.
  std::optional<SimTime> failAt, recoverAt;
  unsigned jobs = 1;  // simulations run at once; never changes a result
};

}  // namespace replsim
