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

}  // namespace replsim
