#pragma once
// Protocols: AnyProtocol, the replication protocols a run can use, and the
// calls the engine makes on whichever one the scenario chose (std::visit:
// a direct call to the concrete type, no virtual dispatch; see
// ReplicationProtocol.h for why and for how to add one).
//
// Invariant: every alternative satisfies the ReplicationProtocol concept.

#include <variant>

#include "sim/replication/LeaderlessProtocol.h"
#include "sim/replication/MultiLeaderProtocol.h"
#include "sim/replication/ReplicationProtocol.h"

namespace replsim {

using AnyProtocol = std::variant<MultiLeaderProtocol, LeaderlessProtocol>;

inline void issueClientWrite(AnyProtocol& p, NodeId node, KeyId key, OpKind op, const std::string& value,
                             ClientOpEvent ev) {
  std::visit([&](auto& protocol) { protocol.issueClientWrite(node, key, op, value, ev); }, p);
}
// A client read, for a protocol that coordinates reads itself (leaderless
// quorum reads); false when the protocol leaves reads to ClientRouter (a
// read of the contacted node's own copy).
inline bool issueClientRead(AnyProtocol& p, NodeId node, KeyId key, const ClientOpEvent& ev) {
  return std::visit(
      [&](auto& protocol) {
        if constexpr (requires { protocol.issueClientRead(node, key, ev); }) {
          protocol.issueClientRead(node, key, ev);
          return true;
        } else {
          return false;
        }
      },
      p);
}
inline void deliver(AnyProtocol& p, const Event& e) {
  std::visit([&](auto& protocol) { protocol.deliver(e); }, p);
}
inline void handleEvent(AnyProtocol& p, EventKind kind, uint32_t target) {
  std::visit([&](auto& protocol) { protocol.handleEvent(kind, target); }, p);
}
inline void voidWrites(AnyProtocol& p, const std::vector<WriteIndex>& lost) {
  std::visit([&](auto& protocol) { protocol.voidWrites(lost); }, p);
}
inline size_t heldAtEnd(const AnyProtocol& p) {
  return std::visit([](const auto& protocol) { return protocol.heldAtEnd(); }, p);
}
inline std::vector<uint8_t> reachableFrom(const AnyProtocol& p, NodeId origin) {
  return std::visit([&](const auto& protocol) { return protocol.reachableFrom(origin); }, p);
}

inline bool everyNodeReachesEveryNode(const AnyProtocol& p) {
  return std::visit([](const auto& protocol) { return protocol.everyNodeReachesEveryNode(); }, p);
}

}  // namespace replsim
