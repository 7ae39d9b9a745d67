#pragma once
// MessageKind: which latency of a link a message takes (links' "by_kind",
// docs/scenario-format.md#links). The network samples the distribution of
// the kind a sender names and knows nothing else about it: the kinds are
// named after leaderless replication's messages, and the leaderless
// protocol decides which of its messages is which (docs/leaderless.md).
//
// Invariants: Link (0) is "the link's own latency" and is what every message
// of the multi-leader engine uses; the other values are the by_kind names
// in kMessageKindNames order, and each is a valid index into that table.

#include <array>
#include <cstdint>
#include <string_view>

namespace replsim {

enum class MessageKind : uint8_t { Link = 0, Write, Ack, Read, ReadResponse, Repair, Hint, AntiEntropy };

// The names by_kind accepts, indexed by MessageKind (Link has none: it is
// latency_ms itself).
inline constexpr std::array<std::string_view, 8> kMessageKindNames = {
    "", "write", "ack", "read", "read_response", "repair", "hint", "anti_entropy"};

inline std::string_view messageKindName(MessageKind k) { return kMessageKindNames[static_cast<size_t>(k)]; }

}  // namespace replsim
