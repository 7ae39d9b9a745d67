#pragma once
// PathTable: the paths replicated writes have travelled, as a persistent
// (shared-prefix) tree.
//
// A path is a node of this tree: (node id, parent path, hop count). Extending
// a path by one hop appends one 12-byte entry and never copies the prefix,
// so forwarding costs O(1) whatever the path's length. The origin's path
// (length 1) is the root of each write's subtree.
//
// contains() walks towards the root and so costs O(path length); callers
// (loop prevention) first ask cheaper questions that settle almost every case
// in O(1) — see Simulation::loopDropReason.

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/Ids.h"

namespace replsim {


class PathTable {
 public:
  PathId root(NodeId origin);
  PathId extend(PathId path, NodeId node);
  NodeId last(PathId p) const { return entries_[p].node; }
  uint32_t hops(PathId p) const { return entries_[p].length - 1; }
  uint32_t length(PathId p) const { return entries_[p].length; }
  bool contains(PathId p, NodeId node) const;
  // Nodes from origin to last.
  std::vector<NodeId> nodes(PathId p) const;
  size_t size() const { return entries_.size(); }
  void reserve(size_t n) { entries_.reserve(n); }

 private:
  struct Entry {
    NodeId node;
    PathId parent;    // kNoParent for a root
    uint32_t length;  // number of nodes on the path
  };
  static constexpr PathId kNoParent = UINT32_MAX;
  std::vector<Entry> entries_;
};

}  // namespace replsim
