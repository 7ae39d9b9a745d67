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
#include "sim/metrics/Percentiles.h"
#include "sim/metrics/RunStats.h"

namespace replsim {

const char* toString(ReplicationMode m) {
  return m == ReplicationMode::SingleLeader ? "single-leader" : "multi-leader";
}

namespace {

// Successful client writes' latency, by the client's datacenter.
class LatencyByDatacenter final : public SimObserver {
 public:
  explicit LatencyByDatacenter(std::vector<int> datacenterOf) : datacenterOf_(std::move(datacenterOf)) {}
  void onClientOp(const ClientOpEvent& e) override {
    if (e.failed || e.write == UINT32_MAX) return;
    const int dc = e.client < datacenterOf_.size() ? datacenterOf_[e.client] : -1;
    if (dc < 0) return;
    if (static_cast<size_t>(dc) >= samples.size()) samples.resize(static_cast<size_t>(dc) + 1);
    samples[static_cast<size_t>(dc)].push_back(e.clientLatency.us());
  }
  std::vector<std::vector<int64_t>> samples;  // by datacenter index

 private:
  std::vector<int> datacenterOf_;  // by node; -1: in no datacenter
};

struct Variant {
  ReplicationMode mode;
  Scenario scenario;  // no faults, no expectations
  std::string setup;
};

Variant makeVariant(const Scenario& base, ReplicationMode mode) {
  Variant v{mode, base, ""};
  v.scenario.faults.clear();
  v.scenario.expect.clear();
  TopologySpec& t = v.scenario.topology;
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
  std::vector<std::vector<int64_t>> latencyByDc;
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
  record.applies = ApplyTimeRecorder(sim.nodeCount());
  LatencyByDatacenter latency(datacenterOf);
  sim.addObserver(&record.applies);
  sim.addObserver(&record.stats);
  sim.addObserver(&latency);
  const RunOutcome outcome = sim.run();
  if (outcome.limitReached())
    throw CompareError(CompareError::Kind::Limit,
                       fmt::format("the run of {} was stopped by a limit: {}", describe(v, situation, seed),
                                   explainStop(outcome, sim)));
  record.latencyByDc = std::move(latency.samples);
  record.latencyByDc.resize(dcs.size());
  record.end = sim.endTime();
  return record;
}

// Issue → taken in by every replica, per write; kNever if some replica never did.
std::vector<int64_t> replicationTimes(const ApplyTimeRecorder& a) {
  std::vector<int64_t> out(a.writeCount(), 0);
  for (uint32_t w = 0; w < a.writeCount(); ++w) {
    int64_t last = 0;
    for (NodeId n = 0; n < a.nodeCount(); ++n) {
      const int64_t reached = a.reachedUs(w, n);
      if (reached == ApplyTimeRecorder::kNever) { last = ApplyTimeRecorder::kNever; break; }
      last = std::max(last, reached - a.issuedUs(w));
    }
    out[w] = last;
  }
  return out;
}

// The slowest replication (issue → every replica) of a run, over writes
// that got everywhere: the bar "delayed" is measured against.
int64_t slowestReplication(const ApplyTimeRecorder& a) {
  int64_t slowest = 0;
  for (int64_t t : replicationTimes(a))
    if (t != ApplyTimeRecorder::kNever) slowest = std::max(slowest, t);
  return slowest;
}

SituationResult measure(const RunRecordM& run, int64_t slowestNormalUs, SimTime failAt, SimTime recoverAt,
                        bool trouble) {
  SituationResult r;
  r.writesIssued = static_cast<double>(run.stats.writesTotal);
  r.writesFailed = static_cast<double>(run.stats.writesFailed);
  r.latencyP99Ms = percentiles(run.stats.clientLatencyUs).p99.ms();
  r.conflicts = static_cast<double>(run.stats.conflictsDetected);
  r.discarded = static_cast<double>(run.stats.discardedTotal);
  r.writesLost = static_cast<double>(run.stats.distinctDiscarded());
  const std::vector<int64_t> times = replicationTimes(run.applies);
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
    if (issued >= failAt.us() && issued < recoverAt.us() && times[w] > slowestNormalUs) r.writesDelayed += 1;
    if (issued >= recoverAt.us()) continue;
    for (NodeId n = 0; n < a.nodeCount(); ++n) {
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
  if (!never) m.recoverMs = recover / n;
  return m;
}

}  // namespace

ModeComparison::ModeComparison(const Scenario& scenario, ModeCompareOptions options)
    : scenario_(scenario), options_(std::move(options)) {
  auto bad = [](const std::string& message) { throw CompareError(CompareError::Kind::BadInput, message); };
  if (scenario_.topology.datacenters.size() < 2)
    bad("--modes compares deployments across datacenters: the scenario needs topology.datacenters with at least 2 "
        "datacenters");
  if (options_.modes.empty()) bad("--modes: expected single-leader, multi-leader or both");
  std::set<ReplicationMode> seen;
  for (ReplicationMode m : options_.modes)
    if (!seen.insert(m).second) bad(fmt::format("--modes: \"{}\" is listed twice", toString(m)));
  if (options_.seeds < 1) bad("--seeds must be at least 1");
  if (options_.flapDown <= SimTime::zero() || options_.flapEvery <= options_.flapDown)
    bad("--flap-down must be positive and shorter than --flap-every");
  if (options_.failAt && options_.recoverAt && *options_.failAt >= *options_.recoverAt)
    bad(fmt::format("--fail-at ({} ms) must be before --recover-at ({} ms)", formatMs(*options_.failAt),
                    formatMs(*options_.recoverAt)));
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
  for (size_t i = 0; i < normal.size(); ++i) slowestNormal[i] = slowestReplication(normal[i].applies);
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
      }
      l.writes /= static_cast<double>(seeds);
      l.p50Ms /= static_cast<double>(seeds);
      l.p99Ms /= static_cast<double>(seeds);
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
