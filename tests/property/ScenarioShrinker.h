#pragma once
// ScenarioShrinker: greedy shrinking of a failing scenario to a small one
// that still fails the same way, so that it can be read and pasted into tests.
//
// shrink() repeatedly tries the variants candidates() proposes — drop all
// faults, all writes, the workload; turn a DOT topology into the same custom
// one, any topology into all-to-all; remove a leader (or a follower, or a
// datacenter) with everything that names it; remove one fault pair, writes in
// halves, quarters, ... down to one; drop replication options, link
// overrides, loss, fifo; make latencies fixed; make the workload smaller —
// and keeps the first variant on which `stillFails` holds, until none does or the budget of predicate
// calls is spent. Invariant: the result is the input or a variant the
// predicate accepted; variants that do not load are the predicate's to reject.
// Faults are kept as adjacent (down, up) pairs, as ScenarioGenerator writes them.

#include <functional>
#include <vector>

#include "tests/property/ScenarioCase.h"

namespace replsim::testing {

class ScenarioShrinker {
 public:
  using Predicate = std::function<bool(const ScenarioCase&)>;

  // REQUIRES: stillFails(start). At most `budget` predicate calls.
  static ScenarioCase shrink(ScenarioCase start, const Predicate& stillFails, int budget = 600);

  // Every one-step simplification of `c`, the most drastic first.
  static std::vector<ScenarioCase> candidates(const ScenarioCase& c);
};

}  // namespace replsim::testing
