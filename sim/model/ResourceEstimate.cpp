#include "sim/model/ResourceEstimate.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <string_view>
#include <unordered_set>

#include <fmt/format.h>

namespace replsim {
namespace {

// Bytes per counted thing, fitted to peak RSS (/usr/bin/time) of Release
// runs on x86-64 (2026-12-01) and rounded up; docs/semantics.md ("Limits and
// exit statuses") has the table of estimates against measurements. Nothing
// is charged per pair of nodes: a replica's per-origin counters are sparse.
constexpr double kFixedBytes = 16.0 * 1024 * 1024;  // the process, libraries, loader
constexpr double kPerNode = 2048;          // Replica, names, digests, report lines
constexpr double kPerLink = 80;            // the topology's link (16), the network's (32), out-lists, slack
constexpr double kPerKeyAtNode = 48;       // a KeyState at every node (24), a merged context's share
constexpr double kPerKey = 128;            // the key's name, interned once
constexpr double kPerReportEntry = 400;    // a key's values per node in the JSON and text reports
constexpr double kPerOperation = 160;      // the planned operation, its sort buffer, the vector's growth
constexpr double kPerWrite = 192;          // the write log record, context arena, progress, statistics
constexpr double kPerApply = 40;           // per write and node: lag sample, path entry, conflict share
constexpr double kPerMessage = 128;        // a message in flight: pool slot, scheduler event, backlog entry
// Poisson upper bound: the mean plus this many standard deviations.
constexpr double kPoissonSigmas = 6.0;

constexpr double kMaxCount = 1e18;  // counts saturate here (far above any limit)

uint64_t toCount(double x) {
  if (!(x > 0)) return 0;  // also NaN
  return static_cast<uint64_t>(std::min(std::ceil(x), kMaxCount));
}

// A latency that a transmission rarely exceeds, in ms: the distribution's
// mean plus a generous tail, and the retransmissions `loss` costs.
double tailMs(const LatencyDistribution& d) {
  double ms = d.meanMs();
  switch (d.kind) {
    case LatencyDistribution::Kind::Fixed: ms = d.a; break;
    case LatencyDistribution::Kind::Uniform: ms = d.b; break;
    case LatencyDistribution::Kind::Normal: ms = d.a + 3 * d.b; break;
    case LatencyDistribution::Kind::Lognormal: ms = d.a * std::exp(2 * d.b); break;
    case LatencyDistribution::Kind::Exponential: ms = 3 * d.a; break;
    case LatencyDistribution::Kind::Pareto: ms = d.a * std::pow(100.0, 1.0 / d.b); break;  // the 99th percentile
    case LatencyDistribution::Kind::Mixture:
      ms = 0.0;
      for (const LatencyMixturePart& part : d.parts) ms = std::max(ms, tailMs(part.dist));
      break;
  }
  return std::max(ms, d.floorMs);
}

double slowLatencyMs(const LinkParams& p) {
  double ms = tailMs(p.latency);
  for (const KindLatency& k : p.byKind) ms = std::max(ms, tailMs(k.latency));  // the slowest kind
  const double retryMs = static_cast<double>(p.retry.us()) / 1000.0;
  return ms + retryMs * (p.loss / std::max(1.0 - p.loss, 1e-9) + (p.loss > 0 ? 2 : 0));
}

std::string withCommas(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string plural(uint64_t n, const std::string& one, const std::string& many) {
  return fmt::format("{} {}", withCommas(n), n == 1 ? one : many);
}

std::string formatNumber(double x) { return fmt::format("{:.6g}", x); }

}  // namespace

ResourceEstimate::ResourceEstimate(const Scenario& s)
    : file_(s.file), limits_(s.limits), nodesPath_(s.topology.nodesPath) {
  const TopologySpec& t = s.topology;
  // --- nodes and links ---
  const double leaders = static_cast<double>(t.leaders.size());
  double followers = 0;
  for (const DatacenterSpec& dc : t.datacenters) followers += static_cast<double>(dc.followers.size());
  const double n = leaders + followers;
  double links = 0;
  double maxOutDegree = 0;
  switch (t.kind) {
    case TopologyKind::AllToAll: links = leaders * (leaders - 1); maxOutDegree = leaders - 1; break;
    case TopologyKind::Ring: links = leaders; maxOutDegree = 1; break;
    case TopologyKind::BidirectionalRing: links = 2 * leaders; maxOutDegree = 2; break;
    case TopologyKind::Star: links = 2 * (leaders - 1); maxOutDegree = leaders - 1; break;
    case TopologyKind::Line: links = 2 * (leaders - 1); maxOutDegree = 2; break;
    case TopologyKind::Tree: links = 2 * (leaders - 1); maxOutDegree = t.fanout + 1.0; break;
    case TopologyKind::SingleLeader: links = leaders - 1; maxOutDegree = leaders - 1; break;
    case TopologyKind::Custom:
    case TopologyKind::File:
      for (const EdgeSpec& e : t.edges) links += e.both ? 2 : 1;
      maxOutDegree = std::min(links, leaders - 1);
      break;
  }
  links = std::max(links, 0.0) + followers;
  for (const DatacenterSpec& dc : t.datacenters)
    maxOutDegree = std::max(maxOutDegree, static_cast<double>(dc.followers.size()) + leaders - 1);
  nodes_ = toCount(n);
  links_ = toCount(links);

  // --- operations, writes, keys ---
  // Only counted, never iterated (so the hash order cannot show): a
  // std::set of 64,000 keys was a tenth of `validate` on a 4 MB file.
  std::unordered_set<std::string_view> explicitKeys;
  explicitKeys.reserve(std::min<size_t>(s.writes.size(), 1u << 16));
  double explicitWrites = 0;
  SimTime first = SimTime::fromMs(1e12), last = SimTime::zero();
  for (const ClientOp& op : s.writes) {
    explicitKeys.insert(op.key);
    explicitWrites += op.op != OpKind::Read;
    first = std::min(first, op.at);
    last = std::max(last, op.at);
  }
  explicitOps_ = s.writes.size();
  double generated = 0, generatedWrites = 0, keys = static_cast<double>(explicitKeys.size());
  if (s.workload) {
    const WorkloadSpec& w = *s.workload;
    hasWorkload_ = true;
    document_ = w.document.has_value();
    workloadLeaders_ = w.leaders.size();
    ratePerS_ = w.ratePerS;
    durationS_ = static_cast<double>(w.duration.us()) / 1e6;
    const double mean = ratePerS_ * durationS_;
    const double perLeader = mean + kPoissonSigmas * std::sqrt(mean) + 1;
    generated = perLeader * static_cast<double>(workloadLeaders_);
    generatedWrites = generated * (1.0 - w.readFraction) + kPoissonSigmas * std::sqrt(generated) + 1;
    generatedWrites = std::min(generatedWrites, generated);
    if (w.document) {
      double units = 1;
      if (w.document->granularity != DocumentGranularity::Document) units = w.document->paragraphs;
      if (w.document->granularity == DocumentGranularity::Character) units *= w.document->charsPerParagraph;
      keys += std::min(units, generated);
    } else {
      keys += w.keys;
    }
    first = std::min(first, w.start);
    last = std::max(last, w.start + w.duration);
  }
  generatedOps_ = toCount(generated);
  writes_ = toCount(explicitWrites + generatedWrites);
  keys_ = toCount(keys);
  const double writes = explicitWrites + generatedWrites;
  const double operations = static_cast<double>(explicitOps_) + generated;

  // --- messages ---
  // With forwarding (the default except for all-to-all and single-leader;
  // always with datacenters) a write crosses every link at most once under
  // loop prevention path and seen; without, only its origin's out-links.
  const bool forwardByDefault = t.kind != TopologyKind::AllToAll && t.kind != TopologyKind::SingleLeader;
  const bool forward = !t.datacenters.empty() || s.replication.forward.value_or(forwardByDefault);
  const double perWrite = forward ? links : maxOutDegree + followers;
  const double sent = writes * perWrite;
  messages_ = toCount(sent);
  // Little's law: in flight = send rate × time in flight, with the slowest
  // link's latency (each hop of a forwarded write is a message of its own).
  LinkParams slowest;
  double latencyMs = slowLatencyMs(s.links.defaults);
  for (const EdgeSpec& e : t.edges) {
    slowest = s.links.defaults;
    slowest.apply(e.settings);
    latencyMs = std::max(latencyMs, slowLatencyMs(slowest));
  }
  for (const LinkOverride& o : s.links.overrides) {
    slowest = s.links.defaults;
    slowest.apply(o.settings);
    latencyMs = std::max(latencyMs, slowLatencyMs(slowest));
  }
  for (const DatacenterSpec& dc : t.datacenters) {
    if (!dc.intraLatency) continue;
    slowest = s.links.defaults;
    slowest.latency = *dc.intraLatency;
    latencyMs = std::max(latencyMs, slowLatencyMs(slowest));
  }
  const double spanMs = std::max(static_cast<double>((last - first).us()) / 1000.0, 0.0);
  // A fault stops streams and makes them pile up while it lasts: from the
  // first fault to the last, or to the end when one is never undone.
  double windowMs = latencyMs;
  if (!s.faults.empty()) {
    int undone = 0;  // faults minus the faults that undo them
    SimTime firstFault = s.faults.front().at, lastFault = firstFault;
    for (const FaultSpec& f : s.faults) {
      firstFault = std::min(firstFault, f.at);
      lastFault = std::max(lastFault, f.at);
      switch (f.kind) {
        case FaultKind::Crash: case FaultKind::LinkDown: case FaultKind::Partition: case FaultKind::Offline:
        case FaultKind::CrashDatacenter: ++undone; break;
        case FaultKind::Recover: case FaultKind::LinkUp: case FaultKind::Heal: case FaultKind::Online:
        case FaultKind::RecoverDatacenter: --undone; break;
        default: break;
      }
    }
    windowMs = undone > 0 ? spanMs : windowMs + static_cast<double>((lastFault - firstFault).us()) / 1000.0;
  }
  double inFlight = sent;
  if (spanMs > 0 && windowMs < spanMs) inFlight = std::min(sent, sent * windowMs / spanMs + perWrite);
  // Sync detection: every replica's acknowledgement is in flight as well.
  if (s.replication.conflicts.detect == Detect::Sync) inFlight *= 2;
  inFlight_ = toCount(inFlight);

  // --- bytes ---
  const double writtenKeys = std::min(keys, writes);
  const double nodeBytes = kFixedBytes + n * kPerNode + links * kPerLink;
  const double keyBytes = keys * (kPerKey + n * kPerKeyAtNode) + n * writtenKeys * kPerReportEntry;
  const double operationBytes =
      operations * kPerOperation + writes * kPerWrite + writes * n * kPerApply + inFlight * kPerMessage;
  nodeBytes_ = toCount(nodeBytes);
  keyBytes_ = toCount(keyBytes);
  operationBytes_ = toCount(operationBytes);
}

std::string ResourceEstimate::operationsPath() const {
  if (hasWorkload_ && generatedOps_ >= explicitOps_) return "/workload/rate_per_s";
  return "/writes";
}

std::string ResourceEstimate::keysPath() const {
  if (!hasWorkload_) return "/writes";
  return document_ ? "/workload/document" : "/workload/keys";
}

ScenarioErrors ResourceEstimate::refusals() const {
  ScenarioErrors errors;
  if (operations() > limits_.maxOps) {
    std::string how = plural(explicitOps_, "write", "writes");
    if (hasWorkload_) {
      how = fmt::format("{} × {} per second × {} s{}", plural(workloadLeaders_, "leader", "leaders"),
                        formatNumber(ratePerS_), formatNumber(durationS_),
                        explicitOps_ > 0 ? ", and " + how : std::string());
    }
    errors.push_back({file_, operationsPath(),
                      fmt::format("this scenario would generate about {} operations ({}), more than limits.max_ops "
                                  "({}); make it smaller, or raise limits.max_ops (/limits/max_ops) to run it",
                                  withCommas(operations()), how, withCommas(limits_.maxOps))});
  }
  const uint64_t maxBytes =
      limits_.maxMemoryMb > std::numeric_limits<uint64_t>::max() / (1024 * 1024) ? std::numeric_limits<uint64_t>::max()
                                                                                : limits_.maxMemoryMb * 1024 * 1024;
  if (bytes() > maxBytes) {
    // Blame the largest part, and say what it is made of.
    std::string path = nodesPath_;
    std::string why = fmt::format("{} and {}: {} of replication state", plural(nodes_, "node", "nodes"),
                                  plural(links_, "link", "links"), formatBytes(nodeBytes_));
    if (keyBytes_ > nodeBytes_ && keyBytes_ >= operationBytes_) {
      path = keysPath();
      why = fmt::format("{} at each of {}: {}", plural(keys_, "key", "keys"), plural(nodes_, "node", "nodes"),
                        formatBytes(keyBytes_));
    } else if (operationBytes_ > nodeBytes_) {
      path = operationsPath();
      why = fmt::format("{}, {} applied at {}, up to {} in flight: {}", plural(operations(), "operation", "operations"),
                        plural(writes_, "write", "writes"), plural(nodes_, "node", "nodes"),
                        plural(inFlight_, "message", "messages"), formatBytes(operationBytes_));
    }
    errors.push_back({file_, path,
                      fmt::format("this scenario would need about {} of memory ({}), more than limits.max_memory_mb "
                                  "({} MB); make it smaller, or raise limits.max_memory_mb (/limits/max_memory_mb) "
                                  "to run it",
                                  formatBytes(bytes()), why, withCommas(limits_.maxMemoryMb))});
  }
  return errors;
}

std::string ResourceEstimate::formatBytes(uint64_t bytes) {
  static const char* const kUnits[] = {"bytes", "KB", "MB", "GB", "TB", "PB", "EB"};
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  if (unit == 0) return fmt::format("{} bytes", bytes);
  return value < 10 ? fmt::format("{:.1f} {}", value, kUnits[unit]) : fmt::format("{:.0f} {}", value, kUnits[unit]);
}

}  // namespace replsim
