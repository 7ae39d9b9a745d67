#pragma once
// WriteLog: every client write of a run, stored once, addressed by index.
//
// A replicated write travels as a small message that refers to its record
// here, so forwarding a write never copies its value, its key context or its
// dependencies. Two small variable-length lists per write live in shared
// arena blocks that never move (no allocation per write, and no doubling
// copy: on all-to-all 128 x 500 the lists are 60 MB or more, and a vector's
// growth held them twice):
//   * context: the key's causal context at the origin when it wrote, plus the
//     write's own dot — (origin, seq) pairs, at most one per origin, sorted
//     by origin. Two writes to a key conflict when neither context covers the
//     other's dot. Its size is the number of origins that wrote the key, not
//     the number of leaders.
//   * deps: the write's direct causal predecessors besides the origin's own
//     previous write: for each other origin, the highest seq of its writes
//     that the origin applied since its previous write, minus those already
//     implied by another dependency. Applying everything in deps (and the
//     origin's previous write) before this write is causal order.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/Ids.h"
#include "sim/core/SimTime.h"
#include "sim/model/Scenario.h"
#include "sim/topology/Topology.h"

namespace replsim {


struct Span {
  const Dot* data = nullptr;  // in the WriteLog's arena (blocks never move); null when empty
  uint32_t size = 0;
  uint32_t maxSeq = 0;        // the largest seq in the list (in what was padding): a bound for PendingDeps::prune
};

struct WriteRecord {
  Dot dot;
  OpKind op = OpKind::Set;
  KeyId key = 0;
  SimTime issuedAt;
  int64_t timestamp = 0;    // Lamport counter, or wall-clock microseconds (may be negative), for lww
  uint64_t valueHash = 0;   // hash of the resulting value (0 for delete)
  int64_t delta = 0;        // incr only
  std::string value;        // the resulting value at the origin (empty for delete)
  Span context;
  Span deps;
};

class WriteLog {
 public:
  WriteIndex add(WriteRecord record, const std::vector<Dot>& context, const std::vector<Dot>& deps);
  const WriteRecord& operator[](WriteIndex w) const { return writes_[w]; }
  size_t size() const { return writes_.size(); }
  const Dot* contextBegin(WriteIndex w) const { return writes_[w].context.data; }
  const Dot* contextEnd(WriteIndex w) const { return contextBegin(w) + writes_[w].context.size; }
  const Dot* depsBegin(WriteIndex w) const { return writes_[w].deps.data; }
  const Dot* depsEnd(WriteIndex w) const { return depsBegin(w) + writes_[w].deps.size; }
  uint32_t depsMaxSeq(WriteIndex w) const { return writes_[w].deps.maxSeq; }
  // The write with this dot, if any. O(1).
  WriteIndex find(Dot d) const;
  void reserve(size_t writes);

 private:
  // A copy of `dots` in the arena: at the end of the last block, or at the
  // start of a new one (twice the last's size, from 256 dots up to 64 Ki; a
  // list longer than that gets a block of its own size). The tail a list
  // does not fit in stays unused: at most one list per block.
  Span store(const std::vector<Dot>& dots);
  static constexpr size_t kFirstBlock = 256, kMaxBlock = size_t{1} << 16;  // dots

  std::vector<WriteRecord> writes_;
  std::vector<std::unique_ptr<Dot[]>> blocks_;
  size_t blockSize_ = 0;  // of the last block
  size_t blockUsed_ = 0;
  std::vector<std::vector<WriteIndex>> byOrigin_;  // [origin][seq-1]
};

}  // namespace replsim
