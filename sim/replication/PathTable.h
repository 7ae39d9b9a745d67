#pragma once
// PathTable: the paths replicated writes have travelled, as a persistent
// (shared-prefix) tree.
//
// A path is a node of this tree: (node id, parent path, hop count). Extending
// a path by one hop appends one entry and never copies the prefix, so
// forwarding costs O(1) whatever the path's length. The origin's path
// (length 1) is the root of each write's subtree.
//
// An entry is 8 bytes when the node id and the length fit in 32 bits
// together (the table is told the node count and the longest path it must
// count exactly), 12 bytes otherwise: a run's table grows to one entry per
// hop (10 million on a ring of 1,000 leaders), and every byte is fresh
// memory. Packed, a length above `exactLength` is stored saturated and
// length() walks the path to count it — never on a run, whose paths are at
// most max_hops + 1 long.
//
// Entries live in fixed-size blocks that never move: a vector's doubling
// would copy all of it and briefly hold it twice.
//
// contains() walks towards the root and so costs O(path length); callers
// (loop prevention) first ask cheaper questions that settle almost every case
// in O(1) — see LoopGuard.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/Ids.h"

namespace replsim {

class PathTable {
 public:
  // Entries packed in 8 bytes when node ids below `nodeCount` and lengths
  // up to `exactLength` fit in 32 bits together (0, 0: always 12 bytes).
  explicit PathTable(size_t nodeCount = 0, uint64_t exactLength = 0);

  PathId root(NodeId origin);
  PathId extend(PathId path, NodeId node);
  NodeId last(PathId p) const { return node(p); }
  uint32_t hops(PathId p) const { return length(p) - 1; }
  uint32_t length(PathId p) const;
  bool contains(PathId p, NodeId node) const;
  // Nodes from origin to last.
  std::vector<NodeId> nodes(PathId p) const;
  size_t size() const { return size_; }
  // Bytes per entry (8 or 12).
  size_t entryBytes() const { return isPacked_ ? sizeof(Packed) : sizeof(Wide); }

 private:
  struct Wide {
    NodeId node;
    PathId parent;    // kNoParent for a root
    uint32_t length;  // number of nodes on the path
  };
  struct Packed {
    uint32_t nodeAndLength;  // node in the low nodeBits_, length (saturated at lengthCap_) above
    PathId parent;
  };
  static constexpr PathId kNoParent = UINT32_MAX;
  static constexpr unsigned kBlockBits = 16;  // 65,536 entries a block
  static constexpr uint32_t kSlotMask = (1u << kBlockBits) - 1;
  const Wide& wide(PathId p) const { return wideBlocks_[p >> kBlockBits][p & kSlotMask]; }
  const Packed& packed(PathId p) const { return packedBlocks_[p >> kBlockBits][p & kSlotMask]; }
  NodeId node(PathId p) const { return isPacked_ ? packed(p).nodeAndLength & nodeMask_ : wide(p).node; }
  PathId parent(PathId p) const { return isPacked_ ? packed(p).parent : wide(p).parent; }
  PathId append(NodeId node, PathId parent, uint32_t length);

  bool isPacked_ = false;
  unsigned nodeBits_ = 0;
  uint32_t nodeMask_ = 0;
  uint32_t lengthCap_ = 0;  // packed: a stored length this large means "this or more"
  std::vector<std::unique_ptr<Wide[]>> wideBlocks_;
  std::vector<std::unique_ptr<Packed[]>> packedBlocks_;
  size_t size_ = 0;
};

}  // namespace replsim
