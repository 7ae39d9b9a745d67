#pragma once
// HashRing: consistent hashing with virtual nodes, for leaderless
// replication's placement (docs/leaderless.md, "Placement").
//
// Every node owns `vnodes` tokens on a 64-bit ring; a token is
// mix64(hashString(node name) + mix64(vnode index + 1)), so the ring depends
// only on the node names and the vnode count (never on std::hash, the
// platform or the order of anything unordered). A key hashes to
// mix64(hashString(key name)) (FNV-1a alone puts similar short names such as
// "x" and "y" next to each other on the ring); its preference list is the first n distinct nodes
// met walking clockwise from there (the first token >= the key's hash,
// wrapping around).
//
// Invariants: tokens are sorted by (token, node); a preference list holds
// min(n, nodes) distinct nodes; equal inputs give equal lists.

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/Ids.h"

namespace replsim {

class HashRing {
 public:
  // REQUIRES: vnodes >= 1; names are the nodes in NodeId order.
  HashRing(const std::vector<std::string>& names, int vnodes);

  // The first n distinct nodes clockwise from the key's hash.
  std::vector<NodeId> preferenceList(const std::string& key, size_t n) const;
  // The token of a node's vnode (for tests and the docs' worked example).
  static uint64_t token(const std::string& node, int vnode);
  static uint64_t keyHash(const std::string& key);

  struct Token {
    uint64_t value;
    NodeId node;
  };
  const std::vector<Token>& tokens() const { return tokens_; }

 private:
  std::vector<Token> tokens_;
  size_t nodes_ = 0;
};

}  // namespace replsim
