#pragma once
// Scenario: the validated, in-memory form of a scenario file (format v1,
// docs/scenario-format.md).
//
// Produced only by ScenarioLoader, which checks everything a user can get
// wrong (types, ranges, unknown keys, unknown node names, duplicates) and
// reports it with the JSON path. Code that consumes a Scenario may therefore
// rely on these invariants:
//   * every node name used anywhere (edges, overrides, writes, faults,
//     routing, priorities, clocks) names a node of the topology;
//   * times are non-negative SimTime values (already rounded to 1 us);
//   * probabilities are in [0, 1]; counts are positive where required.
// Each element that came from the file keeps its JSON path ("/writes/3") so
// later stages can still point the user at the exact place.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/SimTime.h"
#include "sim/model/LatencyKey.h"
#include "sim/model/OpKind.h"
#include "sim/model/LatencyDistribution.h"

namespace replsim {

// Settings of one directed link, each optional so that layers (default, the
// topology's per-edge attributes, overrides) can be applied in that order.
struct LinkSettings {
  std::optional<LatencyDistribution> latency;
  std::optional<bool> fifo;
  std::optional<double> loss;      // probability one transmission is lost
  std::optional<SimTime> retry;    // retransmission delay after a loss
};

// Fully resolved settings of a link.
struct LinkParams {
  LatencyDistribution latency = LatencyDistribution::fixed(10.0);
  bool fifo = true;
  double loss = 0.0;
  SimTime retry = SimTime::fromMs(100.0);
  // Equal keys, equal settings: for sharing one copy among many links.
  // (a mixture is its parts: latencyKey names them; other forms are their fields)
  auto key() const {
    return std::make_tuple(static_cast<int>(latency.kind), latency.a, latency.b, latency.floorMs, fifo, loss,
                           retry.us(),
                           latency.kind == LatencyDistribution::Kind::Mixture ? latencyKey(latency) : std::string());
  }
  void apply(const LinkSettings& s) {
    if (s.latency) latency = *s.latency;
    if (s.fifo) fifo = *s.fifo;
    if (s.loss) loss = *s.loss;
    if (s.retry) retry = *s.retry;
  }
};

struct EdgeSpec {
  std::string from, to;
  bool both = false;
  LinkSettings settings;
  std::string jsonPath;  // "/topology/edges/2" (or the DOT file for kind file)
};

struct DatacenterSpec {
  std::string name;
  std::string leader;
  std::vector<std::string> followers;
  std::optional<LatencyDistribution> intraLatency;  // intra_latency_ms
  std::string jsonPath;
};

enum class TopologyKind { AllToAll, Ring, BidirectionalRing, Star, Line, Tree, Custom, File, SingleLeader };

// What happens to a failed-over leader's unreplicated writes when it comes
// back (topology.failover_rejoin, an extension; docs/datacenters.md).
enum class FailoverRejoin { Discard, Replay };

struct TopologySpec {
  TopologyKind kind = TopologyKind::AllToAll;
  std::vector<std::string> leaders;  // in file order ({"count": n} -> L1..Ln)
  std::string hub;                   // star
  int fanout = 2;                    // tree
  std::vector<EdgeSpec> edges;       // custom
  std::string filePath;              // file: already resolved against the scenario's folder
  std::string leader;                // single-leader
  std::vector<DatacenterSpec> datacenters;
  std::optional<SimTime> failoverAfter;
  FailoverRejoin failoverRejoin = FailoverRejoin::Discard;
  // Where the nodes were given ("/topology/leaders/count", "/topology/edges",
  // "/topology/datacenters", ...), for messages about how many there are.
  std::string nodesPath = "/topology/leaders";
};

struct LinkOverride {
  std::string from, to;
  bool both = false;
  LinkSettings settings;
  std::string jsonPath;
};

struct LinksSpec {
  LinkParams defaults;  // "default" applied over the built-in defaults
  std::vector<LinkOverride> overrides;
};

enum class LoopPrevention { Path, Origin, Seen, None };
enum class Ordering { None, Causal };
enum class Detect { Async, Sync };
enum class Timestamps { Lamport, Clock };
// Leaderless siblings (conflicts.clock): how a key's object tracks causality —
// a dot per sibling (dotted version vectors, Riak 2.0) or one version vector
// per object (per-vnode clocks, Riak before 2.0). docs/leaderless.md, "Siblings".
enum class SiblingClockKind { Dotted, Vnode };
enum class RoutingPolicy { Direct, Home };

struct ClockSpec {
  double offsetMs = 0.0;
  double driftPpm = 0.0;
};

struct ConflictsSpec {
  Detect detect = Detect::Async;
  std::string resolve = "lww";  // canonical name; "last-update-wins" is stored as "lww"
  std::vector<std::string> priority;  // replica-priority; empty = by name
  Timestamps timestamps = Timestamps::Lamport;
  std::string onRead;  // siblings only
  SiblingClockKind clock = SiblingClockKind::Dotted;  // leaderless siblings only
  bool clockSet = false;                              // "clock" was given (checked against mode and resolver)
};

struct RoutingSpec {
  RoutingPolicy policy = RoutingPolicy::Direct;
  std::map<std::string, std::string> home;  // key -> leader; keys not listed go by hash
  bool failover = false;
};

// Which family of replication a scenario runs (replication.mode). Single-
// leader is not a mode: it is the topology kind "single-leader" under the
// multi-leader engine (one leader, followers that never take writes).
enum class ProtocolKind { MultiLeader, Leaderless };
enum class ReadFanout { All, R };            // ask all n replicas, or only r of them
enum class QuorumCoordinator { Node, Client };
enum class ReadRepair { Off, Blocking, Async };

// replication.quorum (leaderless only; docs/leaderless.md).
struct QuorumSpec {
  int n = 3;
  int w = 2;
  int r = 2;
  ReadFanout readFanout = ReadFanout::All;
  QuorumCoordinator coordinator = QuorumCoordinator::Node;
  bool sloppy = false;
  // On by default, as in Dynamo and Cassandra; it only acts when a replica is
  // unreachable and a node outside the preference list is not (faults).
  bool hintedHandoff = true;
  SimTime hintWindow = SimTime::fromMs(10'800'000.0);
  // How long a coordinator waits for w acks (r answers) before it tells
  // the client the operation failed.
  SimTime timeout = SimTime::fromMs(1000.0);
};

// Everything replication.mode "leaderless" adds.
struct LeaderlessSpec {
  QuorumSpec quorum;
  int vnodes = 16;                                   // placement.vnodes, per node
  ReadRepair readRepair = ReadRepair::Off;
  std::optional<SimTime> antiEntropyInterval;        // anti_entropy.interval_ms
  std::optional<SimTime> gcGrace;                    // tombstones.gc_grace_ms
};

struct ReplicationSpec {
  ProtocolKind mode = ProtocolKind::MultiLeader;
  LeaderlessSpec leaderless;                         // meaningful with mode Leaderless
  LoopPrevention loopPrevention = LoopPrevention::Path;
  std::optional<bool> forward;  // unset: false for all-to-all, true otherwise
  Ordering ordering = Ordering::None;
  ConflictsSpec conflicts;
  std::map<std::string, ClockSpec> clocks;
  RoutingSpec routing;
  std::optional<SimTime> autoReconfigureAfter;
};


struct ClientOp {
  SimTime at;
  std::string leader;  // the node the client talks to (resolved from "dc" too)
  std::string key;
  OpKind op = OpKind::Set;
  std::string value;   // incr: the decimal delta ("1" when absent)
  std::string jsonPath;
  std::string dc;      // "dc": the client's datacenter (then `leader` is empty)
};

// The collaborative-editing extension of `workload` ("document"): every
// generated operation edits one position of a document of `paragraphs`
// paragraphs of `charsPerParagraph` characters, and the granularity decides
// which key that edit writes — the whole document, its paragraph, or its
// character. The positions come from the seed and never from the
// granularity, so the three granularities replay one edit stream.
enum class DocumentGranularity { Document, Paragraph, Character };

struct DocumentSpec {
  int paragraphs = 8;
  int charsPerParagraph = 40;
  DocumentGranularity granularity = DocumentGranularity::Document;
};

struct WorkloadSpec {
  std::vector<std::string> leaders;  // "all" is expanded to every leader
  double ratePerS = 100.0;           // per leader
  SimTime start = SimTime::zero();
  SimTime duration = SimTime::fromMs(1000.0);
  int keys = 50;
  bool zipf = false;
  double zipfS = 1.1;
  double readFraction = 0.0;
  std::vector<std::pair<OpKind, double>> ops = {{OpKind::Set, 1.0}};  // weights of write ops
  // Set: keys are document units instead of k1..kN (the loader rejects
  // keys, key_distribution and zipf_s beside it).
  std::optional<DocumentSpec> document;
};

enum class FaultKind {
  Crash, Recover, LinkDown, LinkUp, Partition, Heal, Resume, Reconfigure,
  CrashDatacenter, RecoverDatacenter, Offline, Online
};

struct FaultSpec {
  SimTime at;
  FaultKind kind = FaultKind::Crash;
  std::string node;                                   // crash, recover, offline, online; *_datacenter: its name
  std::pair<std::string, std::string> link;           // link_down / link_up
  bool both = false;
  std::vector<std::vector<std::string>> groups;       // partition
  std::vector<std::string> resume;                    // resume: the peers whose streams resume
  std::vector<std::pair<std::string, std::string>> add, remove;  // reconfigure
  std::string jsonPath;
};

// Safety caps. max_events and max_hops stop a run (exit 2); max_memory_mb
// and max_ops refuse a scenario before it runs (exit 1) when its
// ResourceEstimate exceeds them (docs/semantics.md, "Limits").
struct LimitsSpec {
  uint64_t maxEvents = 50'000'000;
  uint32_t maxHops = 1000;
  uint64_t maxMemoryMb = 4096;
  uint64_t maxOps = 10'000'000;
};

struct Expectation {
  std::string path;          // dotted path into the JSON report
  nlohmann::json expected;   // number/string/bool/array/null; ">=1" style strings compare
  std::string jsonPath;      // "/expect/converged"
};

struct Scenario {
  std::string file;          // as given on the command line
  int version = 1;
  std::string name;
  std::string description;
  uint64_t seed = 1;
  std::optional<SimTime> until;
  TopologySpec topology;
  LinksSpec links;
  ReplicationSpec replication;
  std::vector<ClientOp> writes;
  std::optional<WorkloadSpec> workload;
  std::vector<FaultSpec> faults;
  LimitsSpec limits;
  std::vector<Expectation> expect;
};

const char* toString(TopologyKind k);
const char* toString(OpKind k);
const char* toString(LoopPrevention k);
const char* toString(FaultKind k);
const char* toString(DocumentGranularity g);
const char* toString(FailoverRejoin r);
const char* toString(ProtocolKind m);

}  // namespace replsim
