#include "sim/metrics/RunStats.h"

#include "sim/model/Scenario.h"

namespace replsim {

void RunStats::onClientOp(const ClientOpEvent& e) {
  if (e.op == static_cast<uint8_t>(OpKind::Read)) {
    if (!e.failed) return;  // counted in onRead
    ++reads;
    return;
  }
  ++writesTotal;
  if (e.failed) {
    ++writesFailed;
    ++failedBy[static_cast<size_t>(e.reason)];
    return;
  }
  clientLatencyUs.push_back(e.clientLatency.us());
}

void RunStats::onRead(const ReadEvent& e) {
  ++reads;
  if (e.values.size() >= 2) ++readsWithSiblings;
  if (!e.resolvedBy.empty()) ++readsResolved;
  if (readLog.size() < kLogCap)
    readLog.push_back(ReadRecord{e.at, e.node, e.key, e.values, e.resolvedBy, e.resolvedValue});
}

void RunStats::onSent(const MessageEvent&) { ++sent; }

void RunStats::onDelivered(const MessageEvent& e) {
  ++delivered;
  if (e.missingDep != UINT32_MAX) ++overtaken;
  if (e.held) ++heldCausal;
}

void RunStats::onDropped(const MessageEvent& e) { ++dropped[static_cast<size_t>(e.reason)]; }

void RunStats::onApplied(const ApplyEvent& e) {
  if (e.heldFor > SimTime::zero()) heldUs.push_back(e.heldFor.us());
}

void RunStats::onConflict(const ConflictEvent& e) {
  ++conflictsDetected;
  if (e.by != "skip") ++conflictsResolved;
  if (e.type == ConflictType::UpdateMissing) ++updateBeforeInsert;
  if (e.type == ConflictType::DeleteMissing) ++deleteMissing;
  discardedTotal += e.discarded.size();
  for (uint32_t d : e.discarded) {  // skipped anomalies too: the write is lost at that replica
    if (d >= discarded_.size()) discarded_.resize(d + 1, 0);
    discarded_[d] = 1;
  }
  if (conflictLog.size() < kLogCap)
    conflictLog.push_back(ConflictRecord{e.at, e.node, e.key, e.type, e.writes, e.kept, e.discarded, std::string(e.by),
                                         e.causallyLater, e.resolvedValue});
}

void RunStats::onStream(const StreamEvent& e) {
  if (e.resumed) ++streamsResumed; else ++streamsStopped;
}

void RunStats::onCommit(const CommitEvent& e) {
  if (e.aborted) {
    ++writesAborted;
    if (abortLog.size() < kLogCap) abortLog.push_back(AbortRecord{e.at, e.node, e.write, e.latency, e.detectedAt, e.winner});
    return;
  }
  ++writesCommitted;
  commitLatencyUs.push_back(e.latency.us());
  if (e.write >= committed_.size()) committed_.resize(e.write + 1, 0);
  committed_[e.write] = 1;
}

uint64_t RunStats::distinctDiscarded() const {
  uint64_t n = 0;
  for (uint8_t d : discarded_) n += d;
  return n;
}

uint64_t RunStats::committedThenDiscarded() const {
  uint64_t n = 0;
  for (size_t w = 0; w < committed_.size() && w < discarded_.size(); ++w) n += committed_[w] && discarded_[w];
  return n;
}

}  // namespace replsim
