#include "sim/replication/WorkloadGenerator.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>

namespace replsim {

ZipfSampler::ZipfSampler(int n, double s) {
  cdf_.reserve(static_cast<size_t>(n));
  double sum = 0.0;
  for (int i = 1; i <= n; ++i) {
    sum += 1.0 / std::pow(static_cast<double>(i), s);
    cdf_.push_back(sum);
  }
  for (double& c : cdf_) c /= sum;
}

int ZipfSampler::sample(Random& rng) const {
  const double u = rng.uniform01();
  auto it = std::upper_bound(cdf_.begin(), cdf_.end(), u);
  if (it == cdf_.end()) --it;
  return static_cast<int>(it - cdf_.begin());
}

std::string documentUnitKey(DocumentGranularity granularity, int paragraph, int character) {
  switch (granularity) {
    case DocumentGranularity::Document: return "doc";
    case DocumentGranularity::Paragraph: return "doc/p" + std::to_string(paragraph);
    case DocumentGranularity::Character:
      return "doc/p" + std::to_string(paragraph) + "/c" + std::to_string(character);
  }
  return "doc";
}

std::vector<PlannedOp> planClientOps(const Scenario& scenario, const Topology& topology, Random& rng,
                                     const std::function<KeyId(const std::string&)>& internKey) {
  std::vector<PlannedOp> ops;
  const auto& dcs = scenario.topology.datacenters;
  auto dcIndex = [&dcs](auto&& matches) {
    for (uint32_t d = 0; d < dcs.size(); ++d)
      if (matches(dcs[d])) return d;
    return UINT32_MAX;
  };
  for (const ClientOp& w : scenario.writes) {
    PlannedOp op;
    op.at = w.at;
    if (!w.dc.empty()) {
      op.dc = dcIndex([&](const DatacenterSpec& d) { return d.name == w.dc; });
      op.node = *topology.find(dcs[op.dc].leader);
    } else {
      op.node = *topology.find(w.leader);
    }
    op.key = internKey(w.key);
    op.op = w.op;
    op.value = w.value;
    ops.push_back(std::move(op));
  }
  if (scenario.workload) {
    const WorkloadSpec& wl = *scenario.workload;
    const std::optional<DocumentSpec>& document = wl.document;
    std::vector<KeyId> keys;
    if (!document)
      for (int k = 1; k <= wl.keys; ++k) keys.push_back(internKey(std::string("k").append(std::to_string(k))));
    std::optional<ZipfSampler> zipf;
    if (wl.zipf && !document) zipf.emplace(wl.keys, wl.zipfS);
    // The key of the next operation: a document edit draws a paragraph and
    // a character offset (always both: see the header), else a key k1..kN.
    auto drawKey = [&]() -> KeyId {
      if (document) {
        const int paragraph = static_cast<int>(rng.below(static_cast<uint64_t>(document->paragraphs)));
        const int character = static_cast<int>(rng.below(static_cast<uint64_t>(document->charsPerParagraph)));
        return internKey(documentUnitKey(document->granularity, paragraph, character));
      }
      return keys[static_cast<size_t>(zipf ? zipf->sample(rng) : static_cast<int>(rng.below(keys.size())))];
    };
    double totalWeight = 0.0;
    for (const auto& [kind, weight] : wl.ops) totalWeight += weight;
    const double meanGapMs = 1000.0 / wl.ratePerS;
    const SimTime end = wl.start + wl.duration;
    for (const std::string& leader : wl.leaders) {
      const NodeId node = *topology.find(leader);
      const uint32_t dc = dcIndex([&](const DatacenterSpec& d) { return d.leader == leader; });
      uint64_t n = 0;
      SimTime t = wl.start + SimTime::fromMs(rng.exponential(meanGapMs));
      while (t < end) {
        // The ResourceEstimate refuses a scenario whose workload may exceed
        // limits.max_ops (by an upper bound of the Poisson count); this makes
        // the bound hard, so generation never allocates beyond it.
        if (ops.size() >= scenario.limits.maxOps)
          throw std::length_error("the workload generated more than limits.max_ops (" +
                                  std::to_string(scenario.limits.maxOps) +
                                  ") operations, which its resource estimate should have prevented");
        PlannedOp op;
        op.at = t;
        op.node = node;
        op.dc = dc;
        op.key = drawKey();
        if (rng.bernoulli(wl.readFraction)) {
          op.op = OpKind::Read;
        } else {
          double pick = rng.uniform(0.0, totalWeight);
          op.op = wl.ops.back().first;
          for (const auto& [kind, weight] : wl.ops) {
            if (pick < weight) { op.op = kind; break; }
            pick -= weight;
          }
          op.value = op.op == OpKind::Incr ? "1" : leader + "." + std::to_string(++n);
        }
        ops.push_back(std::move(op));
        t += SimTime::fromMs(rng.exponential(meanGapMs));
      }
    }
  }
  std::stable_sort(ops.begin(), ops.end(), [](const PlannedOp& a, const PlannedOp& b) { return a.at < b.at; });
  return ops;
}

}  // namespace replsim
