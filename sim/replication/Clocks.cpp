// Clocks: Lamport and wall-clock timestamps (see Clocks.h).
#include "sim/replication/Clocks.h"

#include <algorithm>
#include <cmath>

#include "sim/model/Scenario.h"
#include "sim/topology/Topology.h"

namespace replsim {

int64_t Clocks::nextTimestamp(Replica& r) {
  const Scenario& scenario = ctx_.scenario;
  const SimTime now = ctx_.run.now;
  if (scenario.replication.conflicts.timestamps != Timestamps::Clock) return static_cast<int64_t>(++r.lamport);
  // The leader's own wall clock: offset and drift skew it from true time.
  // Kept strictly increasing per leader, as a real clock read twice would.
  double offsetMs = 0.0, driftPpm = 0.0;
  if (auto it = scenario.replication.clocks.find(ctx_.topology.name(r.id)); it != scenario.replication.clocks.end()) {
    offsetMs = it->second.offsetMs;
    driftPpm = it->second.driftPpm;
  }
  const int64_t clock = now.us() + SimTime::fromMs(offsetMs).us() +
                        static_cast<int64_t>(std::llround(static_cast<double>(now.us()) * driftPpm / 1e6));
  r.lastClock = std::max<int64_t>(r.lastClock + 1, clock);
  return r.lastClock;
}

}  // namespace replsim
