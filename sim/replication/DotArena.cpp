#include "sim/replication/DotArena.h"

#include <algorithm>

namespace replsim {

Span DotArena::store(const std::vector<Dot>& dots, uint32_t* blockOut) {
  if (blockOut) *blockOut = kNone;
  if (dots.empty()) return Span{};
  if (blocks_.empty() || blocks_.back().size - used_ < dots.size()) {
    // A new block; the one being filled may now be given back.
    if (!blocks_.empty() && blocks_.back().live == 0) recycle(static_cast<uint32_t>(blocks_.size() - 1));
    Block block;
    block.size = std::max(dots.size(), nextSize_);
    if (block.size == kMaxBlock && !spare_.empty()) {
      block.dots = std::move(spare_.back());
      spare_.pop_back();
    } else {
      block.dots = std::make_unique_for_overwrite<Dot[]>(block.size);
      capacity_ += block.size;
    }
    nextSize_ = std::min(2 * nextSize_, kMaxBlock);
    blocks_.push_back(std::move(block));
    used_ = 0;
  }
  Block& block = blocks_.back();
  Dot* at = block.dots.get() + used_;
  std::copy(dots.begin(), dots.end(), at);
  used_ += dots.size();
  ++block.live;
  if (blockOut) *blockOut = static_cast<uint32_t>(blocks_.size() - 1);
  uint32_t maxSeq = 0;
  for (const Dot& d : dots) maxSeq = std::max(maxSeq, d.seq);
  return Span{at, static_cast<uint32_t>(dots.size()), maxSeq};
}

void DotArena::release(uint32_t b) {
  if (b == kNone) return;
  Block& block = blocks_[b];
  if (--block.live == 0 && b + 1 != blocks_.size()) recycle(b);
}

void DotArena::recycle(uint32_t b) {
  Block& block = blocks_[b];
  if (block.size == kMaxBlock) spare_.push_back(std::move(block.dots));
  else capacity_ -= block.size;
  block.dots.reset();
}

}  // namespace replsim
