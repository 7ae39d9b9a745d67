#pragma once
// PathTable: the paths replicated writes have travelled, as a persistent
// (shared-prefix) tree.
//
// A path is a node of this tree: (node id, parent path, hop count). Extending
// a path by one hop appends one 12-byte entry and never copies the prefix,
// so forwarding costs O(1) whatever the path's length. The origin's path
// (length 1) is the root of each write's subtree.
//
// Entries live in fixed-size blocks that never move: a run's path table
// grows to one entry per hop (10 million on a ring of 1,000 leaders), and a
// vector's doubling would copy all of it and briefly hold it twice.
//
// contains() walks towards the root and so costs O(path length); callers
// (loop prevention) first ask cheaper questions that settle almost every case
// in O(1) — see Simulation::loopDropReason.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/Ids.h"

namespace replsim {


class PathTable {
 public:
  PathId root(NodeId origin);
  PathId extend(PathId path, NodeId node);
  NodeId last(PathId p) const { return entry(p).node; }
  uint32_t hops(PathId p) const { return entry(p).length - 1; }
  uint32_t length(PathId p) const { return entry(p).length; }
  bool contains(PathId p, NodeId node) const;
  // Nodes from origin to last.
  std::vector<NodeId> nodes(PathId p) const;
  size_t size() const { return size_; }
  void reserve(size_t n) { blocks_.reserve((n >> kBlockBits) + 1); }

 private:
  struct Entry {
    NodeId node;
    PathId parent;    // kNoParent for a root
    uint32_t length;  // number of nodes on the path
  };
  static constexpr PathId kNoParent = UINT32_MAX;
  static constexpr unsigned kBlockBits = 16;  // 65,536 entries (768 KiB) a block
  const Entry& entry(PathId p) const { return blocks_[p >> kBlockBits][p & ((1u << kBlockBits) - 1)]; }
  PathId append(Entry e);
  std::vector<std::unique_ptr<Entry[]>> blocks_;
  size_t size_ = 0;
};

}  // namespace replsim
