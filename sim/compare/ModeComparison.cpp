#include "sim/compare/ModeComparison.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "sim/metrics/ApplyTimeRecorder.h"
#include "sim/compare/CompareError.h"
#include "sim/core/ParallelFor.h"
#include "sim/core/ProgressMeter.h"
#include "sim/replication/Simulation.h"
#include "sim/report/StopExplanation.h"
#include "sim/metrics/FreshnessStats.h"
#include "sim/metrics/Percentiles.h"
#include "sim/metrics/RunStats.h"
#include "sim/replication/LeaderlessProtocol.h"

namespace replsim {

const char* toString(ReplicationMode m) {
  switch (m) {
    case ReplicationMode::SingleLeader: return "single-leader";
    case ReplicationMode::MultiLeader: return "multi-leader";
    case ReplicationMode::Leaderless: return "leaderless";
  }
  return "?";
}

namespace {

// Client latency by the client's datacenter (ModeComparisonResult.h says
// what each mode's latency is), and the reads' outcomes. A leaderless write
// is confirmed at its commit (onCommit), a leader's when it executes.
class LatencyByDatacenter final : public SimObserver {
 public:
  LatencyByDatacenter(std::vector<int> datacenterOf, size_t datacenters, bool leaderless)
      : samples(datacenters), readSamples(datacenters), datacenterOf_(std::move(datacenterOf)), leaderless_(leaderless) {}
  void onClientOp(const ClientOpEvent& e) override {
    const int dc = e.client < datacenterOf_.size() ? datacenterOf_[e.client] : -1;
    if (e.op == static_cast<uint8_t>(OpKind::Read)) {
      ++reads;
      if (e.failed) ++readsFailed;
      else if (dc >= 0) readSamples[static_cast<size_t>(dc)].push_back(e.clientLatency.us());
      return;
    }
    if (e.failed || e.write == UINT32_MAX) return;
    if (leaderless_) {
      if (clientOf_.size() <= e.write) clientOf_.resize(e.write + 1, -1);
      clientOf_[e.write] = dc;
      return;
    }
    if (dc >= 0) samples[static_cast<size_t>(dc)].push_back(e.clientLatency.us());
  }
  void onCommit(const CommitEvent& e) override {
    if (!leaderless_ || e.aborted || e.write >= clientOf_.size() || clientOf_[e.write] < 0) return;
    samples[static_cast<size_t>(clientOf_[e.write])].push_back(e.latency.us());
  }
  std::vector<std::vector<int64_t>> samples;      // writes, by datacenter index
  std::vector<std::vector<int64_t>> readSamples;  // answered reads, by datacenter index
  uint64_t reads = 0, readsFailed = 0;

 private:
  std::vector<int> datacenterOf_;  // by node; -1: in no datacenter
  bool leaderless_;
  std::vector<int> clientOf_;      // leaderless: by write, its client's datacenter
};

// Leaderless: when each write committed and whether some replica kept it
// (stored it as its newest version) — what lost writes are counted from.
class LeaderlessOutcomes final : public SimObserver {
 public:
  void onCommit(const CommitEvent& e) override {
    if (e.aborted) return;
    grow(e.write);
    committedUs[e.write] = e.at.us();
  }
  void onApplied(const ApplyEvent& e) override {
    if (e.superseded) return;
    grow(e.write);
    kept[e.write] = 1;
  }
  void grow(uint32_t w) {
    if (committedUs.size() <= w) {
      committedUs.resize(w + 1, -1);
      kept.resize(w + 1, 0);
    }
  }
  std::vector<int64_t> committedUs;  // by write; -1: never committed
  std::vector<uint8_t> kept;         // by write
};

// Leaderless lost writes (docs/compare.md): a committed write W is lost
// when some write V to its key, newer than W by lww and kept by some
// replica, was concurrent with it: issued (at its coordinator) no later
// than W committed — V's client could not know W was confirmed — and by a
// coordinator that had not taken W in by then — V does not follow W. Wherever
// V lands, W is gone. This is what multi-leader counts as a write discarded
// in a conflict. Per key, every pair: O(k^2) in the writes to one key, which
// a comparison's workloads keep small.
uint64_t leaderlessLostWrites(const Simulation& sim, const LeaderlessOutcomes& out, const ApplyTimeRecorder& applies) {
  const LeaderlessProtocol& ll = *sim.leaderless();
  const WriteLog& writes = sim.writes();
  std::vector<std::vector<WriteIndex>> byKey(sim.keyCount());
  for (WriteIndex w = 0; w < writes.size(); ++w) byKey[writes[w].key].push_back(w);
  const auto kept = [&](WriteIndex w) { return w < out.kept.size() && out.kept[w]; };
  uint64_t lost = 0;
  for (const std::vector<WriteIndex>& ws : byKey)
    for (WriteIndex w : ws) {
      if (w >= out.committedUs.size() || out.committedUs[w] < 0 || w >= applies.writeCount()) continue;
      for (WriteIndex v : ws) {
        if (v == w || !kept(v) || !ll.newer(v, w)) continue;
        const int64_t issued = writes[v].issuedAt.us();
        if (issued > out.committedUs[w]) continue;  // issued after W was confirmed: a later write
        if (applies.reachedUs(w, writes[v].dot.origin) <= issued) continue;  // its coordinator had W: it follows W
        ++lost;
        break;
      }
    }
  return lost;
}

struct Variant {
  ReplicationMode mode;
  Scenario scenario;  // no faults, no expectations
  std::string setup;
};

[[noreturn]] void badInput(const std::string& message) {
  throw CompareError(CompareError::Kind::BadInput, message);
}

// The scenario under leaderless replication (docs/compare.md): every node of
// every datacenter a ring node, linked to every other (topology.kind
// becomes all-to-all), last-write-wins, no failover. A leaderless scenario
// keeps its replication block; any other gets the defaults chosen for a
// datacenter comparison: n 3, w 2, r 2 (n at most the node count, w and r
// at most n) with hinted handoff, so that a replica that was down or cut
// off catches up when it is back. Throws CompareError for what leaderless
// replication cannot run.
void makeLeaderless(Variant& v, const Scenario& base) {
  Scenario& s = v.scenario;
  TopologySpec& t = s.topology;
  size_t nodes = 0;
  for (const DatacenterSpec& dc : t.datacenters) nodes += 1 + dc.followers.size();
  const auto unsupported = [](OpKind op) { return op != OpKind::Set && op != OpKind::Delete && op != OpKind::Read; };
  for (const ClientOp& op : s.writes)
    if (unsupported(op.op))
      badInput(fmt::format("--modes leaderless: {} is op \"{}\"; leaderless replication runs only set, delete and "
                           "read (docs/leaderless.md)",
                           op.jsonPath, toString(op.op)));
  if (s.workload) {
    for (const auto& [op, weight] : s.workload->ops)
      if (weight > 0 && unsupported(op))
        badInput(fmt::format("--modes leaderless: the workload has op \"{}\" (/workload/ops); leaderless replication "
                             "runs only set, delete and read (docs/leaderless.md)",
                             toString(op)));
    if (s.workload->document)
      badInput("--modes leaderless: a document workload (/workload/document) does not run under leaderless replication");
  }
  if (base.replication.mode != ProtocolKind::Leaderless) {
    ReplicationSpec fresh;
    fresh.mode = ProtocolKind::Leaderless;
    fresh.conflicts.timestamps = s.replication.conflicts.timestamps;  // lww by Lamport or by clock, as asked
    fresh.clocks = s.replication.clocks;
    QuorumSpec& q = fresh.leaderless.quorum;
    q.n = static_cast<int>(std::min<size_t>(static_cast<size_t>(q.n), nodes));
    q.w = std::min(q.w, q.n);
    q.r = std::min(q.r, q.n);
    q.hintedHandoff = true;
    s.replication = fresh;
  }
  t.kind = TopologyKind::AllToAll;
  t.leader.clear();
  t.failoverAfter.reset();
  t.datacenterMesh = true;
  const QuorumSpec& q = s.replication.leaderless.quorum;
  v.setup = fmt::format("n {} w {} r {}, {} nodes", q.n, q.w, q.r, nodes);
}

Variant makeVariant(const Scenario& base, ReplicationMode mode) {
  Variant v{mode, base, ""};
  v.scenario.faults.clear();
  v.scenario.expect.clear();
  TopologySpec& t = v.scenario.topology;
  if (mode == ReplicationMode::Leaderless) {
    makeLeaderless(v, base);
    return v;
  }
  // A leaderless scenario under leaders: its quorum settings do not apply.
  if (v.scenario.replication.mode == ProtocolKind::Leaderless) {
    v.scenario.replication.mode = ProtocolKind::MultiLeader;
    t.datacenterMesh = false;
  }
  if (mode == ReplicationMode::SingleLeader) {
    if (t.kind != TopologyKind::SingleLeader || t.leader.empty()) t.leader = t.datacenters.front().leader;
    t.kind = TopologyKind::SingleLeader;
    v.setup = fmt::format("leader {}", t.leader);
  } else {
    if (t.kind == TopologyKind::SingleLeader) t.kind = TopologyKind::AllToAll;
    std::string leaders;
    for (const DatacenterSpec& dc : t.datacenters) leaders += fmt::format("{}{}", leaders.empty() ? "" : " ", dc.leader);
    v.setup = fmt::format("{}: {}", toString(t.kind), leaders);
  }
  return v;
}

// The situations every mode is run in: index 0 no trouble, 1..D datacenter
// d-1 down, D+1 flapping.
struct Situation {
  enum class Kind { Normal, Outage, Flapping } kind = Kind::Normal;
  size_t datacenter = 0;
};

std::vector<FaultSpec> faultsFor(const Scenario& s, const Situation& situation, SimTime failAt, SimTime recoverAt,
                                 const ModeCompareOptions& o) {
  std::vector<FaultSpec> faults;
  auto fault = [&](SimTime at, FaultKind kind) -> FaultSpec& {
    faults.emplace_back();
    faults.back().at = at;
    faults.back().kind = kind;
    faults.back().jsonPath = "(replsim compare --modes)";
    return faults.back();
  };
  switch (situation.kind) {
    case Situation::Kind::Normal: break;
    case Situation::Kind::Outage: {
      const std::string& dc = s.topology.datacenters[situation.datacenter].name;
      fault(failAt, FaultKind::CrashDatacenter).node = dc;
      fault(recoverAt, FaultKind::RecoverDatacenter).node = dc;
      break;
    }
    case Situation::Kind::Flapping: {
      std::vector<std::vector<std::string>> groups;
      for (const DatacenterSpec& dc : s.topology.datacenters) {
        groups.push_back({dc.leader});
        groups.back().insert(groups.back().end(), dc.followers.begin(), dc.followers.end());
      }
      for (SimTime t = failAt; t < recoverAt; t += o.flapEvery) {
        fault(t, FaultKind::Partition).groups = groups;
        fault(std::min(t + o.flapDown, recoverAt), FaultKind::Heal);
      }
      break;
    }
  }
  return faults;
}

struct RunRecordM {
  ApplyTimeRecorder applies{0};
  RunStats stats;
  std::vector<std::vector<int64_t>> latencyByDc, readLatencyByDc;
  // By write, the nodes meant to hold it (leaderless: its key's preference
  // list); empty: every node.
  std::vector<std::vector<NodeId>> replicasOf;
  bool leaderless = false;
  std::vector<uint8_t> quorumFailed;  // leaderless, by write: no w acks in time (not a delayed success)
  uint64_t writesFailed = 0;  // refused, and (leaderless) no quorum in time
  uint64_t reads = 0, readsFailed = 0, staleReads = 0, writesLost = 0;
  SimTime end;
};

std::string describe(const Variant& v, const Situation& s, uint64_t seed) {
  std::string what = "without trouble";
  if (s.kind == Situation::Kind::Outage)
    what = fmt::format("with {} down", v.scenario.topology.datacenters[s.datacenter].name);
  if (s.kind == Situation::Kind::Flapping) what = "with the network flapping";
  return fmt::format("{} {} (seed {})", toString(v.mode), what, seed);
}

RunRecordM simulate(const Variant& v, const Situation& situation, SimTime failAt, SimTime recoverAt,
                    const ModeCompareOptions& o, uint64_t seed) {
  Scenario scenario = v.scenario;
  scenario.faults = faultsFor(scenario, situation, failAt, recoverAt, o);
  SimulationOptions options;
  options.seed = seed;
  Simulation sim(scenario, options);
  std::vector<int> datacenterOf(sim.nodeCount(), -1);
  const auto& dcs = scenario.topology.datacenters;
  for (size_t d = 0; d < dcs.size(); ++d) {
    if (auto n = sim.topology().find(dcs[d].leader)) datacenterOf[*n] = static_cast<int>(d);
    for (const std::string& f : dcs[d].followers)
      if (auto n = sim.topology().find(f)) datacenterOf[*n] = static_cast<int>(d);
  }
  RunRecordM record;
  record.leaderless = v.mode == ReplicationMode::Leaderless;
  record.applies = ApplyTimeRecorder(sim.nodeCount());
  LatencyByDatacenter latency(datacenterOf, dcs.size(), record.leaderless);
  LeaderlessOutcomes outcomes;
  FreshnessStats freshness(sim);
  sim.addObserver(&record.applies);
  sim.addObserver(&record.stats);
  sim.addObserver(&latency);
  if (record.leaderless) sim.addObserver(&outcomes);
  else sim.addObserver(&freshness);
  const RunOutcome outcome = sim.run();
  if (outcome.limitReached())
    throw CompareError(CompareError::Kind::Limit,
                       fmt::format("the run of {} was stopped by a limit: {}", describe(v, situation, seed),
                                   explainStop(outcome, sim)));
  record.latencyByDc = std::move(latency.samples);
  record.readLatencyByDc = std::move(latency.readSamples);
  record.reads = latency.reads;
  record.readsFailed = latency.readsFailed;
  record.writesFailed = record.stats.writesFailed;
  if (const LeaderlessProtocol* ll = sim.leaderless()) {
    record.writesFailed += ll->stats().writesFailed;
    record.quorumFailed.assign(sim.writes().size(), 0);
    for (WriteIndex w : ll->stats().failedWrites) record.quorumFailed[w] = 1;
    record.staleReads = ll->stats().staleReads;
    // With siblings a write leaves a replica only when a write whose context
    // covers it (its client had seen it) replaces it; concurrent writes stay
    // side by side. None is lost silently, under either clock.
    record.writesLost = ll->keepsSiblings() ? 0 : leaderlessLostWrites(sim, outcomes, record.applies);
    std::vector<std::vector<NodeId>> byKey(sim.keyCount());
    for (KeyId k = 0; k < sim.keyCount(); ++k) byKey[k] = ll->preferenceListOf(k);
    for (WriteIndex w = 0; w < sim.writes().size(); ++w) record.replicasOf.push_back(byKey[sim.writes()[w].key]);
  } else {
    record.staleReads = freshness.staleReads;
    record.writesLost = record.stats.distinctDiscarded();
  }
  record.end = sim.endTime();
  return record;
}

// The nodes meant to hold write w: every node, or (leaderless) its replicas.
std::vector<NodeId> holdersOf(const RunRecordM& run, uint32_t w) {
  if (w < run.replicasOf.size() && !run.replicasOf[w].empty()) return run.replicasOf[w];
  std::vector<NodeId> all(run.applies.nodeCount());
  for (NodeId n = 0; n < all.size(); ++n) all[n] = n;
  return all;
}

// Issue → taken in by every node meant to hold it, per write; kNever if
// one never did.
std::vector<int64_t> replicationTimes(const RunRecordM& run) {
  const ApplyTimeRecorder& a = run.applies;
  std::vector<int64_t> out(a.writeCount(), 0);
  for (uint32_t w = 0; w < a.writeCount(); ++w) {
    int64_t last = 0;
    for (NodeId n : holdersOf(run, w)) {
      const int64_t reached = a.reachedUs(w, n);
      if (reached == ApplyTimeRecorder::kNever) { last = ApplyTimeRecorder::kNever; break; }
      last = std::max(last, reached - a.issuedUs(w));
    }
    out[w] = last;
  }
  return out;
}

// The slowest replication (issue → every holder) of a run, over writes
// that got everywhere: the bar "delayed" is measured against.
int64_t slowestReplication(const RunRecordM& run) {
  int64_t slowest = 0;
  for (int64_t t : replicationTimes(run))
    if (t != ApplyTimeRecorder::kNever) slowest = std::max(slowest, t);
  return slowest;
}

SituationResult measure(const RunRecordM& run, int64_t slowestNormalUs, SimTime failAt, SimTime recoverAt,
                        bool trouble) {
  SituationResult r;
  r.writesIssued = static_cast<double>(run.stats.writesTotal);
  r.writesFailed = static_cast<double>(run.writesFailed);
  // Leaderless: confirmed at the commit (the w-th ack), not on arrival.
  r.latencyP99Ms = percentiles(run.leaderless ? run.stats.commitLatencyUs : run.stats.clientLatencyUs).p99.ms();
  r.conflicts = static_cast<double>(run.stats.conflictsDetected);
  r.discarded = static_cast<double>(run.stats.discardedTotal);
  r.writesLost = static_cast<double>(run.writesLost);
  r.reads = static_cast<double>(run.reads);
  r.readsFailed = static_cast<double>(run.readsFailed);
  r.staleReads = static_cast<double>(run.staleReads);
  const std::vector<int64_t> times = replicationTimes(run);
  std::vector<int64_t> complete;
  for (int64_t t : times)
    if (t != ApplyTimeRecorder::kNever) complete.push_back(t);
  r.propagationP99Ms = percentiles(complete).p99.ms();
  if (!trouble) {
    r.recoverMs = 0.0;
    return r;
  }
  // Delayed: issued in the window, and slower to reach every replica than
  // any write of the trouble-free run (or never).
  const ApplyTimeRecorder& a = run.applies;
  int64_t recoverUs = 0;
  bool never = false;
  for (uint32_t w = 0; w < a.writeCount(); ++w) {
    const int64_t issued = a.issuedUs(w);
    const bool failed = w < run.quorumFailed.size() && run.quorumFailed[w];
    if (issued >= failAt.us() && issued < recoverAt.us() && times[w] > slowestNormalUs && !failed) r.writesDelayed += 1;
    if (issued >= recoverAt.us()) continue;
    for (NodeId n : holdersOf(run, w)) {
      const int64_t reached = a.reachedUs(w, n);
      if (reached == ApplyTimeRecorder::kNever) never = true;
      else recoverUs = std::max(recoverUs, reached - recoverAt.us());
    }
  }
  if (!never) r.recoverMs = SimTime::fromUs(recoverUs).ms();
  return r;
}

// Mean over seeds (or datacenters); recover unset as soon as one is.
SituationResult mean(const std::vector<SituationResult>& xs, std::string what) {
  SituationResult m;
  m.what = std::move(what);
  if (xs.empty()) return m;
  double recover = 0;
  bool never = false;
  for (const SituationResult& x : xs) {
    m.writesIssued += x.writesIssued;
    m.writesFailed += x.writesFailed;
    m.writesDelayed += x.writesDelayed;
    m.latencyP99Ms += x.latencyP99Ms;
    m.propagationP99Ms += x.propagationP99Ms;
    m.conflicts += x.conflicts;
    m.discarded += x.discarded;
    m.writesLost += x.writesLost;
    m.reads += x.reads;
    m.readsFailed += x.readsFailed;
    m.staleReads += x.staleReads;
    if (x.recoverMs) recover += *x.recoverMs; else never = true;
  }
  const auto n = static_cast<double>(xs.size());
  m.writesIssued /= n;
  m.writesFailed /= n;
  m.writesDelayed /= n;
  m.latencyP99Ms /= n;
  m.propagationP99Ms /= n;
  m.conflicts /= n;
  m.discarded /= n;
  m.writesLost /= n;
  m.reads /= n;
  m.readsFailed /= n;
  m.staleReads /= n;
  if (!never) m.recoverMs = recover / n;
  return m;
}

}  // namespace

ModeComparison::ModeComparison(const Scenario& scenario, ModeCompareOptions options)
    : scenario_(scenario), options_(std::move(options)) {
  const auto bad = [](const std::string& message) { badInput(message); };
  if (scenario_.topology.datacenters.size() < 2)
    bad("--modes compares deployments across datacenters: the scenario needs topology.datacenters with at least 2 "
        "datacenters");
  if (options_.modes.empty()) bad("--modes: expected one or more of single-leader, multi-leader, leaderless");
  std::set<ReplicationMode> seen;
  for (ReplicationMode m : options_.modes)
    if (!seen.insert(m).second) bad(fmt::format("--modes: \"{}\" is listed twice", toString(m)));
  if (options_.seeds < 1) bad("--seeds must be at least 1");
  if (options_.flapDown <= SimTime::zero() || options_.flapEvery <= options_.flapDown)
    bad("--flap-down must be positive and shorter than --flap-every");
  if (options_.failAt && options_.recoverAt && *options_.failAt >= *options_.recoverAt)
    bad(fmt::format("--fail-at ({} ms) must be before --recover-at ({} ms)", formatMs(*options_.failAt),
                    formatMs(*options_.recoverAt)));
  for (ReplicationMode m : options_.modes) makeVariant(scenario_, m);  // throws for what a mode cannot run
}

ModeComparisonResult ModeComparison::run(std::ostream* progress) const {
  std::vector<Variant> variants;
  for (ReplicationMode m : options_.modes) variants.push_back(makeVariant(scenario_, m));
  const size_t dcs = scenario_.topology.datacenters.size();
  std::vector<Situation> situations{{Situation::Kind::Normal, 0}};
  for (size_t d = 0; d < dcs; ++d) situations.push_back({Situation::Kind::Outage, d});
  situations.push_back({Situation::Kind::Flapping, 0});
  const auto seeds = static_cast<size_t>(options_.seeds);
  ProgressMeter meter(progress, variants.size() * situations.size() * seeds);

  // Trouble-free runs first: the default window comes from them.
  std::vector<RunRecordM> normal(variants.size() * seeds);
  parallelFor(normal.size(), options_.jobs, [&](size_t i) {
    normal[i] = simulate(variants[i / seeds], situations[0], SimTime::zero(), SimTime::zero(), options_,
                         scenario_.seed + i % seeds);
    meter.completed();
  });
  std::vector<int64_t> slowestNormal(normal.size());
  for (size_t i = 0; i < normal.size(); ++i) slowestNormal[i] = slowestReplication(normal[i]);
  ModeComparisonResult result;
  const size_t reference = static_cast<size_t>(
      std::find(options_.modes.begin(), options_.modes.end(), ReplicationMode::MultiLeader) - options_.modes.begin());
  const SimTime last = normal[(reference < variants.size() ? reference : 0) * seeds].applies.lastClientOp();
  result.windowDefaulted = !options_.failAt || !options_.recoverAt;
  const SimTime failAt = options_.failAt.value_or(SimTime::fromUs(last.us() / 4));
  const SimTime recoverAt = options_.recoverAt.value_or(SimTime::fromUs(last.us() * 3 / 4));
  if (failAt >= recoverAt)
    throw CompareError(CompareError::Kind::BadInput,
                       fmt::format("the trouble window is empty: fail-at {} ms is not before recover-at {} ms (by "
                                   "default 25% and 75% of the last client operation); give --fail-at and --recover-at",
                                   formatMs(failAt), formatMs(recoverAt)));

  struct Task {
    size_t variant, situation, seed;
  };
  std::vector<Task> tasks;
  for (size_t v = 0; v < variants.size(); ++v)
    for (size_t s = 1; s < situations.size(); ++s)
      for (size_t k = 0; k < seeds; ++k) tasks.push_back({v, s, k});
  std::vector<SituationResult> measured(tasks.size());
  parallelFor(tasks.size(), options_.jobs, [&](size_t i) {
    const Task& t = tasks[i];
    const RunRecordM run = simulate(variants[t.variant], situations[t.situation], failAt, recoverAt, options_,
                                    scenario_.seed + t.seed);
    measured[i] = measure(run, slowestNormal[t.variant * seeds + t.seed], failAt, recoverAt, true);
    meter.completed();
  });
  meter.finish();

  result.scenario = scenario_.name;
  for (const DatacenterSpec& dc : scenario_.topology.datacenters) result.datacenters.push_back(dc.name);
  result.firstSeed = scenario_.seed;
  result.seeds = options_.seeds;
  result.failAt = failAt;
  result.recoverAt = recoverAt;
  result.flapDown = options_.flapDown;
  result.flapEvery = options_.flapEvery;
  size_t next = 0;  // tasks are in (variant, situation, seed) order
  for (size_t v = 0; v < variants.size(); ++v) {
    ModeResult mr;
    mr.mode = variants[v].mode;
    mr.setup = variants[v].setup;
    std::vector<SituationResult> perSeed;
    for (size_t d = 0; d < dcs; ++d) {
      DatacenterLatency l;
      l.datacenter = result.datacenters[d];
      for (size_t k = 0; k < seeds; ++k) {
        const auto& samples = normal[v * seeds + k].latencyByDc[d];
        const Percentiles p = percentiles(samples);
        l.writes += static_cast<double>(samples.size());
        l.p50Ms += p.p50.ms();
        l.p99Ms += p.p99.ms();
        const auto& reads = normal[v * seeds + k].readLatencyByDc[d];
        const Percentiles pr = percentiles(reads);
        l.reads += static_cast<double>(reads.size());
        l.readP50Ms += pr.p50.ms();
        l.readP99Ms += pr.p99.ms();
      }
      const auto n = static_cast<double>(seeds);
      l.writes /= n;
      l.p50Ms /= n;
      l.p99Ms /= n;
      l.reads /= n;
      l.readP50Ms /= n;
      l.readP99Ms /= n;
      mr.latency.push_back(l);
    }
    for (size_t k = 0; k < seeds; ++k) {
      const RunRecordM& n = normal[v * seeds + k];
      perSeed.push_back(measure(n, slowestNormal[v * seeds + k], failAt, recoverAt, false));
    }
    mr.normal = mean(perSeed, "no trouble");
    for (size_t s = 1; s < situations.size(); ++s) {
      perSeed.assign(measured.begin() + static_cast<std::ptrdiff_t>(next),
                     measured.begin() + static_cast<std::ptrdiff_t>(next + seeds));
      next += seeds;
      if (situations[s].kind == Situation::Kind::Outage)
        mr.outages.push_back(mean(perSeed, result.datacenters[situations[s].datacenter] + " down"));
      else
        mr.flapping = mean(perSeed, "inter-datacenter network flapping");
    }
    mr.outageMean = mean(mr.outages, "one datacenter down (mean over datacenters)");
    result.modes.push_back(std::move(mr));
  }
  return result;
}

}  // namespace replsim
