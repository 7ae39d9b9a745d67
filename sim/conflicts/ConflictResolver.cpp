#include "sim/conflicts/ConflictResolver.h"

#include "sim/conflicts/LwwResolver.h"

namespace replsim {

std::unique_ptr<ConflictResolver> makeResolver(const ConflictsSpec&) {
  // Only lww exists so far; the loader rejects every other name.
  return std::make_unique<LwwResolver>();
}

}  // namespace replsim
