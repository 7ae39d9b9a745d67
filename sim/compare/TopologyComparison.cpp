#include "sim/compare/TopologyComparison.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "sim/compare/CompareError.h"
#include "sim/core/ParallelFor.h"
#include "sim/core/ProgressMeter.h"
#include "sim/replication/Simulation.h"
#include "sim/report/StopExplanation.h"
#include "sim/model/ResourceEstimate.h"
#include "sim/topology/TopologyAnalysis.h"

namespace replsim {
namespace {

bool isBuiltIn(TopologyKind k) {
  switch (k) {
    case TopologyKind::AllToAll:
    case TopologyKind::Ring:
    case TopologyKind::BidirectionalRing:
    case TopologyKind::Star:
    case TopologyKind::Line:
    case TopologyKind::Tree:
      return true;
    default:
      return false;
  }
}

// One topology applied to the scenario, with what the runs share.
struct Variant {
  std::string name;
  Scenario scenario;  // no faults, no expectations
  Topology topology;
  bool forward = false;
  TopologyAnalysis analysis;
  std::vector<size_t> pairsInvolving;  // per node: replicating pairs it is an end of
  std::vector<CompareFailure> failures;
};

// The scenario with its topology replaced by `kind` over the same leaders.
Scenario variantScenario(const Scenario& base, TopologyKind kind) {
  Scenario s = base;
  s.faults.clear();
  s.expect.clear();
  s.replication.forward.reset();
  TopologySpec& t = s.topology;
  t.kind = kind;
  t.hub = t.leaders.front();
  t.fanout = 2;
  t.edges.clear();
  t.filePath.clear();
  t.leader.clear();
  return s;
}

// Per node, how many replicating pairs (TopologyAnalysis) have it as origin
// or replica: with forwarding, what a breadth-first search from each node
// reaches; without, the direct links.
std::vector<size_t> pairsInvolving(const Topology& t, bool forward) {
  const size_t n = t.nodeCount();
  std::vector<size_t> count(n, 0);
  std::vector<std::vector<NodeId>> out(n);
  for (const TopologyLink& l : t.links()) out[l.from].push_back(l.to);
  for (NodeId o = 0; o < n; ++o) {
    std::vector<char> seen(n, 0);
    seen[o] = 1;
    std::deque<NodeId> queue{o};
    while (!queue.empty()) {
      const NodeId v = queue.front();
      queue.pop_front();
      for (NodeId w : out[v]) {
        if (seen[w]) continue;
        seen[w] = 1;
        ++count[o];
        ++count[w];
        if (forward) queue.push_back(w);
      }
      if (!forward) break;
    }
  }
  return count;
}

Variant makeVariant(const Scenario& base, const CompareTopology& which, FailureMode mode) {
  Variant v;
  if (which.own) {
    // As the scenario has it: kind, edges with their settings (a DOT file's
    // included), hub, fanout, forward.
    v.scenario = base;
    v.scenario.faults.clear();
    v.scenario.expect.clear();
    v.name = "scenario";
  } else {
    v.scenario = variantScenario(base, which.kind);
    v.name = toString(which.kind);
  }
  const TopologySpec& t = v.scenario.topology;
  v.topology = Topology::build(t, v.scenario.links);
  v.forward = v.scenario.replication.forward.value_or(v.topology.defaultForward());
  v.analysis = analyzeTopology(v.topology, v.forward);
  v.pairsInvolving = pairsInvolving(v.topology, v.forward);
  if (mode == FailureMode::EachNode) {
    for (NodeId n = 0; n < v.topology.nodeCount(); ++n)
      v.failures.push_back({CompareFailure::Kind::Node, n, 0, 0, 0});
  } else if (mode == FailureMode::EachLink) {
    for (uint32_t i = 0; i < v.topology.links().size(); ++i) {
      const TopologyLink& l = v.topology.links()[i];
      v.failures.push_back({CompareFailure::Kind::Link, 0, i, l.from, l.to});
    }
  }
  return v;
}

std::vector<FaultSpec> faultsFor(const Variant& v, const CompareFailure& f, FailureWindow window) {
  FaultSpec down, up;
  down.at = window.failAt;
  up.at = window.recoverAt;
  down.jsonPath = up.jsonPath = "(replsim compare)";
  switch (f.kind) {
    case CompareFailure::Kind::None: return {};
    case CompareFailure::Kind::Node:
      down.kind = FaultKind::Crash;
      up.kind = FaultKind::Recover;
      down.node = up.node = v.topology.name(f.node);
      break;
    case CompareFailure::Kind::Link:
      down.kind = FaultKind::LinkDown;
      up.kind = FaultKind::LinkUp;
      down.link = up.link = {v.topology.name(f.from), v.topology.name(f.to)};
      break;
  }
  return {down, up};
}

std::optional<NodeId> failedNode(const CompareFailure& f) {
  if (f.kind == CompareFailure::Kind::Node) return f.node;
  return std::nullopt;
}

std::string describeRun(const Variant& v, const CompareFailure& f, uint64_t seed) {
  std::string what;
  switch (f.kind) {
    case CompareFailure::Kind::None: what = "without failures"; break;
    case CompareFailure::Kind::Node: what = fmt::format("with {} crashed", v.topology.name(f.node)); break;
    case CompareFailure::Kind::Link:
      what = fmt::format("with link {} → {} down", v.topology.name(f.from), v.topology.name(f.to));
      break;
  }
  return fmt::format("{} {} (seed {})", v.name, what, seed);
}

RunRecord simulate(const Variant& v, const CompareFailure& f, FailureWindow window, uint64_t seed) {
  Scenario scenario = v.scenario;
  scenario.faults = faultsFor(v, f, window);
  SimulationOptions options;
  options.seed = seed;
  Simulation sim(scenario, options);
  RunRecord record{ApplyTimeRecorder(v.topology.nodeCount()), SimTime::zero(), std::nullopt};
  sim.addObserver(&record.applies);
  const RunOutcome outcome = sim.run();
  if (outcome.limitReached())
    throw CompareError(CompareError::Kind::Limit,
                       fmt::format("the run of {} was stopped by a limit: {}", describeRun(v, f, seed), explainStop(outcome, sim)));
  record.end = sim.endTime();
  record.convergedSince = sim.convergedSince();
  return record;
}

// What Boost.Graph predicts for a failure: of the pairs that replicate with
// nothing failed (for every built-in kind, all n(n-1) of them), those that
// avoid the failed node, and those the failure cuts.
void predict(const Variant& v, FailureResult& r) {
  const TopologyAnalysis& a = v.analysis;
  r.pairsPredicted = a.pairsTotal;
  switch (r.failure.kind) {
    case CompareFailure::Kind::None: break;
    case CompareFailure::Kind::Node:
      r.predictedCut = a.nodeFailures[r.failure.node].cut;
      r.pairsPredicted = a.pairsTotal - v.pairsInvolving[r.failure.node];
      break;
    case CompareFailure::Kind::Link:
      r.predictedCut = a.linkFailures[r.failure.link].cut;
      break;
  }
  r.predictedCutFraction =
      r.pairsPredicted == 0 ? 0.0 : static_cast<double>(r.predictedCut.size()) / static_cast<double>(r.pairsPredicted);
}

// Mean of the values present; unset if none is. With `allOrNothing`, unset
// as soon as one is missing.
std::optional<double> mean(const std::vector<std::optional<double>>& values, bool allOrNothing) {
  double sum = 0;
  size_t count = 0;
  for (const auto& v : values) {
    if (!v && allOrNothing) return std::nullopt;
    if (!v) continue;
    sum += *v;
    ++count;
  }
  if (count == 0) return std::nullopt;
  return sum / static_cast<double>(count);
}

std::optional<double> ms(const std::optional<SimTime>& t) {
  if (!t) return std::nullopt;
  return t->ms();
}

FailureResult aggregate(const Variant& v, const CompareFailure& f, const std::vector<const RunMeasure*>& seeds) {
  FailureResult r;
  r.failure = f;
  predict(v, r);
  std::vector<std::optional<double>> perWrite, cutFraction, staleness, catchUp, converged;
  double p50 = 0, p99 = 0, delayed = 0;
  std::set<ReplicationPair> cutAnywhere, cutNotPredicted, predictedNotCut;
  r.pairsObserved = seeds.empty() ? 0 : seeds.front()->observed.size();
  for (const RunMeasure* m : seeds) {
    FailureResult::Seed& seed = r.seeds.emplace_back();
    if (m->writes > 0) {
      perWrite.push_back(static_cast<double>(m->messagesSent) / static_cast<double>(m->writes));
      seed.messagesPerWrite = perWrite.back();
    }
    seed.propagationP50Ms = m->propagation.p50.ms();
    seed.propagationP99Ms = m->propagation.p99.ms();
    seed.writesDelayed = static_cast<double>(m->writesDelayed);
    if (!m->observed.empty())
      seed.simulatedCutFraction = static_cast<double>(m->cut.size()) / static_cast<double>(m->observed.size());
    seed.maxStalenessMs = ms(m->maxStaleness);
    seed.catchUpMs = ms(m->catchUp);
    seed.convergedAfterMs = ms(m->convergedAfter);
    p50 += m->propagation.p50.ms();
    p99 += m->propagation.p99.ms();
    delayed += static_cast<double>(m->writesDelayed);
    r.pairsObserved = std::min(r.pairsObserved, m->observed.size());
    if (!m->observed.empty())
      cutFraction.push_back(static_cast<double>(m->cut.size()) / static_cast<double>(m->observed.size()));
    cutAnywhere.insert(m->cut.begin(), m->cut.end());
    std::vector<ReplicationPair> expected;
    std::set_intersection(r.predictedCut.begin(), r.predictedCut.end(), m->observed.begin(), m->observed.end(),
                          std::back_inserter(expected));
    std::set_difference(m->cut.begin(), m->cut.end(), expected.begin(), expected.end(),
                        std::inserter(cutNotPredicted, cutNotPredicted.end()));
    std::set_difference(expected.begin(), expected.end(), m->cut.begin(), m->cut.end(),
                        std::inserter(predictedNotCut, predictedNotCut.end()));
    staleness.push_back(ms(m->maxStaleness));
    catchUp.push_back(ms(m->catchUp));
    converged.push_back(ms(m->convergedAfter));
  }
  const auto count = static_cast<double>(seeds.size());
  r.messagesPerWrite = mean(perWrite, false);
  r.propagationP50Ms = p50 / count;
  r.propagationP99Ms = p99 / count;
  r.simulatedCut.assign(cutAnywhere.begin(), cutAnywhere.end());
  r.cutNotPredicted.assign(cutNotPredicted.begin(), cutNotPredicted.end());
  r.predictedNotCut.assign(predictedNotCut.begin(), predictedNotCut.end());
  r.simulatedCutFraction = mean(cutFraction, false);
  r.writesDelayed = delayed / count;
  r.maxStalenessMs = mean(staleness, false);
  r.catchUpMs = mean(catchUp, true);
  r.convergedAfterMs = mean(converged, true);
  return r;
}

WorstAndAverage overFailures(const std::vector<FailureResult>& failures,
                             const std::function<std::optional<double>(const FailureResult&)>& get,
                             bool allOrNothing) {
  std::vector<std::optional<double>> values;
  std::optional<double> worst;
  for (const FailureResult& f : failures) {
    values.push_back(get(f));
    if (values.back()) worst = std::max(worst.value_or(*values.back()), *values.back());
  }
  WorstAndAverage out;
  out.average = mean(values, allOrNothing);
  if (out.average) out.worst = worst;
  return out;
}

TopologySummary summarize(const std::vector<FailureResult>& failures) {
  TopologySummary s;
  s.simulatedCut = overFailures(failures, [](const FailureResult& f) { return f.simulatedCutFraction; }, false);
  s.predictedCut = overFailures(
      failures, [](const FailureResult& f) { return std::optional<double>(f.predictedCutFraction); }, false);
  s.writesDelayed =
      overFailures(failures, [](const FailureResult& f) { return std::optional<double>(f.writesDelayed); }, false);
  s.maxStalenessMs = overFailures(failures, [](const FailureResult& f) { return f.maxStalenessMs; }, false);
  s.catchUpMs = overFailures(failures, [](const FailureResult& f) { return f.catchUpMs; }, true);
  s.convergedAfterMs = overFailures(failures, [](const FailureResult& f) { return f.convergedAfterMs; }, true);
  return s;
}

// The failure with the most pairs cut in some seed, then the most writes
// delayed, then the longest staleness, then the first; none when no failure
// cuts a pair or delays a write.
std::optional<size_t> worstFailure(const std::vector<FailureResult>& failures) {
  std::optional<size_t> worst;
  auto key = [&](size_t i) {
    const FailureResult& f = failures[i];
    return std::make_tuple(f.simulatedCut.size(), f.writesDelayed, f.maxStalenessMs.value_or(0.0));
  };
  for (size_t i = 0; i < failures.size(); ++i) {
    if (failures[i].simulatedCut.empty() && failures[i].writesDelayed == 0) continue;
    if (!worst || key(i) > key(*worst)) worst = i;
  }
  return worst;
}

std::string windowText(SimTime t) { return fmt::format("{} ms", formatMs(t)); }

}  // namespace

std::optional<double> standardDeviation(const std::vector<std::optional<double>>& values) {
  double sum = 0;
  size_t count = 0;
  for (const auto& v : values)
    if (v) sum += *v, ++count;
  if (count < 2) return std::nullopt;
  const double mean = sum / static_cast<double>(count);
  double squares = 0;
  for (const auto& v : values)
    if (v) squares += (*v - mean) * (*v - mean);
  return std::sqrt(squares / static_cast<double>(count - 1));
}

TopologyComparison::TopologyComparison(const Scenario& scenario, CompareOptions options)
    : scenario_(scenario), options_(std::move(options)) {
  auto bad = [](const std::string& message) { throw CompareError(CompareError::Kind::BadInput, message); };
  if (scenario_.replication.mode == ProtocolKind::Leaderless)
    bad("--topologies is not supported yet with replication.mode \"leaderless\" (it needs all-to-all links)");
  if (options_.topologies.empty()) bad("no topology to compare");
  std::vector<CompareTopology> seen;
  for (const CompareTopology& t : options_.topologies) {
    const std::string name = t.own ? "scenario" : toString(t.kind);
    if (!t.own && !isBuiltIn(t.kind))
      bad(fmt::format("topology kind \"{}\" is not a built-in kind compare can build (the scenario's own topology "
                      "is \"scenario\")",
                      name));
    if (std::find(seen.begin(), seen.end(), t) != seen.end()) bad(fmt::format("topology \"{}\" is listed twice", name));
    seen.push_back(t);
  }
  if (scenario_.topology.leaders.size() < 2) bad("compare needs a scenario with at least 2 leaders");
  if (!scenario_.topology.datacenters.empty())
    bad("compare does not take a scenario with datacenters yet: it swaps the topology between plain leaders");
  if (options_.seeds < 1) bad("--seeds must be at least 1");
  if (options_.failAt && options_.recoverAt && *options_.failAt >= *options_.recoverAt)
    bad(fmt::format("--fail-at ({}) must be before --recover-at ({})", windowText(*options_.failAt),
                    windowText(*options_.recoverAt)));
  // The loader checked the scenario's own topology; another kind over the
  // same leaders can be far bigger (all-to-all of a 1000-leader ring).
  for (const CompareTopology& t : options_.topologies) {
    if (t.own || t.kind == scenario_.topology.kind) continue;
    for (const ScenarioError& e : ResourceEstimate(variantScenario(scenario_, t.kind)).refusals())
      bad(fmt::format("under topology {}, {}", toString(t.kind), e.render()));
  }
}

ComparisonResult TopologyComparison::run(std::ostream* progress) const {
  std::vector<Variant> variants;
  for (const CompareTopology& t : options_.topologies) variants.push_back(makeVariant(scenario_, t, options_.fail));
  const auto seeds = static_cast<size_t>(options_.seeds);
  const uint64_t firstSeed = scenario_.seed;
  size_t total = 0;
  for (const Variant& v : variants) total += seeds * (1 + v.failures.size());
  ProgressMeter meter(progress, total);

  // The runs without failures first: the default window depends on them.
  const CompareFailure none;
  std::vector<std::optional<RunRecord>> baselines(variants.size() * seeds);
  parallelFor(baselines.size(), options_.jobs, [&](size_t i) {
    baselines[i] = simulate(variants[i / seeds], none, FailureWindow{}, firstSeed + i % seeds);
    meter.completed();
  });

  ComparisonResult result;
  result.lastClientOp = baselines.front()->applies.lastClientOp();
  result.failAtDefaulted = !options_.failAt;
  result.recoverAtDefaulted = !options_.recoverAt;
  const SimTime failAt = options_.failAt.value_or(SimTime::fromUs(result.lastClientOp.us() / 4));
  const SimTime recoverAt = options_.recoverAt.value_or(SimTime::fromUs(result.lastClientOp.us() * 3 / 4));
  if (failAt >= recoverAt) {
    throw CompareError(CompareError::Kind::BadInput,
                       fmt::format("the failure window is empty: fail-at {} is not before recover-at {} (by default "
                                   "25% and 75% of the last client operation, at {}); give --fail-at and --recover-at",
                                   windowText(failAt), windowText(recoverAt), windowText(result.lastClientOp)));
  }
  if (scenario_.until && recoverAt > *scenario_.until) {
    throw CompareError(CompareError::Kind::BadInput,
                       fmt::format("recover-at {} is after the scenario's until_ms ({}): give an earlier --recover-at",
                                   windowText(recoverAt), windowText(*scenario_.until)));
  }
  const FailureWindow window{failAt, recoverAt};

  struct Task {
    size_t topology, failure, seed;
  };
  std::vector<Task> tasks;
  for (size_t t = 0; t < variants.size(); ++t)
    for (size_t f = 0; f < variants[t].failures.size(); ++f)
      for (size_t s = 0; s < seeds; ++s) tasks.push_back({t, f, s});
  std::vector<RunMeasure> measures(tasks.size());
  parallelFor(tasks.size(), options_.jobs, [&](size_t i) {
    const Task& task = tasks[i];
    const Variant& v = variants[task.topology];
    const CompareFailure& f = v.failures[task.failure];
    const RunRecord run = simulate(v, f, window, firstSeed + task.seed);
    measures[i] = measureRun(run, *baselines[task.topology * seeds + task.seed], window, failedNode(f));
    meter.completed();
  });
  meter.finish();

  result.scenario = scenario_.name;
  result.leaders = scenario_.topology.leaders;
  result.loopPrevention = scenario_.replication.loopPrevention;
  result.fail = options_.fail;
  result.firstSeed = firstSeed;
  result.seeds = options_.seeds;
  result.window = window;
  size_t next = 0;  // tasks are in (topology, failure, seed) order
  for (size_t t = 0; t < variants.size(); ++t) {
    const Variant& v = variants[t];
    TopologyResult tr;
    tr.name = v.name;
    tr.kind = v.topology.kind();
    if (tr.kind == TopologyKind::Star) tr.hub = v.topology.find(v.scenario.topology.hub.empty()
                                                                    ? v.scenario.topology.leaders.front()
                                                                    : v.scenario.topology.hub);
    tr.links = v.topology.links().size();
    tr.forward = v.forward;
    std::vector<RunMeasure> baseMeasures;
    for (size_t s = 0; s < seeds; ++s) {
      const RunRecord& b = *baselines[t * seeds + s];
      baseMeasures.push_back(measureRun(b, b, window, std::nullopt));
    }
    std::vector<const RunMeasure*> perSeed;
    for (const RunMeasure& m : baseMeasures) perSeed.push_back(&m);
    tr.baseline = aggregate(v, none, perSeed);
    for (const CompareFailure& f : v.failures) {
      perSeed.clear();
      for (size_t s = 0; s < seeds; ++s) perSeed.push_back(&measures[next++]);
      tr.failures.push_back(aggregate(v, f, perSeed));
    }
    tr.summary = summarize(tr.failures);
    tr.worstFailure = worstFailure(tr.failures);
    result.topologies.push_back(std::move(tr));
  }
  return result;
}

}  // namespace replsim
