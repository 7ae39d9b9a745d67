// HashRing: consistent hashing with virtual nodes (see HashRing.h).
#include "sim/replication/HashRing.h"

#include <algorithm>

#include "sim/replication/ReplicaSet.h"

namespace replsim {

uint64_t HashRing::token(const std::string& node, int vnode) {
  return mix64(hashString(node) + mix64(static_cast<uint64_t>(vnode) + 1));
}

uint64_t HashRing::keyHash(const std::string& key) { return mix64(hashString(key)); }

HashRing::HashRing(const std::vector<std::string>& names, int vnodes) : nodes_(names.size()) {
  tokens_.reserve(names.size() * static_cast<size_t>(vnodes));
  for (NodeId n = 0; n < names.size(); ++n)
    for (int v = 0; v < vnodes; ++v) tokens_.push_back(Token{token(names[n], v), n});
  std::sort(tokens_.begin(), tokens_.end(), [](const Token& a, const Token& b) {
    return a.value != b.value ? a.value < b.value : a.node < b.node;
  });
}

std::vector<NodeId> HashRing::preferenceList(const std::string& key, size_t n) const {
  std::vector<NodeId> out;
  if (tokens_.empty()) return out;
  const size_t want = std::min(n, nodes_);
  const uint64_t h = keyHash(key);
  const auto first = std::lower_bound(tokens_.begin(), tokens_.end(), h,
                                      [](const Token& t, uint64_t v) { return t.value < v; });
  size_t i = static_cast<size_t>(first - tokens_.begin());
  for (size_t step = 0; step < tokens_.size() && out.size() < want; ++step, ++i) {
    const NodeId node = tokens_[i % tokens_.size()].node;
    if (std::find(out.begin(), out.end(), node) == out.end()) out.push_back(node);
  }
  return out;
}

}  // namespace replsim
