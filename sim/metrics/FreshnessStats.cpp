#include "sim/metrics/FreshnessStats.h"

#include "sim/replication/Simulation.h"

namespace replsim {

FreshnessStats::FreshnessStats(const Simulation& sim)
    : lagUs_(sim.nodeCount()), sim_(sim), writesByKey_(sim.keyCount()) {}

void FreshnessStats::onClientOp(const ClientOpEvent& e) {
  if (e.failed || e.write == UINT32_MAX) return;
  writesByKey_[e.key].push_back(e.write);
}

void FreshnessStats::onApplied(const ApplyEvent& e) {
  if (e.local) return;
  const WriteRecord& w = sim_.writes()[e.write];
  if (w.dot.origin == e.node) return;
  pendingLag_.push_back(LagSample{e.node, (e.at - w.issuedAt).us()});
  if (pendingLag_.size() >= kLagBatch) flushLag();
}

void FreshnessStats::flushLag() const {
  if (pendingLag_.empty()) return;
  for (const LagSample& s : pendingLag_) lagUs_[s.node].add(s.us);
  pendingLag_.clear();
}

void FreshnessStats::onRead(const ReadEvent& e) {
  // Writes to the key in issue order: the first one issued before the read
  // that this replica has not processed is the oldest it misses.
  std::optional<SimTime> staleness;
  const Replica& r = sim_.replica(e.node);
  for (uint32_t w : writesByKey_[e.key]) {
    const WriteRecord& rec = sim_.writes()[w];
    if (rec.issuedAt >= e.at) break;
    if (thrownAway_.size() > w && thrownAway_[w]) continue;
    if (r.processed.contains(rec.dot)) continue;
    staleness = e.at - rec.issuedAt;
    break;
  }
  if (staleness) {
    ++staleReads;
    stalenessUs.push_back(staleness->us());
  }
  if (readStaleness.size() < kLogCap) readStaleness.push_back(staleness);
}

void FreshnessStats::onFailover(const FailoverEvent& e) {
  failovers.push_back(FailoverRecord{e, std::nullopt});
  if (e.replay) return;  // replayed later: late, not gone
  for (uint32_t w : e.lost) {
    if (thrownAway_.size() <= w) thrownAway_.resize(w + 1, 0);
    thrownAway_[w] = 1;
  }
}

void FreshnessStats::onRejoin(const RejoinEvent& e) {
  for (auto it = failovers.rbegin(); it != failovers.rend(); ++it)
    if (it->failover.oldLeader == e.node && !it->rejoin) {
      it->rejoin = e;
      return;
    }
}

}  // namespace replsim
