#pragma once
// Simulation: runs one scenario on the deterministic scheduler.
//
// It owns the replicas, the network and the write log, merges three ordered
// streams — faults, client operations, and scheduled events (message
// arrivals) — and publishes what happens to SimObservers. At equal times a
// fault runs first, then client operations, then arrivals, so a fault "at
// 200 ms" is in force for everything else that happens at 200 ms.
//
// Simulation is the orchestrator and the reports' read-only facade: it
// owns the shared tables (scenario, topology, scheduler, network, write log,
// paths, replicas, observers), builds the components that own one concern
// each, runs the event loop and answers the reports' questions. The rules
// live in the components (sim/replication, one class per file):
//   MultiLeaderProtocol (the ReplicationProtocol: issue, deliver, apply,
//   forward) with Clocks, LoopGuard, CausalHold, ApplyDecision and
//   SyncDetection; ClientRouter; FaultInjector; AutoReconfigure;
//   DatacenterFailover; ReplicaSet; ObserverFanout (see README.md's map).
// Components share a SimContext and never see the Simulation.
//
// Everything is a pure function of the scenario and seed.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/conflicts/ConflictResolver.h"
#include "sim/core/Random.h"
#include "sim/core/Scheduler.h"
#include "sim/core/SimObserver.h"
#include "sim/network/Network.h"
#include "sim/replication/DatacenterDirectory.h"
#include "sim/replication/ObserverFanout.h"
#include "sim/replication/PathTable.h"
#include "sim/replication/Replica.h"
#include "sim/replication/ReplicaSet.h"
#include "sim/replication/RunOutcome.h"
#include "sim/replication/SimContext.h"
#include "sim/replication/SyncCommits.h"
#include "sim/replication/WriteLog.h"
#include "sim/replication/WorkloadGenerator.h"
#include "sim/model/Scenario.h"
#include "sim/topology/Topology.h"

namespace replsim {

class LeaderlessProtocol;

struct SimulationOptions {
  std::optional<uint64_t> seed;     // --seed overrides the scenario's
  std::optional<SimTime> until;     // --until overrides until_ms
};

class Simulation {
 public:
  // REQUIRES: scenario was produced by ScenarioLoader (validated). Taken by
  // value: a caller done with its scenario moves it in (64,000 writes are
  // not copied).
  explicit Simulation(Scenario scenario, SimulationOptions options = {});
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // Observers must outlive run(); they are called in the order added.
  void addObserver(SimObserver* observer) { observers_.add(observer); }
  RunOutcome run();

  // ---- read-only views for reports ----
  // The scenario run, without its explicit writes (planned into client
  // operations when the simulation is made, then let go).
  const Scenario& scenario() const { return scenario_; }
  uint64_t seed() const { return seed_; }
  const Topology& topology() const { return topology_; }
  size_t nodeCount() const { return replicas_.size(); }
  const std::string& nodeName(NodeId n) const { return topology_.name(n); }
  const Replica& replica(NodeId n) const { return replicas_[n]; }
  const WriteLog& writes() const { return writes_; }
  const PathTable& paths() const { return paths_; }
  const Network& network() const { return *network_; }
  const std::string& keyName(KeyId k) const { return replicas_.keyName(k); }
  size_t keyCount() const { return replicas_.keyCount(); }
  std::string writeName(WriteIndex w) const { return replicas_.writeName(w); }  // "A#1"
  // Sorted values a replica holds for a key (empty: absent or deleted).
  std::vector<std::string> values(NodeId n, KeyId k) const { return replicas_.values(n, k); }
  SimTime now() const { return run_.now; }
  SimTime endTime() const { return end_; }
  uint64_t eventsProcessed() const { return eventsProcessed_; }
  const std::string& resolverName() const { return resolver_->name(); }
  const ConflictResolver& resolver() const { return *resolver_; }
  // Convergence: whether all live replicas hold identical values, and since when.
  bool converged() const { return replicas_.converged(); }
  std::optional<SimTime> convergedSince() const { return replicas_.convergedSince(); }
  // Leaderless with n below the node count: convergence is judged among each
  // key's replicas (its preference list) only.
  bool convergencePerKey() const { return replicas_.judgedPerKey(); }
  // REQUIRES: convergencePerKey(). Key k's replicas, in node order.
  const std::vector<NodeId>& keyReplicas(KeyId k) const { return replicas_.keyReplicas(k); }
  // Per-write replication progress.
  uint32_t appliedCount(WriteIndex w) const { return replicas_.progress(w).applied; }
  SimTime lastAppliedAt(WriteIndex w) const { return replicas_.progress(w).lastAt; }
  // Applied at every replica that is live at the end (skipped anomalies do not count).
  bool fullyReplicated(WriteIndex w) const { return replicas_.fullyReplicated(w); }
  size_t heldAtEnd() const;
  // conflicts.detect "sync": each write's commit state (empty with async).
  const SyncCommits& syncCommits() const { return sync_; }
  uint64_t messagesDiscarded() const { return run_.discarded; }
  // The writes of the messages dropped with a removed stream (a write may
  // appear more than once); a failover's are not here: FailoverEvent::lost
  // names what the new leader lacks, and its catch-up re-sends the rest.
  const std::vector<WriteIndex>& writesDroppedWithStreams() const { return run_.droppedWithStream; }
  // Whether, over the links there are now (removed ones excluded, down ones
  // counted), a write of any node that takes writes reaches every node.
  bool everyWriteCanReachEveryNode() const;
  // The same for one origin: per node, 1 when a write issued at `origin` can
  // reach it over the links there are now.
  std::vector<uint8_t> reachableFrom(NodeId origin) const;
  // A fast sufficient check (O(nodes + links)) that every node's writes
  // reach every node; false means undecided (ask reachableFrom).
  bool everyNodeReachesEveryNode() const;
  // Whether the write was aborted (conflicts.detect "sync").
  bool aborted(WriteIndex w) const { return sync_.aborted(w); }
  // Datacenters: who belongs where and who leads now; null without datacenters.
  const DatacenterDirectory* datacenters() const;
  // Whether a node executes client writes now: a leader (single-leader: the
  // leader; datacenters: DatacenterDirectory::takesWrites), not a follower.
  bool takesWrites(NodeId n) const;
  // replication.mode "leaderless": the protocol (its stats, partial writes,
  // preference lists); null otherwise.
  const LeaderlessProtocol* leaderless() const;

 private:
  struct Components;  // the engine's components, built once the network exists
  void dispatch(const Event& e);
  // A cache hint: the key that the delivery in `slot` will apply to.
  void prefetchReceiverKey(MessageSlot slot) const;

  Scenario scenario_;
  uint64_t seed_;
  std::optional<SimTime> until_;
  Topology topology_;
  Random rng_;
  Random networkRng_;
  Scheduler scheduler_;
  std::unique_ptr<Network> network_;
  std::unique_ptr<ConflictResolver> resolver_;
  const ReadResolver* readResolver_ = nullptr;  // on_read; owned by the registry
  WriteLog writes_;
  PathTable paths_;
  RunState run_;
  ReplicaSet replicas_;
  ObserverFanout observers_;
  SyncCommits sync_;
  std::vector<PlannedOp> ops_;
  std::vector<const FaultSpec*> faults_;  // sorted by time (stable)
  SimTime end_;
  uint64_t eventsProcessed_ = 0;
  std::unique_ptr<Components> parts_;
};

}  // namespace replsim
