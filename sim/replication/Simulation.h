#pragma once
// Simulation: runs one scenario on the deterministic scheduler.
//
// It owns the replicas, the network and the write log, merges three ordered
// streams — faults, client operations, and scheduled events (message
// arrivals) — and publishes what happens to SimObservers. At equal times a
// fault runs first, then client operations, then arrivals, so a fault "at
// 200 ms" is in force for everything else that happens at 200 ms.
//
// Protocol (see docs/semantics.md):
//   * a client write is applied at once at its leader, gets id ORIGIN#SEQ,
//     a Lamport timestamp, its key context and its direct causal
//     dependencies, and is sent on every outgoing link;
//   * a receiver first applies loop prevention (path, origin, seen, none),
//     then checks causal readiness: with ordering causal it holds a write
//     until its dependencies are applied; either way, a delivery that
//     arrives before a dependency counts as overtaking;
//   * applying compares key contexts: a write already covered is a no-op, a
//     write that covers the current version replaces it, otherwise the two
//     conflict and the resolver decides;
//   * with forwarding on, an applied write is sent on to every out-link, its
//     path extended by this node;
//   * with datacenters (docs/datacenters.md), a datacenter's leader sends
//     everything it applies to its followers and, to the other leaders, its
//     datacenter's writes (everything with forwarding on); followers only
//     receive; clients reach their datacenter's current leader; a leader
//     down for failover_after_ms is replaced by its most up-to-date follower.
//
// Everything is a pure function of the scenario and seed.

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/conflicts/ConflictResolver.h"
#include "sim/core/Random.h"
#include "sim/core/Scheduler.h"
#include "sim/core/SimObserver.h"
#include "sim/network/Network.h"
#include "sim/replication/DatacenterDirectory.h"
#include "sim/replication/DigestCounter.h"
#include "sim/replication/Failover.h"
#include "sim/replication/PathTable.h"
#include "sim/replication/Replica.h"
#include "sim/replication/SyncCommits.h"
#include "sim/replication/WriteLog.h"
#include "sim/replication/WorkloadGenerator.h"
#include "sim/model/Scenario.h"
#include "sim/topology/Topology.h"

namespace replsim {

enum class StopReason { Quiescent, Until, MaxEvents, MaxHops };
const char* toString(StopReason r);

struct RunOutcome {
  StopReason reason = StopReason::Quiescent;
  std::string explanation;  // for limits: what stopped the run and the likely cause
  bool limitReached() const { return reason == StopReason::MaxEvents || reason == StopReason::MaxHops; }
};

struct SimulationOptions {
  std::optional<uint64_t> seed;     // --seed overrides the scenario's
  std::optional<SimTime> until;     // --until overrides until_ms
};

class Simulation {
 public:
  // REQUIRES: scenario was produced by ScenarioLoader (validated).
  Simulation(const Scenario& scenario, SimulationOptions options = {});
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // Observers must outlive run(); they are called in the order added.
  void addObserver(SimObserver* observer) { observers_.push_back(observer); }
  RunOutcome run();

  // ---- read-only views for reports ----
  const Scenario& scenario() const { return scenario_; }
  uint64_t seed() const { return seed_; }
  const Topology& topology() const { return topology_; }
  size_t nodeCount() const { return replicas_.size(); }
  const std::string& nodeName(NodeId n) const { return topology_.name(n); }
  const Replica& replica(NodeId n) const { return replicas_[n]; }
  const WriteLog& writes() const { return writes_; }
  const PathTable& paths() const { return paths_; }
  const Network& network() const { return *network_; }
  const std::string& keyName(KeyId k) const { return keyNames_[k]; }
  size_t keyCount() const { return keyNames_.size(); }
  std::string writeName(WriteIndex w) const;  // "A#1"
  // Sorted values a replica holds for a key (empty: absent or deleted).
  std::vector<std::string> values(NodeId n, KeyId k) const;
  SimTime now() const { return now_; }
  SimTime endTime() const { return end_; }
  uint64_t eventsProcessed() const { return eventsProcessed_; }
  const std::string& resolverName() const { return resolver_->name(); }
  const ConflictResolver& resolver() const { return *resolver_; }
  // Convergence: whether all live replicas hold identical values, and since when.
  bool converged() const;
  std::optional<SimTime> convergedSince() const;
  // Per-write replication progress.
  uint32_t appliedCount(WriteIndex w) const { return progress_[w].applied; }
  SimTime lastAppliedAt(WriteIndex w) const { return progress_[w].lastAt; }
  // Applied at every replica that is live at the end (skipped anomalies do not count).
  bool fullyReplicated(WriteIndex w) const;
  size_t heldAtEnd() const;
  // conflicts.detect "sync": each write's commit state (empty with async).
  const SyncCommits& syncCommits() const { return sync_; }
  uint64_t messagesDiscarded() const { return discarded_; }
  // The writes of the messages dropped with a removed stream (a write may
  // appear more than once); a failover's are not here: FailoverEvent::lost
  // names what the new leader lacks, and its catch-up re-sends the rest.
  const std::vector<WriteIndex>& writesDroppedWithStreams() const { return droppedWithStream_; }
  // Whether, over the links there are now (removed ones excluded, down ones
  // counted), a write of any node that takes writes reaches every node.
  bool everyWriteCanReachEveryNode() const;
  // The same for one origin: per node, 1 when a write issued at `origin` can
  // reach it over the links there are now.
  std::vector<uint8_t> reachableFrom(NodeId origin) const;
  // Whether the write was aborted (conflicts.detect "sync").
  bool aborted(WriteIndex w) const { return sync_.aborted(w); }
  // Datacenters: who belongs where and who leads now; null without datacenters.
  const DatacenterDirectory* datacenters() const { return dcs_ ? &*dcs_ : nullptr; }
  // Whether a node executes client writes now: a leader (single-leader: the
  // leader; datacenters: DatacenterDirectory::takesWrites), not a follower.
  bool takesWrites(NodeId n) const;

 private:
  enum StreamKind { kFaultStream, kClientStream, kEventStream };
  struct Progress {
    uint32_t applied = 0;
    SimTime lastAt;
  };

  void publishFault(const FaultSpec& f);
  void runFault(const FaultSpec& f);
  void applyFault(const FaultSpec& f);
  struct Bypass {
    LinkId original;
    LinkId bypass;
    bool active;
  };
  static constexpr uint32_t kAutoReconfigureEvent = 3;
  bool unreachable(const Link& l) const;
  void reviewAutoReconfigure();
  void checkAutoReconfigure(LinkId original);
  void retireBypass(LinkId original);
  Bypass* activeBypass(LinkId original);
  const Bypass* activeBypass(LinkId original) const;
  void sendOnAll(NodeId node, WriteIndex w, PathId path);
  LinkId addLinkNow(NodeId from, NodeId to);
  enum class ApplyOutcome { Applied, Superseded, Skipped, Halted };
  static constexpr uint32_t kRoutedOpEvent = 2;
  struct RoutedOp {
    uint32_t op;
    NodeId target;
    SimTime issuedAt;
  };

  void runClientOp(uint32_t opIndex);
  NodeId routeTarget(const PlannedOp& op) const;
  SimTime routeLatency(NodeId from, NodeId to);
  bool connectedNow(NodeId from, NodeId to) const;
  void failClientOp(const PlannedOp& op, NodeId at, FailReason reason);
  void executeClientOp(uint32_t opIndex, NodeId node, SimTime clientIssuedAt);
  void issueWrite(NodeId node, KeyId key, OpKind op, const std::string& value, ClientOpEvent ev);
  int64_t nextTimestamp(Replica& r);
  void deliver(const Event& e);
  void accept(NodeId node, WriteIndex w, PathId path, NodeId from);
  void applyRemote(NodeId node, WriteIndex w, PathId path, SimTime heldSince, NodeId from);
  void releaseHeld(NodeId node, Dot applied);
  // The value (and whether it is a tombstone) of a merged frontier of
  // concurrent writes, sorted canonically: the resolver folded over it.
  // ConflictInput::unseenIncrements: the deltas of the increments to `key`
  // in `incoming` but not in `have`; empty if another kind of write is there.
  std::optional<int64_t> unseenIncrements(KeyId key, DotRange have, DotRange incoming) const;
  struct Fold {
    std::string value;  // "" for a tombstone
    bool deleted = false;
    WriteIndex winner = kNone;  // the write whose value it is (the last merged one, when merged)
    bool merged = false;        // the resolver made a value (merge, custom) rather than keep a write
  };
  Fold foldFrontier(const std::vector<WriteIndex>& frontier, KeyId key, NodeId replica) const;
  ApplyOutcome resolveConflict(Replica& r, WriteIndex w, ConflictType type, NodeId from, bool causallyLater);
  // Whether a write with context `incoming` covers every version the key holds.
  bool followsEveryVersion(const KeyState& ks, DotRange incoming) const;
  // ---- conflicts.detect "sync" (see SyncCommits and the section in Simulation.cpp) ----
  static constexpr uint32_t kSyncNoticeEvent = 4;
  static constexpr uint32_t kSyncApplyEvent = 6;
  struct Tentative {  // a write that arrived and waits for its commit
    PathId path;
    NodeId from;
    SimTime since;
  };
  struct SyncApply {  // a commit notice on its way to a node
    WriteIndex write;
    NodeId node;
  };
  void issueSync(NodeId node, WriteIndex w, SimTime clientLatency);
  void acceptSync(NodeId node, WriteIndex w, PathId path, NodeId from);
  // Certification of w at a leader; false when w was aborted.
  bool certify(NodeId node, WriteIndex w);
  void abortSync(WriteIndex loser, NodeId at, WriteIndex winner);
  void ackSync(NodeId node, WriteIndex w);
  void commitDecided(WriteIndex w);
  void commitNoticeArrives(const SyncApply& a);
  void applyCommitted(NodeId node, WriteIndex w, PathId path, NodeId from, SimTime since);
  void publishSyncOutcome(WriteIndex w);
  SimTime ackLatency(NodeId from, NodeId to);
  void forward(NodeId node, WriteIndex w, PathId pathSoFar);
  void sendOn(LinkId link, WriteIndex w, PathId path);
  std::optional<DropReason> loopDrop(NodeId node, WriteIndex w, PathId path) const;
  Dot missingDependency(const Replica& r, WriteIndex w) const;
  void noteApplied(Replica& r, WriteIndex w);
  // Applies `mutate` to a key and keeps the replica's digest in step.
  template <typename Mutate>
  void updateKey(Replica& r, KeyId key, Mutate&& mutate);
  std::vector<std::string> keyValues(const KeyState& ks) const;
  uint64_t valueHash(const KeyState& ks) const;
  void setLive(NodeId n, bool live);
  void digestChanged(Replica& r, uint64_t before);
  void noteConvergence();
  bool sameValues(const KeyState& a, const KeyState& b) const;
  void stopForLimit(StopReason reason, std::string explanation);
  void setNodeLinks(NodeId n, LinkDownReason reason, bool inbound, bool outbound, bool on);
  void refreshOfflineLinks(NodeId n);
  KeyId internKey(const std::string& key);

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
  std::vector<Replica> replicas_;
  std::vector<Progress> progress_;
  std::vector<uint32_t> nameRank_;  // rank of each node's name in sorted order (lww tie-break)
  std::map<std::string, KeyId> keyIds_;
  std::vector<std::string> keyNames_;
  std::vector<PlannedOp> ops_;
  std::vector<const FaultSpec*> faults_;  // sorted by time (stable)
  std::vector<SimObserver*> observers_;
  bool forward_ = false;

  SimTime now_;
  SimTime end_;
  uint64_t eventsProcessed_ = 0;
  uint64_t discarded_ = 0;
  std::vector<WriteIndex> droppedWithStream_;
  std::optional<RunOutcome> stopped_;
  // Digests of live replicas; converged iff at most one distinct value.
  DigestCounter liveDigests_;
  std::optional<SimTime> convergedSince_;
  std::vector<RoutedOp> routed_;
  std::vector<int> partitionGroup_;         // per node while a partition is in force; empty otherwise
  std::vector<uint8_t> autoCheckPending_;  // per original link: a check is scheduled
  std::vector<Bypass> bypasses_;
  bool syncDetect_ = false;
  SyncCommits sync_;
  std::vector<std::map<std::pair<KeyId, WriteIndex>, Tentative>> tentative_;  // per node, by key
  std::vector<std::set<WriteIndex>> commitKnown_;  // per node: committed, not arrived yet
  std::vector<SyncApply> syncApplies_;
  std::deque<FaultSpec> autoFaults_;       // reconfigurations made by auto_reconfigure (stable addresses)
  std::vector<std::vector<SimTime>> clientLatency_;  // [from][to], computed when first needed
  std::vector<VersionInfo> scratchVersions_;
  std::vector<Dot> scratchContext_;
  std::vector<Dot> scratchDeps_;
  std::vector<std::pair<uint64_t, std::pair<WriteIndex, PathId>>> scratchRelease_;

  // ---- datacenters and failover (the "datacenters" section of Simulation.cpp) ----
  static constexpr uint32_t kFailoverCheckEvent = 5;
  void runDatacenterClientOp(uint32_t opIndex);
  bool carries(NodeId from, NodeId to, WriteIndex w) const;
  void forwardInDatacenters(NodeId node, WriteIndex w, PathId pathSoFar);
  void crashNode(NodeId n);
  void recoverNode(NodeId n);
  void checkFailover(NodeId leader);
  void promote(uint32_t dc, NodeId oldLeader);
  void rejoin(NodeId node, size_t failover);
  void resync(NodeId node, NodeId from);
  void catchUp(LinkId link);
  LinkId addLinkWith(NodeId from, NodeId to, const LinkParams& params);
  LinkParams intraParams(NodeId from, NodeId to) const;
  void voidLostWrites(const std::vector<WriteIndex>& lost);
  bool voided(Dot d) const;  // a write a failover discarded: no dependency waits for it
  std::optional<DatacenterDirectory> dcs_;
  std::optional<Failover> failover_;
  bool peerForward_ = false;  // replication.forward between datacenters' leaders
  std::vector<uint8_t> voided_;  // per write, once a failover discarded one
};

}  // namespace replsim
