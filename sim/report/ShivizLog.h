#pragma once
// ShivizLog: shiviz.log, the run as a log with vector clocks for ShiViz
// (https://bestchai.bitbucket.io/shiviz/): paste or upload the file, and
// ShiViz draws each leader as a process line and each message as an arrow.
//
// Format (ShiViz reads a log file's first line as the parser regular
// expression and its second line as the multiple-executions delimiter, which
// is empty here: one execution):
//   line 1: (?<host>\S*) (?<clock>{.*})\n(?<event>.*)
//   line 2: (empty)
//   then two lines per event: "HOST {"A":2,"B":1}" and the event's text.
// Events, in the order the engine reported them: client writes ("write A#1
// x=1"), sends ("send A#1 x=1 → B (path A)"), deliveries ("deliver A#1 ← A
// (path A)", with what it overtook) and drops ("drop A#1 ← C (path A,B,C):
// path"). A send and its arrival name the same write, ends and path, so the
// pair can be found in the text. Drops count as receives: the message did
// arrive.
// Vector clocks follow ShiViz's rules: every event at a host increments that
// host's own entry by exactly 1 (so it counts the host's events from 1); a
// delivery or drop first takes the pointwise maximum with the clock of the
// message's send event, then increments; a clock lists only hosts with a
// non-zero entry, in node order. Messages that never arrived (in flight at
// the end, or discarded) appear as sends only; messages the recorder did not
// keep (beyond its cap) are left out entirely, which keeps the clocks
// consistent.
// Big runs: only the communication among the first `maxEvents` recorded
// steps is written (EventRecorder::exportWindow; `replsim run --out-events`);
// the format has no room for a note, so the caller says how many events were
// left out (on stderr and in report.html).

#include <cstdint>
#include <ostream>

#include "sim/report/EventRecorder.h"

namespace replsim {

class Simulation;

ExportedEvents writeShivizLog(const Simulation& sim, const EventRecorder& recorder, std::ostream& out,
                              uint64_t maxEvents = UINT64_MAX);

}  // namespace replsim
