#pragma once
// RunStats: an observer that counts what happened during a run — the
// numbers behind the JSON and text reports.
//
// It only counts and records; it formats nothing. Logs that could grow with
// the run (conflicts, discarded writes, reads) keep their first kLogCap
// entries and the total, so a huge workload cannot make the report huge.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/SimObserver.h"

namespace replsim {

class Simulation;

struct ConflictRecord {
  SimTime at;
  uint32_t node;
  uint32_t key;
  ConflictType type;
  std::vector<uint32_t> writes, kept, discarded;
  std::string by;
  bool causallyLater = false;
  std::string resolvedValue;
};

struct ReadRecord {
  SimTime at;
  uint32_t node;
  uint32_t key;
  std::vector<std::string> values;
  std::string resolvedBy, resolvedValue;
};

struct AbortRecord {
  SimTime at;          // when the client learned it
  uint32_t node;       // the write's origin
  uint32_t write;
  SimTime latency;     // what the attempt cost the client
  uint32_t detectedAt;
  uint32_t winner;
};

class RunStats final : public SimObserver {
 public:
  static constexpr size_t kLogCap = 1000;

  void onClientOp(const ClientOpEvent& e) override;
  void onRead(const ReadEvent& e) override;
  void onSent(const MessageEvent& e) override;
  void onDelivered(const MessageEvent& e) override;
  void onDropped(const MessageEvent& e) override;
  void onApplied(const ApplyEvent& e) override;
  void onConflict(const ConflictEvent& e) override;
  void onStream(const StreamEvent& e) override;
  void onCommit(const CommitEvent& e) override;

  // Committed writes that some replica later discarded (in a conflict, or
  // skipped as update-before-insert): the client was told "done", and the
  // write was thrown away anyway.
  uint64_t committedThenDiscarded() const;
  // Distinct writes that some replica discarded (a conflict or a skipped
  // anomaly; a write lost
  // at three replicas counts once here, three times in discardedTotal).
  uint64_t distinctDiscarded() const;

  uint64_t sent = 0, delivered = 0, overtaken = 0, heldCausal = 0;
  std::array<uint64_t, 4> dropped{};  // by DropReason
  uint64_t writesTotal = 0, writesFailed = 0;
  std::array<uint64_t, 4> failedBy{};  // by FailReason
  uint64_t reads = 0, readsWithSiblings = 0, readsResolved = 0;
  std::vector<int64_t> clientLatencyUs;  // successful writes: request → executed at its leader
  std::vector<ReadRecord> readLog;
  uint64_t conflictsDetected = 0, conflictsResolved = 0, discardedTotal = 0;
  uint64_t updateBeforeInsert = 0, deleteMissing = 0;
  std::vector<ConflictRecord> conflictLog;
  uint64_t streamsStopped = 0, streamsResumed = 0;
  std::vector<int64_t> heldUs;  // how long each held write waited
  uint64_t writesCommitted = 0, writesAborted = 0;
  std::vector<int64_t> commitLatencyUs;  // committed writes: request → the client is told
  std::vector<AbortRecord> abortLog;
 private:
  std::vector<uint8_t> committed_, discarded_;  // by write index
};

}  // namespace replsim
