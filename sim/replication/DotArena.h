#pragma once
// DotArena: short lists of Dots (a write's context, its dependencies)
// stored back to back in blocks that never move, so a list is addressed by
// a plain pointer for as long as it is needed: no allocation per list, and
// no doubling copy (a vector of all of them held 60 MB twice while it grew).
//
// A list is stored at the end of the block being filled, or at the start
// of a new one (twice the last's size, from 256 dots up to 64 Ki; a list
// longer than that gets a block of its own size). The tail a list does not
// fit in stays unused.
//
// Lists can be let go: release(block) says one list in that block is no
// longer needed. A block none of whose lists is needed any more (and that
// is no longer being filled) gives its memory back: a full-size block is
// kept for the next one, so its pages, already written, are reused rather
// than freshly zeroed by the kernel. A caller that never releases gets
// blocks that live as long as the arena.
//
// REQUIRES (release): each stored list is released at most once, and its
// pointer is not read afterwards.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "sim/core/Ids.h"

namespace replsim {

struct Span {
  const Dot* data = nullptr;  // in a DotArena block; null when empty
  uint32_t size = 0;
  uint32_t maxSeq = 0;        // the largest seq in the list (in what was padding): a bound for PendingDeps::prune
};

class DotArena {
 public:
  // A copy of `dots`, and the block it is in (kNone when empty: nothing to release).
  Span store(const std::vector<Dot>& dots, uint32_t* blockOut = nullptr);
  // One list stored in `block` is no longer needed.
  void release(uint32_t block);

  // Dots of memory held in blocks (for tests and the benchmark's notes).
  size_t capacity() const { return capacity_; }

  static constexpr size_t kFirstBlock = 256, kMaxBlock = size_t{1} << 16;  // dots

 private:
  struct Block {
    std::unique_ptr<Dot[]> dots;  // null once given back
    size_t size = 0;
    uint32_t live = 0;            // lists stored here and not released
  };
  // Gives block b's memory back (to spare_ when full-size).
  void recycle(uint32_t b);

  std::vector<Block> blocks_;  // by block id; only the last is being filled
  size_t used_ = 0;            // of the last block
  size_t nextSize_ = kFirstBlock;
  std::vector<std::unique_ptr<Dot[]>> spare_;  // full-size blocks to fill again
  size_t capacity_ = 0;
};

}  // namespace replsim
