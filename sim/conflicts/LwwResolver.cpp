#include "sim/conflicts/LwwResolver.h"

namespace replsim {

bool laterId(const VersionInfo& a, const VersionInfo& b) {
  if (a.timestamp != b.timestamp) return a.timestamp > b.timestamp;
  return a.originRank > b.originRank;
}

Resolution LwwResolver::resolve(const ConflictInput& in) const {
  for (const VersionInfo& v : in.local)
    if (!laterId(in.incoming, v)) return Resolution::keepLocal();
  return Resolution::keepIncoming();
}

}  // namespace replsim
