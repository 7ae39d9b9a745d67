#include "sim/replication/PathTable.h"

#include <algorithm>

namespace replsim {

PathId PathTable::root(NodeId origin) {
  entries_.push_back(Entry{origin, kNoParent, 1});
  return static_cast<PathId>(entries_.size() - 1);
}

PathId PathTable::extend(PathId path, NodeId node) {
  const uint32_t length = entries_[path].length + 1;
  entries_.push_back(Entry{node, path, length});
  return static_cast<PathId>(entries_.size() - 1);
}

bool PathTable::contains(PathId p, NodeId node) const {
  for (PathId at = p; at != kNoParent; at = entries_[at].parent)
    if (entries_[at].node == node) return true;
  return false;
}

std::vector<NodeId> PathTable::nodes(PathId p) const {
  std::vector<NodeId> out;
  for (PathId at = p; at != kNoParent; at = entries_[at].parent) out.push_back(entries_[at].node);
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace replsim
