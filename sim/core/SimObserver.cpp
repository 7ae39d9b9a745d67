#include "sim/core/SimObserver.h"

namespace replsim {

const char* toString(DropReason r) {
  switch (r) {
    case DropReason::Path: return "path";
    case DropReason::Origin: return "origin";
    case DropReason::Seen: return "seen";
    case DropReason::Duplicate: return "duplicate";
  }
  return "?";
}

// PostgreSQL 18 / pgEdge names.
const char* toString(ConflictType t) {
  switch (t) {
    case ConflictType::InsertExists: return "insert_exists";
    case ConflictType::UpdateOriginDiffers: return "update_origin_differs";
    case ConflictType::UpdateMissing: return "update_missing";
    case ConflictType::DeleteOriginDiffers: return "delete_origin_differs";
    case ConflictType::DeleteMissing: return "delete_missing";
  }
  return "?";
}

const char* toString(FailReason r) {
  switch (r) {
    case FailReason::Crashed: return "crashed";
    case FailReason::KeyExists: return "key_exists";
    case FailReason::KeyMissing: return "key_missing";
    case FailReason::Unreachable: return "unreachable";
  }
  return "?";
}

const char* toString(QuorumMessageKind k) {
  switch (k) {
    case QuorumMessageKind::Write: return "write";
    case QuorumMessageKind::Ack: return "ack";
    case QuorumMessageKind::ReadRequest: return "read request";
    case QuorumMessageKind::ReadAnswer: return "read answer";
    case QuorumMessageKind::Repair: return "read repair";
    case QuorumMessageKind::RepairAck: return "repair ack";
    case QuorumMessageKind::HintedWrite: return "hinted write";
    case QuorumMessageKind::HintedAck: return "hinted ack";
    case QuorumMessageKind::HandOff: return "hand-off";
    case QuorumMessageKind::Sync: return "anti-entropy";
  }
  return "?";
}

const char* toString(HintAction a) {
  switch (a) {
    case HintAction::Stored: return "stored";
    case HintAction::HandedOff: return "handed off";
    case HintAction::Expired: return "expired";
  }
  return "?";
}

}  // namespace replsim
