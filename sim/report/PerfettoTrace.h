#pragma once
// PerfettoTrace: trace.json, the run in Chrome's trace event format, which
// ui.perfetto.dev (and chrome://tracing) open directly.
//
// Layout: one process per leader (pid = node index + 1, named after it via
// process_name metadata, sorted in node order) with threads
//   tid 1 "client"       client writes, refused operations and reads,
//   tid 2 "apply"        applies, and conflicts as instant events,
//   tid 10+k "send → K"  sends to node k,
//   tid 10+n+k "receive ← K"  deliveries and drops of messages from node k
// (n = number of nodes). Every send, delivery, drop, client operation and
// apply is an "X" slice of 1 us (the simulator's resolution: these happen at
// an instant). Every message that arrived (delivered or dropped) gets one
// flow arrow: an "s" event inside its send slice and an "f" event with
// "bp": "e" inside its arrival slice, sharing a unique id (the message's
// record index + 1), so each "s" pairs with exactly one "f". Messages still
// in flight at the end, or discarded, have no flow. Faults (crashes,
// offline spells, link outages, partitions, added links) are async slices
// ("b"/"e") on the processes they concern, since they may overlap.
// Timestamps are integer microseconds of simulated time. Events are written
// in the order the engine reported them, so the file is deterministic.
//
// Big runs: only the first `maxEvents` recorded steps are written
// (EventRecorder::exportWindow; `replsim run --out-events`). A send whose
// arrival falls outside that window gets no flow arrow. When events are left
// out, otherData says so: "events_written", "events_not_written" and a
// "note" naming the option that writes them all.

#include <cstdint>
#include <ostream>

#include "sim/report/EventRecorder.h"

namespace replsim {

class Simulation;

ExportedEvents writePerfettoTrace(const Simulation& sim, const EventRecorder& recorder, std::ostream& out,
                                  uint64_t maxEvents = UINT64_MAX);

}  // namespace replsim
