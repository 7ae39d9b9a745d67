#pragma once
// ScenarioGenerator: random valid scenarios for the randomized property test,
// reproducible from a seed (sim/core/Random only, never std distributions).
//
// Every scenario it makes loads, stops by quiescence, and is one on which the
// report-level invariants of PropertyChecker are meaningful:
//   * 3-8 leaders, every topology kind (all-to-all, ring, bidirectional-ring,
//     star, line, tree, custom, a DOT file), optionally datacenters with
//     0-2 followers each; every topology replicates every write to every
//     node (a custom or DOT graph contains a cycle through all leaders);
//   * loop prevention that ends every loop (origin only on a ring, none only
//     on all-to-all without forwarding), so no limit stops a run;
//   * only convergent resolvers (lww, merge, siblings, replica-priority;
//     first-update-wins only with causal ordering);
//   * faults come in pairs that heal (crash/recover, offline/online,
//     link_down/link_up, partition/heal, crash_datacenter/recover_datacenter),
//     stored next to each other in "faults"; windows on one node, one link,
//     or (partitions) the whole network never overlap;
//   * under ordering none no update/delete is generated (an update that
//     overtakes its insert is a documented way to diverge);
//   * under merge a key is either a counter (only incr) or text (never incr):
//     explicit counters are n1, n2, explicit text keys x1..x4, the
//     workload's k1..kN are all counters or all text; an explicit incr is
//     never sent to a node that is down then (so every increment counts).
// No until_ms: every run goes on until nothing is left to happen.

#include <cstdint>

#include "tests/property/ScenarioCase.h"

namespace replsim::testing {

class ScenarioGenerator {
 public:
  // The scenario for `seed` (the same seed always gives the same case).
  static ScenarioCase generate(uint64_t seed);
};

}  // namespace replsim::testing
