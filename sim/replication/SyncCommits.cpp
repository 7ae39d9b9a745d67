#include "sim/replication/SyncCommits.h"

#include <algorithm>
#include <cassert>
#include <utility>

namespace replsim {

void SyncCommits::begin(WriteIndex w, NodeId origin, SimTime now, SimTime clientLatency,
                        std::vector<uint8_t> waitFor) {
  assert(w == entries_.size());
  (void)w;  // only checked
  Entry e;
  e.executedAt = now;
  e.clientLatency = clientLatency;
  e.lastAckAt = now;
  if (origin < waitFor.size()) waitFor[origin] = 0;
  for (uint8_t flag : waitFor) e.acksMissing += flag != 0;
  if (e.acksMissing == 0) {
    e.state = State::Committed;
    e.commitAt = now;
    waitFor.clear();
  }
  entries_.push_back(e);
  waiting_.push_back(std::move(waitFor));
}

bool SyncCommits::ack(WriteIndex w, NodeId from, SimTime arrival) {
  if (!tracked(w)) return false;
  Entry& e = entries_[w];
  std::vector<uint8_t>& waiting = waiting_[w];
  if (e.state != State::Pending || from >= waiting.size() || !waiting[from]) return false;
  waiting[from] = 0;
  e.lastAckAt = std::max(e.lastAckAt, arrival);
  if (--e.acksMissing > 0) return false;
  e.state = State::Committed;
  e.commitAt = e.lastAckAt;
  std::vector<uint8_t>().swap(waiting);
  return true;
}

bool SyncCommits::abort(WriteIndex w, NodeId detectedAt, WriteIndex winner, SimTime noticeAt) {
  Entry& e = entries_[w];
  assert(e.state != State::Committed);
  if (e.state != State::Aborted) {
    e.state = State::Aborted;
    e.abortedAt = detectedAt;
    e.abortedFor = winner;
    std::vector<uint8_t>().swap(waiting_[w]);
  }
  if (noticeAt >= e.noticeAt) return false;
  e.noticeAt = noticeAt;
  return true;
}


}  // namespace replsim
