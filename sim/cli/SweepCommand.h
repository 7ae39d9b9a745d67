#pragma once
// SweepCommand: `replsim sweep SCENARIO --set PATH=V1,V2,... [--set ...]
// [--seeds A..B] [--metrics M1,M2,...] [--jobs N] [--shard I/N]
// [--format text|json|csv] [--out DIR]` and `replsim sweep merge PART.json...
// [--format ...] [--out DIR]` — many seeds over a parameter grid, with
// statistics per cell (SweepRunner, SweepMerge, SweepReport; docs/sweeps.md).
//
// Exit status: 0 the sweep ran (failed runs are counted and listed, never
// abort it); 1 bad usage or input (a bad option, a cell whose scenario does
// not validate, parts of different sweeps, missing or duplicated shards, a
// file that cannot be written).

#include <ostream>
#include <string>
#include <vector>

#include "sim/sweep/SweepRunner.h"

namespace CLI {
class App;
}

namespace replsim {

struct SweepCommandOptions {
  SweepOptions sweep;
  std::string format = "text";
  std::string outDir;
  std::vector<std::string> parts;  // merge
  bool progress = false;           // progress lines on err (set when err is a terminal)
};

// Registers `sweep` (and `sweep merge`) on `app`, bound to `options`.
CLI::App* addSweepCommand(CLI::App& app, SweepCommandOptions& options);

int sweepCommand(const CLI::App& sweepCmd, const SweepCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace replsim
