// Visibility: PBS trials for a leaderless scenario (see Visibility.h).
#include "sim/sweep/Visibility.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "sim/core/Random.h"
#include "sim/replication/HashRing.h"
#include "sim/sweep/SampleStatistics.h"
#include "sim/topology/Topology.h"

namespace replsim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr uint32_t kMaxTransmissions = 100000;  // as Network

// The time one message takes on a link, drawn as Network::transmit draws it.
SimTime transmission(const LinkParams& p, Random& rng) {
  uint32_t lost = 0;
  if (p.loss > 0.0)
    while (lost < kMaxTransmissions && rng.bernoulli(p.loss)) ++lost;
  return p.retry * lost + p.latency.sample(rng);
}

// The keys a trial draws from: the explicit writes' keys in file order, then
// the workload's k1..kN; "x" when the scenario names none.
std::vector<std::string> trialKeys(const Scenario& s) {
  std::vector<std::string> keys;
  for (const ClientOp& op : s.writes)
    if (std::find(keys.begin(), keys.end(), op.key) == keys.end()) keys.push_back(op.key);
  if (s.workload && !s.workload->document)
    for (int i = 1; i <= s.workload->keys; ++i) {
      const std::string k = fmt::format("k{}", i);
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    }
  if (keys.empty()) keys.push_back("x");
  return keys;
}

// One replica's part of a trial, times in µs from the write's issue.
struct ReplicaDraw {
  NodeId node = 0;
  int64_t copyArrival = 0;  // the write reaches it (0: the write coordinator itself)
  int64_t ackArrival = 0;   // its ack reaches the write coordinator
  int64_t holdsAt = 0;      // it holds the write from then on: copyArrival, or earlier by anti-entropy
};
struct TargetDraw {
  size_t replica = 0;       // index into the trial's replicas
  int64_t request = 0;      // read request's transmission time (0: the read coordinator itself)
  int64_t answer = 0;       // the answer's
  int64_t repair = 0;       // blocking read repair: the repair's transmission time, and its ack's
  int64_t repairAck = 0;
  bool clampRequest = false, clampAnswer = false;  // fifo behind the write's messages
  bool fifoRequest = false, fifoAnswer = false;    // the read coordinator's links to and from it are fifo
};
// An anti-entropy shipment from or to the read's coordinator C2: on a fifo
// link it queues the read's request (from C2) or the replica's answer and
// repair ack (to C2) sent after it.
struct Sync {
  size_t replica = 0;       // the other end
  bool fromC2 = false;      // C2 -> replica (else replica -> C2)
  int64_t sent = 0, arrival = 0;
};

struct Answer {
  int64_t at;
  size_t order;  // send order (the own copy first), for ties; index into the targets
  bool holds;
};

// A read's outcome: consistent, and its latency (-1: failed).
struct ReadOutcome {
  bool consistent = false;
  int64_t latency = -1;
};

// The latest arrival of the syncs of `replica` in direction `fromC2` sent strictly before `before`
// (a fifo link's clamp); `floor` when there are none.
int64_t syncClamp(const std::vector<Sync>& syncs, size_t replica, bool fromC2, int64_t before, int64_t floor) {
  for (const Sync& s : syncs)
    if (s.replica == replica && s.fromC2 == fromC2 && s.sent < before) floor = std::max(floor, s.arrival);
  return floor;
}

// The read starting at `start` (the only read of its write: see Visibility.h).
// `Repairs`: the scenario has blocking read repair or anti-entropy (false
// compiles the plain path without their tests).
template <bool Repairs>
ReadOutcome readAt(int64_t start, const std::vector<ReplicaDraw>& reps, const std::vector<TargetDraw>& targets,
                   const std::vector<Sync>& syncs, size_t r, int64_t timeout, bool blockingRepair,
                   std::vector<Answer>& answers) {
  answers.clear();
  for (size_t i = 0; i < targets.size(); ++i) {
    const TargetDraw& t = targets[i];
    const ReplicaDraw& rep = reps[t.replica];
    int64_t req = start + t.request;
    if (t.clampRequest) req = std::max(req, rep.copyArrival);
    if (Repairs && t.fifoRequest && !syncs.empty()) req = syncClamp(syncs, t.replica, true, start, req);
    int64_t ans = req + t.answer;
    if (t.clampAnswer) ans = std::max(ans, rep.ackArrival);
    if (Repairs && t.fifoAnswer && !syncs.empty()) ans = syncClamp(syncs, t.replica, false, req, ans);
    answers.push_back(Answer{ans, i, rep.holdsAt <= req});
  }
  std::sort(answers.begin(), answers.end(),
            [](const Answer& a, const Answer& b) { return a.at != b.at ? a.at < b.at : a.order < b.order; });
  if (answers.size() < r || answers[r - 1].at - start >= timeout) return {};
  bool consistent = false;
  for (size_t i = 0; i < r; ++i) consistent = consistent || answers[i].holds;
  const int64_t decided = answers[r - 1].at;
  int64_t done = decided;
  // Blocking read repair: the read's result (the write, when one of the
  // first r held it; otherwise nothing to repair) goes back to each of the
  // first r that answered without it, and the client waits for their acks.
  // The read coordinator's own copy is repaired at once (request 0).
  if (Repairs && blockingRepair && consistent)
    for (size_t i = 0; i < r; ++i) {
      const TargetDraw& t = targets[answers[i].order];
      if (answers[i].holds || t.request == 0) continue;
      int64_t arrival = decided + t.repair;
      if (t.fifoRequest && !syncs.empty()) arrival = syncClamp(syncs, t.replica, true, decided, arrival);
      int64_t ack = arrival + t.repairAck;
      if (t.fifoAnswer && !syncs.empty()) ack = syncClamp(syncs, t.replica, false, arrival, ack);
      done = std::max(done, ack);
    }
  if (Repairs && done - start >= timeout) return {};  // the read fails: its repairs were not acknowledged in time
  return {consistent, done - start};
}

// Anti-entropy rounds at phase, phase + interval, … (µs from the write's
// issue): at each, every replica holding the write ships it to every
// replica that does not (one Sync per pair, each a fresh transmission), and
// the receiver holds it from the arrival. Stops when every replica holds it.
void antiEntropy(std::vector<ReplicaDraw>& reps, int64_t phase, int64_t interval, NodeId c2,
                 const std::function<SimTime(NodeId, NodeId)>& transmit, std::vector<Sync>& syncs,
                 std::vector<uint8_t>& holder) {
  holder.resize(reps.size());
  for (int64_t round = phase;; round += interval) {
    bool all = true;
    for (size_t i = 0; i < reps.size(); ++i) {
      holder[i] = reps[i].holdsAt <= round;
      all = all && holder[i];
    }
    if (all) return;
    for (size_t b = 0; b < reps.size(); ++b) {
      if (holder[b]) continue;
      for (size_t a = 0; a < reps.size(); ++a) {
        if (!holder[a]) continue;
        const int64_t arrival = round + transmit(reps[a].node, reps[b].node).us();
        reps[b].holdsAt = std::min(reps[b].holdsAt, arrival);
        if (reps[a].node == c2) syncs.push_back(Sync{b, true, round, arrival});
        if (reps[b].node == c2) syncs.push_back(Sync{a, false, round, arrival});
      }
    }
  }
}

LatencyQuantiles latencyQuantiles(std::vector<int64_t>& us) {
  LatencyQuantiles q;
  q.count = us.size();
  if (us.empty()) return q;
  std::sort(us.begin(), us.end());
  const auto rank = [&](uint64_t perMille) {  // nearest rank: ceil(p·n)
    const uint64_t idx = (us.size() * perMille + 999) / 1000;
    return static_cast<double>(us[std::max<uint64_t>(idx, 1) - 1]) / 1000.0;
  };
  q.p50 = rank(500);
  q.p99 = rank(990);
  q.p999 = rank(999);
  return q;
}

}  // namespace

QuantileEstimate quantileWithInterval(const std::vector<double>& sorted, double p) {
  QuantileEstimate q;
  if (sorted.empty()) return q;
  const double n = static_cast<double>(sorted.size());
  const auto at = [&](double rank) {
    const double clamped = std::min(std::max(rank, 1.0), n);
    return sorted[static_cast<size_t>(clamped) - 1];
  };
  const double half = 1.959963984540054 * std::sqrt(n * p * (1 - p));
  q.value = at(std::ceil(n * p));
  q.ciLow = at(std::floor(n * p - half));
  q.ciHigh = at(std::ceil(n * p + half));
  return q;
}

VisibilityResult runVisibility(const Scenario& s, const VisibilityOptions& o) {
  if (s.replication.mode != ProtocolKind::Leaderless)
    throw VisibilityError("the scenario is not leaderless: visibility needs replication.mode \"leaderless\"");
  const LeaderlessSpec& spec = s.replication.leaderless;
  if (o.trials == 0) throw VisibilityError("--trials must be at least 1");
  if (o.tMs.empty()) throw VisibilityError("--t-ms needs at least one time");

  const Topology topo = Topology::build(s.topology, s.links);
  const size_t nodes = topo.nodeCount();
  // Link settings by (from, to); leaderless scenarios are all-to-all.
  std::vector<const LinkParams*> link(nodes * nodes, nullptr);
  for (const TopologyLink& l : topo.links()) link[l.from * nodes + l.to] = &l.params();
  for (NodeId a = 0; a < nodes; ++a)
    for (NodeId b = 0; b < nodes; ++b)
      if (a != b && link[a * nodes + b] == nullptr)
        throw VisibilityError(fmt::format("no link {} -> {}: visibility needs every pair of nodes linked",
                                          topo.name(a), topo.name(b)));
  const auto params = [&](NodeId a, NodeId b) -> const LinkParams& { return *link[a * nodes + b]; };

  const QuorumSpec& q = spec.quorum;
  const HashRing ring(topo.names(), spec.vnodes);
  const std::vector<std::string> keys = trialKeys(s);
  std::vector<std::vector<NodeId>> prefs;
  for (const std::string& k : keys) prefs.push_back(ring.preferenceList(k, static_cast<size_t>(q.n)));

  VisibilityResult res;
  res.scenario = s.name;
  res.n = q.n;
  res.w = q.w;
  res.r = q.r;
  res.readFanout = q.readFanout == ReadFanout::All ? "all" : "r";
  res.readRepair = spec.readRepair == ReadRepair::Blocking ? "blocking"
                   : spec.readRepair == ReadRepair::Async  ? "async"
                                                           : "off";
  if (spec.antiEntropyInterval) res.antiEntropyMs = spec.antiEntropyInterval->ms();
  res.trials = o.trials;
  res.seed = o.seed;
  std::vector<int64_t> tUs;
  for (double t : o.tMs) {
    tUs.push_back(SimTime::fromMs(t).us());
    res.points.push_back(VisibilityPoint{t});
  }
  const int64_t timeout = q.timeout.us();
  const size_t w = static_cast<size_t>(q.w), r = static_cast<size_t>(q.r);
  // Async repair happens after the client's answer and changes nothing a
  // single read sees: the trials (and their random draws) are those of "off".
  const bool blocking = spec.readRepair == ReadRepair::Blocking;
  const int64_t aeInterval = spec.antiEntropyInterval ? spec.antiEntropyInterval->us() : 0;

  Random rng(o.seed);
  const std::function<SimTime(NodeId, NodeId)> transmit = [&](NodeId a, NodeId b) {
    return transmission(params(a, b), rng);
  };
  std::vector<ReplicaDraw> reps;
  std::vector<TargetDraw> targets;
  std::vector<Sync> syncs;
  std::vector<uint8_t> holder;
  std::vector<int64_t> acks;
  std::vector<Answer> answers;
  std::vector<double> window;  // per committed trial: the least t (ms) from which its read is consistent
  std::vector<int64_t> writeUs, readUs;
  window.reserve(o.trials);
  writeUs.reserve(o.trials);
  readUs.reserve(o.trials);
  std::vector<int64_t> candidates;
  const bool repairs = blocking || aeInterval > 0;
  const auto read = [&](int64_t start) {
    return repairs ? readAt<true>(start, reps, targets, syncs, r, timeout, blocking, answers)
                   : readAt<false>(start, reps, targets, syncs, r, timeout, blocking, answers);
  };
  for (uint64_t trial = 0; trial < o.trials; ++trial) {
    const std::vector<NodeId>& pref = prefs[keys.size() == 1 ? 0 : rng.below(keys.size())];
    const NodeId c1 = static_cast<NodeId>(rng.below(nodes));
    const NodeId c2 = static_cast<NodeId>(rng.below(nodes));
    // The write: copies to the other replicas, acks back.
    reps.clear();
    acks.clear();
    syncs.clear();
    for (NodeId node : pref) {
      ReplicaDraw d{node, 0, 0, 0};
      if (node != c1) {
        d.copyArrival = transmission(params(c1, node), rng).us();
        d.ackArrival = d.copyArrival + transmission(params(node, c1), rng).us();
      }
      d.holdsAt = d.copyArrival;
      reps.push_back(d);
      acks.push_back(d.ackArrival);
    }
    // The read's targets and their messages (drawn whether or not the write commits).
    targets.clear();
    const auto addTarget = [&](size_t i) {
      TargetDraw t{i, 0, 0, 0, 0, false, false, false, false};
      const NodeId node = reps[i].node;
      if (node != c2) {
        t.request = transmission(params(c2, node), rng).us();
        t.answer = transmission(params(node, c2), rng).us();
        if (blocking) {
          t.repair = transmission(params(c2, node), rng).us();
          t.repairAck = transmission(params(node, c2), rng).us();
        }
        t.fifoRequest = params(c2, node).fifo;
        t.fifoAnswer = params(node, c2).fifo;
        t.clampRequest = c2 == c1 && t.fifoRequest;
        t.clampAnswer = c2 == c1 && t.fifoAnswer;
      }
      targets.push_back(t);
    };
    const auto own = std::find(pref.begin(), pref.end(), c2);
    if (own != pref.end()) addTarget(static_cast<size_t>(own - pref.begin()));
    for (size_t i = 0; i < pref.size(); ++i) {
      if (q.readFanout == ReadFanout::R && targets.size() >= r) break;
      if (pref[i] != c2) addTarget(i);
    }
    if (acks.size() < w) {
      ++res.writesFailed;
      continue;
    }
    std::nth_element(acks.begin(), acks.begin() + static_cast<std::ptrdiff_t>(w - 1), acks.end());
    const int64_t commit = acks[w - 1];
    if (commit >= timeout) {
      ++res.writesFailed;
      continue;
    }
    ++res.committed;
    writeUs.push_back(commit);
    // Anti-entropy: the rounds' phase relative to the write is uniform over
    // the interval (the write lands anywhere between two rounds).
    if (aeInterval > 0)
      antiEntropy(reps, static_cast<int64_t>(rng.below(static_cast<uint64_t>(aeInterval))), aeInterval, c2,
                  transmit, syncs, holder);
    for (size_t i = 0; i < tUs.size(); ++i) {
      const ReadOutcome outcome = read(commit + tUs[i]);
      if (outcome.consistent) ++res.points[i].consistent;
      if (i == 0 && outcome.latency >= 0) readUs.push_back(outcome.latency);
    }
    // The staleness window: consistency changes only where a replica's
    // copy overtakes the request (or at 0) — and, with anti-entropy
    // shipments to or from the read's coordinator, where one of them starts
    // or stops queueing a read message on a fifo link.
    candidates.assign(1, 0);
    for (const TargetDraw& t : targets)
      candidates.push_back(std::max<int64_t>(0, reps[t.replica].holdsAt - commit - t.request));
    for (const Sync& sy : syncs)
      for (const TargetDraw& t : targets) {
        for (int64_t at : {sy.sent - commit + 1, sy.sent - commit - t.request + 1, sy.arrival - commit - t.request,
                           sy.arrival - commit - t.request - t.answer})
          candidates.push_back(std::max<int64_t>(0, at));
      }
    std::sort(candidates.begin(), candidates.end());
    double least = kInf;
    if (syncs.empty()) {
      // Without those shipments consistency never decreases with t (a
      // replica that holds the write keeps it, the answers' order is fixed):
      // the first consistent candidate is the window.
      for (int64_t c : candidates)
        if (read(commit + c).consistent) {
          least = static_cast<double>(c) / 1000.0;
          break;
        }
    } else {
      // A shipment can delay a holding answer behind it: the window is the
      // least candidate from which every later one is consistent.
      candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
      for (size_t i = candidates.size(); i-- > 0;) {
        if (!read(commit + candidates[i]).consistent) break;
        least = static_cast<double>(candidates[i]) / 1000.0;
      }
    }
    window.push_back(least);
  }

  for (VisibilityPoint& p : res.points) {
    if (res.committed == 0) continue;
    p.fraction = static_cast<double>(p.consistent) / static_cast<double>(res.committed);
    std::tie(p.ciLow, p.ciHigh) = SampleStatistics::wilson95(p.consistent, res.committed);
  }
  std::sort(window.begin(), window.end());
  res.tAt999 = quantileWithInterval(window, 0.999);
  res.write = latencyQuantiles(writeUs);
  res.read = latencyQuantiles(readUs);
  return res;
}

namespace {

nlohmann::ordered_json msOrNull(double v) {
  return std::isinf(v) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(v);
}

nlohmann::ordered_json latencyJson(const LatencyQuantiles& q) {
  nlohmann::ordered_json j;
  j["count"] = q.count;
  j["p50"] = q.p50;
  j["p99"] = q.p99;
  j["p99.9"] = q.p999;
  return j;
}

std::string msText(double v) { return std::isinf(v) ? "never" : fmt::format("{:g} ms", v); }

}  // namespace

nlohmann::ordered_json visibilityJson(const VisibilityResult& r) {
  nlohmann::ordered_json j;
  j["scenario"] = r.scenario;
  j["n"] = r.n;
  j["r"] = r.r;
  j["w"] = r.w;
  j["read_fanout"] = r.readFanout;
  j["read_repair"] = r.readRepair;
  j["anti_entropy_interval_ms"] = r.antiEntropyMs ? nlohmann::ordered_json(*r.antiEntropyMs) : nlohmann::ordered_json(nullptr);
  j["trials"] = r.trials;
  j["seed"] = r.seed;
  j["committed"] = r.committed;
  j["writes_failed"] = r.writesFailed;
  j["points"] = nlohmann::ordered_json::array();
  for (const VisibilityPoint& p : r.points) {
    nlohmann::ordered_json pj;
    pj["t_ms"] = p.tMs;
    pj["consistent"] = p.fraction;
    pj["ci95"] = {p.ciLow, p.ciHigh};
    pj["consistent_reads"] = p.consistent;
    j["points"].push_back(pj);
  }
  nlohmann::ordered_json at;
  at["t_ms"] = msOrNull(r.tAt999.value);
  at["ci95"] = {msOrNull(r.tAt999.ciLow), msOrNull(r.tAt999.ciHigh)};
  j["t_ms_at"]["0.999"] = at;
  j["latency_ms"]["read"] = latencyJson(r.read);
  j["latency_ms"]["write"] = latencyJson(r.write);
  return j;
}

std::string visibilityText(const VisibilityResult& r) {
  std::ostringstream o;
  o << fmt::format("Visibility (PBS) of {}: n {}, w {}, r {}, read_fanout {}", r.scenario, r.n, r.w, r.r,
                   r.readFanout);
  // Only what the trials model beyond the quorum, so that plain scenarios print as before.
  if (r.readRepair != "off") o << fmt::format(", read_repair {}", r.readRepair);
  if (r.antiEntropyMs) o << fmt::format(", anti-entropy every {:g} ms", *r.antiEntropyMs);
  o << "\n";
  o << fmt::format("Trials {} (seed {}): {} committed, {} writes failed\n", r.trials, r.seed, r.committed,
                   r.writesFailed);
  o << "t after commit   consistent   95% CI (Wilson)\n";
  for (const VisibilityPoint& p : r.points)
    o << fmt::format("{:>11g} ms   {:>10.6f}   [{:.6f}, {:.6f}]\n", p.tMs, p.fraction, p.ciLow, p.ciHigh);
  o << fmt::format("99.9% of reads consistent from t = {} (95% CI {} .. {})\n", msText(r.tAt999.value),
                   msText(r.tAt999.ciLow), msText(r.tAt999.ciHigh));
  o << fmt::format("Write latency (commit): p50 {:g} ms, p99 {:g} ms, p99.9 {:g} ms\n", r.write.p50, r.write.p99,
                   r.write.p999);
  o << fmt::format("Read latency (at t = {:g} ms): p50 {:g} ms, p99 {:g} ms, p99.9 {:g} ms\n",
                   r.points.empty() ? 0.0 : r.points.front().tMs, r.read.p50, r.read.p99, r.read.p999);
  return o.str();
}

}  // namespace replsim
