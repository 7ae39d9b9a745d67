#pragma once
// CompareCommand: `replsim compare SCENARIO [--topologies K1,K2,...]
// [--fail each-node|each-link|none] [--seeds K] [--fail-at MS]
// [--recover-at MS] [--jobs N] [--format text|json|csv]` — runs the
// scenario's workload under each topology and single failure and prints the
// outage-tolerance table (TopologyComparison, docs/compare.md).
// With `--modes single-leader,multi-leader,leaderless [--flap-down MS]
// [--flap-every MS]` (any subset) it compares replication modes on a
// multi-datacenter scenario instead (ModeComparison): latency per
// datacenter, datacenter outages, flapping, stale reads and lost writes.
//
// Exit status: 0 printed the table; 1 bad usage or input (an unknown kind
// with did-you-mean, a bad number, a scenario that fails to load, an empty
// failure window); 2 a limit stopped one of the runs.

#include <optional>
#include <ostream>
#include <string>

namespace CLI {
class App;
}

namespace replsim {

struct CompareCommandOptions {
  std::string scenarioFile;
  std::string topologies = "all-to-all,ring,bidirectional-ring,star,line,tree";
  std::string fail = "each-node";
  int seeds = 1;
  std::optional<double> failAtMs, recoverAtMs;
  int jobs = 1;
  std::string format = "text";
  std::string modes;  // non-empty: compare replication modes instead of topologies
  double flapDownMs = 100.0, flapEveryMs = 400.0;
};

// Registers the `compare` subcommand and its options on `app`, bound to `options`.
CLI::App* addCompareCommand(CLI::App& app, CompareCommandOptions& options);

int compareCommand(const CompareCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace replsim
