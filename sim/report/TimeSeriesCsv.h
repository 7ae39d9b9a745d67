#pragma once
// TimeSeriesCsv: timeseries.csv, how far behind each replica is over time,
// for a spreadsheet or a plotting library.
//
// The file starts with comment lines ("# ...") that say what the columns
// mean and the sampling step, then the header
//   time_ms,replica,pending_incoming,staleness_ms
// and one row per replica per grid point (ReplicaSeries): every `step` ms
// from 0 (step = 1 ms, or 10, 100, ... for long runs so the file stays
// under a few thousand rows per replica), plus a last row per replica at the
// run's end time. A row holds the state after every event at that instant:
//   pending_incoming  messages sent to the replica that have not arrived yet
//                     (in flight or waiting out an outage), plus writes it
//                     holds back for causal order;
//   staleness_ms      age of the oldest write issued anywhere that the
//                     replica has not yet applied or otherwise settled; 0
//                     when it is up to date.
// Times are printed with formatMs (milliseconds, three decimals, from the
// integer microseconds); replicas appear in node order within a time.

#include <ostream>

namespace replsim {

class Simulation;
class EventRecorder;

void writeTimeSeriesCsv(const Simulation& sim, const EventRecorder& recorder, std::ostream& out);

}  // namespace replsim
