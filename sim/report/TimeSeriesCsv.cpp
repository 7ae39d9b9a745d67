#include "sim/report/TimeSeriesCsv.h"

#include "sim/replication/Simulation.h"
#include "sim/report/EventRecorder.h"

namespace replsim {

void writeTimeSeriesCsv(const Simulation& sim, const EventRecorder& rec, std::ostream& out) {
  const SimTime end = sim.endTime();
  out << "# replsim time series: " << sim.scenario().name << " (seed " << sim.seed() << ")\n"
      << "# one row per replica every " << formatMs(rec.series().step(end))
      << " ms and at the end, after every event of that instant\n"
      << "# pending_incoming: messages sent to the replica not yet arrived, plus writes held for causal order\n"
      << "# staleness_ms: age of the oldest write issued anywhere and not yet applied there (0: up to date)\n"
      << "time_ms,replica,pending_incoming,staleness_ms\n";
  for (const ReplicaSeries::Row& r : rec.series().rows(end))
    out << formatMs(r.at) << ',' << sim.nodeName(r.replica) << ',' << r.pending << ',' << formatMs(r.staleness) << '\n';
}

}  // namespace replsim
