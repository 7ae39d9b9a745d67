#pragma once
// LeaderlessStats: what the leaderless protocol counts that no observer
// hook carries — quorum outcomes and the staleness of quorum reads
// (docs/leaderless.md and docs/report-format.md define each field).
//
// Plain data filled by LeaderlessProtocol and read by the reports.
// Definitions (a write is "committed" when its coordinator has w acks, its
// own store counting as one when it is a replica):
//   * a read is stale when some write to its key committed strictly before
//     the read began is newer (by lww: timestamp, then origin name) than the
//     write the read returned (a not-found read returns nothing, older than
//     every write); with siblings, when such a write's dot is in neither the
//     returned siblings nor the context they came with (the read neither
//     returns it nor anything that replaced it);
//   * stale_versions: over the stale reads, how many such newer committed
//     writes each missed, summed;
//   * staleness: per stale read, the read's start minus the commit time of
//     the earliest-committed write it missed (how long the newer data had
//     been confirmed to a client).

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/core/SimTime.h"

namespace replsim {

struct LeaderlessStats {
  uint64_t writesCommitted = 0;
  uint64_t writesFailed = 0;         // no w acks within quorum.timeout_ms
  uint64_t readsAnswered = 0;
  uint64_t readsFailed = 0;          // no r answers within quorum.timeout_ms
  uint64_t staleReads = 0;
  uint64_t maxSiblings = 0;          // siblings: the most values one answered read returned
  uint64_t staleVersions = 0;
  std::vector<int64_t> stalenessUs;  // per stale read
  // Per answered read, in answer order (the order of onRead): its staleness when stale.
  std::vector<std::optional<SimTime>> readStaleness;
  std::vector<uint32_t> failedWrites;  // WriteIndex of each failed write, in order of failure
  uint64_t hintsStored = 0;             // writes a fallback node accepted for an unreachable replica
  uint64_t hintsDelivered = 0;          // hints that reached their owner
  uint64_t hintsExpired = 0;            // hints dropped after quorum.hint_window_ms
  uint64_t tombstonesPurged = 0;        // tombstones dropped after tombstones.gc_grace_ms
  // A replica stored a write older (lww) than a delete of the same key that
  // it had applied and then purged: the deleted value is back.
  uint64_t resurrected = 0;
  uint64_t readRepairs = 0;
  // anti_entropy: rounds run, replica pairs compared, keys shipped, the
  // messages (two tree exchanges per pair compared, one per key shipped)
  // and bytes (16 per tree node compared, 16 + key + value per key shipped).
  uint64_t aeRounds = 0;
  uint64_t aePairs = 0;
  uint64_t aeKeysRepaired = 0;
  uint64_t aeMessages = 0;
  uint64_t aeBytes = 0;            // replicas a read repair was sent to (or stored at, the coordinator's own)
  uint64_t requestsNotSent = 0;        // requests a coordinator did not send: the link was down
  uint64_t lateAnswers = 0;            // acks and read answers that came after their operation ended
};

}  // namespace replsim
