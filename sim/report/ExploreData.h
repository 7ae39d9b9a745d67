#pragma once
// ExploreData: the data report.html's own script needs to make the run
// explorable (HtmlReport): each replica's state changes over time, for the
// time slider, and the time series of timeseries.csv, for the plots.
//
// Shape (all times in ms from the integer µs, as formatMs prints them):
//   { "nodes": ["A", ...],                       // node order
//     "end_ms": 100.0,
//     "changes": [[at_ms, node, what, ...], ...],  // in the order they happened
//     "series": { "step_ms": 1.0,
//                 "rows": [[at_ms, node, pending, staleness_ms], ...] } }
// where `node` is an index into nodes and `what` is one of
//   "apply",    write, key, value   a write applied there; value "" for a
//                                    delete (the write's own value: a
//                                    resolver's merged value is not shown)
//   "covered",  write, key, value   a write that arrived already covered by
//                                    a later version there: counted as
//                                    applied (as leaders.*.writes_applied
//                                    counts it), the key unchanged
//   "conflict", key, writes, kept   a conflict handled there (names joined
//                                    with ",")
//   "crash" / "recover", "offline" / "online"   the node's fault intervals.
// `series.rows` are exactly timeseries.csv's rows (ReplicaSeries), so the
// plots show the file's numbers.
//
// Bounded: at most EventRecorder::kDefaultMaxRecords applies and as many
// conflicts, the first ones, however many the recorder kept.
// Deterministic: built from the recorder's logs in their recorded order;
// faults are merged in by time, before the events of the same instant when
// they start and after them when they end.

#include <ostream>
#include <string>

#include "sim/report/JsonReport.h"

namespace replsim {

class Simulation;
class EventRecorder;

// The document, as compact JSON text (what ReportJson::dump() prints),
// written to `out` in pieces as it is made (report.html's page writer).
void writeExploreData(std::ostream& out, const Simulation& sim, const EventRecorder& recorder);
// The same text as a string (tests, small runs).
std::string exploreData(const Simulation& sim, const EventRecorder& recorder);

}  // namespace replsim
