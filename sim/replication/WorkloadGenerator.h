#pragma once
// WorkloadGenerator: turns a scenario's explicit `writes` and its generated
// `workload` into one time-ordered list of client operations.
//
// The workload is reproducible from the seed: each listed leader issues
// operations as a Poisson process of rate_per_s (exponential gaps), keys
// k1..kN drawn uniformly or by a Zipf law (our own inverse-CDF sampler, so
// the numbers are the same on every platform), reads with read_fraction,
// write ops by their weights. Generated values are "<leader>.<n>".
// Order: by time; at equal times explicit writes (file order) come before
// generated ones (leader order, then generation order).
//
// With a `document` (collaborative editing), each operation is an edit at
// a position drawn uniformly — a paragraph, then a character offset in it —
// and its key is the unit that contains that position at the chosen
// granularity (documentUnitKey). Invariant: both positions are drawn for
// every operation whatever the granularity, so the random stream, and with
// it every time, leader, op and value, is identical for the three
// granularities; only the key mapping differs. Keys are interned when first
// used, so a large document costs nothing for the units never edited.
//
// With datacenters the workload's leaders stand for their datacenters: a
// generated operation is a client of that datacenter (PlannedOp::dc), so it
// follows the datacenter's leader through a failover.

#include <functional>
#include <string>
#include <vector>

#include "sim/core/Random.h"
#include "sim/replication/WriteLog.h"
#include "sim/model/Scenario.h"
#include "sim/topology/Topology.h"

namespace replsim {

struct PlannedOp {
  SimTime at;
  NodeId node = 0;
  KeyId key = 0;
  OpKind op = OpKind::Set;
  std::string value;  // incr: the delta
  // Datacenters: the index of the client's datacenter when the operation
  // names it ("dc", or generated for a datacenter's leader; `node` is then
  // that datacenter's original leader), UINT32_MAX when it names a node.
  uint32_t dc = UINT32_MAX;
};

// The key a document edit at (paragraph, character), both 0-based, writes:
// "doc", "doc/p<paragraph>" or "doc/p<paragraph>/c<character>".
std::string documentUnitKey(DocumentGranularity granularity, int paragraph, int character);

// Throws std::length_error (a bug: the loader's ResourceEstimate refuses
// such a scenario) rather than plan more than limits.max_ops operations.
std::vector<PlannedOp> planClientOps(const Scenario& scenario, const Topology& topology, Random& rng,
                                     const std::function<KeyId(const std::string&)>& internKey);

// Zipf(s) over ranks 1..n via a precomputed CDF.
class ZipfSampler {
 public:
  ZipfSampler(int n, double s);
  int sample(Random& rng) const;  // 0-based rank
 private:
  std::vector<double> cdf_;
};

}  // namespace replsim
