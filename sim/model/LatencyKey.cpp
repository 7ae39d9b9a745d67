// latencyKey (see LatencyKey.h).
#include "sim/model/LatencyKey.h"

#include <fmt/format.h>

namespace replsim {

std::string latencyKey(const LatencyDistribution& d) {
  std::string key = fmt::format("{}:{:a}:{:a}:{:a}", static_cast<int>(d.kind), d.a, d.b, d.floorMs);
  if (d.parts.empty()) return key;
  key += "[";
  for (const LatencyMixturePart& p : d.parts) key += fmt::format("{:a}=", p.weight) + latencyKey(p.dist) + ";";
  return key + "]";
}

}  // namespace replsim
