#include "sim/replication/PathTable.h"

#include <algorithm>
#include <bit>

namespace replsim {

PathTable::PathTable(size_t nodeCount, uint64_t exactLength) {
  if (nodeCount == 0 || exactLength == 0) return;
  // The length field must hold exactLength + 1 (the saturated mark) too.
  const unsigned nodeBits = std::max(1u, static_cast<unsigned>(std::bit_width(nodeCount - 1)));
  const unsigned lengthBits = static_cast<unsigned>(std::bit_width(exactLength + 1));
  if (nodeBits + lengthBits > 32) return;
  isPacked_ = true;
  nodeBits_ = nodeBits;
  nodeMask_ = static_cast<uint32_t>((uint64_t{1} << nodeBits) - 1);
  lengthCap_ = static_cast<uint32_t>((uint64_t{1} << (32 - nodeBits)) - 1);
}

PathId PathTable::append(NodeId node, PathId parent, uint32_t length) {
  const size_t slot = size_ & kSlotMask;
  if (isPacked_) {
    if (slot == 0) packedBlocks_.push_back(std::make_unique_for_overwrite<Packed[]>(size_t{1} << kBlockBits));
    const uint32_t stored = std::min(length, lengthCap_);
    packedBlocks_.back()[slot] = Packed{node | (stored << nodeBits_), parent};
  } else {
    if (slot == 0) wideBlocks_.push_back(std::make_unique_for_overwrite<Wide[]>(size_t{1} << kBlockBits));
    wideBlocks_.back()[slot] = Wide{node, parent, length};
  }
  return static_cast<PathId>(size_++);
}

PathId PathTable::root(NodeId origin) { return append(origin, kNoParent, 1); }

PathId PathTable::extend(PathId path, NodeId node) {
  if (!isPacked_) return append(node, path, wide(path).length + 1);
  // (a saturated parent's child is saturated too: length() counts them)
  return append(node, path, (packed(path).nodeAndLength >> nodeBits_) + 1);
}

uint32_t PathTable::length(PathId p) const {
  if (!isPacked_) return wide(p).length;
  const uint32_t stored = packed(p).nodeAndLength >> nodeBits_;
  if (stored < lengthCap_) return stored;
  uint32_t n = 0;  // saturated: count the nodes
  for (PathId at = p; at != kNoParent; at = parent(at)) ++n;
  return n;
}

bool PathTable::contains(PathId p, NodeId n) const {
  for (PathId at = p; at != kNoParent; at = parent(at))
    if (node(at) == n) return true;
  return false;
}

std::vector<NodeId> PathTable::nodes(PathId p) const {
  std::vector<NodeId> out;
  for (PathId at = p; at != kNoParent; at = parent(at)) out.push_back(node(at));
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace replsim
