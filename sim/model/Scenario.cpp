#include "sim/model/Scenario.h"

// The spellings below are the scenario format's words (spec/scenario-format.md);
// the loader parses by comparing against them, so they are the one source.

namespace replsim {

const char* toString(TopologyKind k) {
  switch (k) {
    case TopologyKind::AllToAll: return "all-to-all";
    case TopologyKind::Ring: return "ring";
    case TopologyKind::BidirectionalRing: return "bidirectional-ring";
    case TopologyKind::Star: return "star";
    case TopologyKind::Line: return "line";
    case TopologyKind::Tree: return "tree";
    case TopologyKind::Custom: return "custom";
    case TopologyKind::File: return "file";
    case TopologyKind::SingleLeader: return "single-leader";
  }
  return "?";
}

const char* toString(OpKind k) {
  switch (k) {
    case OpKind::Set: return "set";
    case OpKind::Insert: return "insert";
    case OpKind::Update: return "update";
    case OpKind::Delete: return "delete";
    case OpKind::Incr: return "incr";
    case OpKind::Read: return "read";
  }
  return "?";
}

const char* toString(LoopPrevention k) {
  switch (k) {
    case LoopPrevention::Path: return "path";
    case LoopPrevention::Origin: return "origin";
    case LoopPrevention::Seen: return "seen";
    case LoopPrevention::None: return "none";
  }
  return "?";
}

const char* toString(FaultKind k) {
  switch (k) {
    case FaultKind::Crash: return "crash";
    case FaultKind::Recover: return "recover";
    case FaultKind::LinkDown: return "link_down";
    case FaultKind::LinkUp: return "link_up";
    case FaultKind::Partition: return "partition";
    case FaultKind::Heal: return "heal";
    case FaultKind::Resume: return "resume";
    case FaultKind::Reconfigure: return "reconfigure";
    case FaultKind::CrashDatacenter: return "crash_datacenter";
    case FaultKind::RecoverDatacenter: return "recover_datacenter";
    case FaultKind::Offline: return "offline";
    case FaultKind::Online: return "online";
  }
  return "?";
}

const char* toString(DocumentGranularity g) {
  switch (g) {
    case DocumentGranularity::Document: return "document";
    case DocumentGranularity::Paragraph: return "paragraph";
    case DocumentGranularity::Character: return "character";
  }
  return "?";
}

const char* toString(ProtocolKind m) {
  switch (m) {
    case ProtocolKind::MultiLeader: return "multi-leader";
    case ProtocolKind::Leaderless: return "leaderless";
  }
  return "?";
}

const char* toString(FailoverRejoin r) {
  switch (r) {
    case FailoverRejoin::Discard: return "discard";
    case FailoverRejoin::Replay: return "replay";
  }
  return "?";
}

}  // namespace replsim
