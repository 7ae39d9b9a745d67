#pragma once
// Ids: the small integer handles every layer shares. They index tables
// owned elsewhere (the topology's nodes, the write log, the path table, the
// key names), so a message or an event carries four bytes, not a copy.
//
// They live in core, below everything, so that the network can carry a
// write's handle and its path without knowing what a write or a path is.

#include <cstdint>

namespace replsim {

using NodeId = uint32_t;      // vertex of the topology (Topology: file order)
using WriteIndex = uint32_t;  // a client write, in the WriteLog
using KeyId = uint32_t;       // an interned key name
using PathId = uint32_t;      // a replication path, in the PathTable
constexpr uint32_t kNone = UINT32_MAX;

// (origin, seq): write number `seq` (from 1) of `origin`.
struct Dot {
  NodeId origin = 0;
  uint32_t seq = 0;
  friend bool operator==(const Dot&, const Dot&) = default;
};

}  // namespace replsim
