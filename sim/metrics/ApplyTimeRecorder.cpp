#include "sim/metrics/ApplyTimeRecorder.h"

#include <algorithm>

namespace replsim {

void ApplyTimeRecorder::onClientOp(const ClientOpEvent& e) {
  lastClientOp_ = std::max(lastClientOp_, e.at - e.clientLatency);
  if (e.write == kNone) return;
  // Write indexes are handed out in order, one per successful write.
  origin_.push_back(e.node);
  issuedUs_.push_back(e.at.us());
  reachedUs_.resize(reachedUs_.size() + nodes_, kNever);
}

void ApplyTimeRecorder::onConflict(const ConflictEvent& e) {
  if (e.type == ConflictType::UpdateMissing || e.type == ConflictType::DeleteMissing) reached(e.writes.front(), e.node, e.at);
}

void ApplyTimeRecorder::reached(uint32_t write, uint32_t node, SimTime at) {
  int64_t& slot = reachedUs_[write * nodes_ + node];
  slot = std::min(slot, at.us());
}

}  // namespace replsim
