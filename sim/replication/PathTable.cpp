#include "sim/replication/PathTable.h"

#include <algorithm>

namespace replsim {

PathId PathTable::append(Entry e) {
  const size_t slot = size_ & ((size_t{1} << kBlockBits) - 1);
  if (slot == 0) blocks_.push_back(std::make_unique_for_overwrite<Entry[]>(size_t{1} << kBlockBits));
  blocks_.back()[slot] = e;
  return static_cast<PathId>(size_++);
}

PathId PathTable::root(NodeId origin) { return append(Entry{origin, kNoParent, 1}); }

PathId PathTable::extend(PathId path, NodeId node) { return append(Entry{node, path, entry(path).length + 1}); }

bool PathTable::contains(PathId p, NodeId node) const {
  for (PathId at = p; at != kNoParent; at = entry(at).parent)
    if (entry(at).node == node) return true;
  return false;
}

std::vector<NodeId> PathTable::nodes(PathId p) const {
  std::vector<NodeId> out;
  for (PathId at = p; at != kNoParent; at = entry(at).parent) out.push_back(entry(at).node);
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace replsim
