#pragma once
// SimContext: what the engine's components share — references to the
// tables Simulation owns, handed to each component when it is built.
//
// A component keeps a copy of this struct (references only, so copying is
// cheap and one indirection reaches each table) and never holds the
// Simulation itself: what a component may touch is exactly what is listed
// here plus the components it is given by name.
//
// RunState is the run's mutable clock and bookkeeping: `now` advances only
// in Simulation::run; a component asks to stop with requestStop (the first
// request wins, so the earliest limit reached is the one reported).

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/core/Scheduler.h"
#include "sim/core/SimTime.h"
#include "sim/replication/RunOutcome.h"
#include "sim/replication/WriteLog.h"

namespace replsim {

struct Scenario;
class Topology;
class Network;
class PathTable;
class ConflictResolver;
class SyncCommits;
class ReplicaSet;
class ObserverFanout;

struct RunState {
  SimTime now;
  std::optional<RunOutcome> stopped;
  // Messages lost with a removed stream (reconfigure with no new link from
  // the sender, a retired bypass): how many, and their writes.
  uint64_t discarded = 0;
  std::vector<WriteIndex> droppedWithStream;

  void requestStop(const RunOutcome& outcome) {
    if (!stopped) stopped = outcome;
  }
};

struct SimContext {
  const Scenario& scenario;
  const Topology& topology;
  Scheduler& scheduler;
  Network& network;
  WriteLog& writes;
  PathTable& paths;
  ReplicaSet& replicas;
  ObserverFanout& observers;
  const ConflictResolver& resolver;
  SyncCommits& sync;
  RunState& run;
};

}  // namespace replsim
