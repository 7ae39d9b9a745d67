#include "sim/conflicts/ReplicaPriorityResolver.h"

#include <algorithm>

namespace replsim {

long ReplicaPriorityResolver::strength(const VersionInfo& v) const {
  if (priority_.empty()) return static_cast<long>(v.originRank);
  auto it = std::find(priority_.begin(), priority_.end(), v.origin);
  // Listed: n..1 from the first; not listed: 0, then the name decides below.
  return it == priority_.end() ? 0 : static_cast<long>(priority_.end() - it);
}

Resolution ReplicaPriorityResolver::resolve(const ConflictInput& in) const {
  for (const VersionInfo& v : in.local) {
    const long a = strength(in.incoming), b = strength(v);
    if (a < b || (a == b && in.incoming.originRank < v.originRank)) return Resolution::keepLocal();
  }
  return Resolution::keepIncoming();
}

}  // namespace replsim
