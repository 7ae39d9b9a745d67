#pragma once
// WriteLog: every client write of a run, stored once, addressed by index.
//
// A replicated write travels as a small message that refers to its record
// here, so forwarding a write never copies its value, its key context or its
// dependencies. Two small variable-length lists per write live in arenas
// (DotArena: no allocation per write, no doubling copy):
//   * context: the key's causal context at the origin when it wrote, plus the
//     write's own dot — (origin, seq) pairs, at most one per origin, sorted
//     by origin. Two writes to a key conflict when neither context covers the
//     other's dot. Its size is the number of origins that wrote the key, not
//     the number of leaders. Kept for the whole run (keys refer to it).
//   * deps: the write's direct causal predecessors besides the origin's own
//     previous write: for each other origin, the highest seq of its writes
//     that the origin applied since its previous write, minus those already
//     implied by another dependency. Applying everything in deps (and the
//     origin's previous write) before this write is causal order. Only a
//     replica that has not processed the write yet reads them, so once every
//     replica has, they may be let go (recycleDepsAfter): on an all-to-all
//     of 128 leaders x 500 writes they are 64 MB kept to the end otherwise,
//     of which a few hundred KB are in use at any time.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/Ids.h"
#include "sim/core/SimTime.h"
#include "sim/model/Scenario.h"
#include "sim/replication/DotArena.h"
#include "sim/topology/Topology.h"

namespace replsim {


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

  // From now on a write's dependency list is let go once `replicas`
  // replicas have processed it (noteProcessed), and then reads as empty.
  // REQUIRES: called before the first add; no replica reads the dependencies
  // of a write it has processed, and none processes a write twice (no
  // failover copies a processed set): the caller enables it only then.
  void recycleDepsAfter(uint32_t replicas) { recycleAfter_ = replicas; }
  // One more replica processed w. True when that was the last of the
  // `replicas` recycleDepsAfter counts (never without recycling): nothing
  // reads w's dependencies, or merges w into a key, any more.
  bool noteProcessed(WriteIndex w) {
    if (recycleAfter_ == 0 || ++processedBy_[w] != recycleAfter_) return false;
    releaseDeps(w);
    return true;
  }
  // Dots of memory the dependency lists hold (the benchmark's notes, tests).
  size_t depsCapacity() const { return deps_.capacity(); }

 private:
  void releaseDeps(WriteIndex w);

  std::vector<WriteRecord> writes_;
  DotArena contexts_;
  DotArena deps_;
  std::vector<std::vector<WriteIndex>> byOrigin_;  // [origin][seq-1]
  uint32_t recycleAfter_ = 0;           // 0: dependency lists are kept
  std::vector<uint32_t> depsBlock_;     // per write, while recycling: its list's block
  std::vector<uint32_t> processedBy_;   // per write, while recycling: replicas that processed it
};

}  // namespace replsim
