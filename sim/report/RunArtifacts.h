#pragma once
// RunArtifacts: everything `replsim run --out DIR` writes, from one finished
// run, in one call:
//   report.json     the JSON report (report.dump(2) and a newline)
//   report.txt      the text report, as printed
//   timeline.svg    the space-time diagram (TimelineSvg)
//   topology.dot    the topology with the run's end state (RunTopologyDot)
//   topology.svg    the same drawn by Graphviz, only when it is installed and
//                   the topology is small enough to lay out in seconds
//                   (topologyLayout: `dot` up to 50 nodes and 200 links,
//                   `sfdp` up to 1000 and 1000; bigger: not drawn, and
//                   report.html and the file list say how to draw it)
//   report.html     one self-contained page with all of it (HtmlReport)
//   trace.json      Chrome/Perfetto trace (PerfettoTrace), the first
//                   outEvents events
//   shiviz.log      ShiViz log with vector clocks (ShivizLog), the same window
//   timeseries.csv  pending messages and staleness per replica (TimeSeriesCsv)
// The folder is created if needed. Every file is a pure function of the run,
// so the same scenario and seed give byte-identical files (topology.svg as
// far as the installed Graphviz is deterministic).
//
// Bounded at any size: the timeline draws at most timelineMessages arrows,
// report.html's explorable data comes from the recorder (at most maxRecords
// per log), the event exports hold at most outEvents events, and the
// topology picture is skipped above sfdp's limits; nothing is O(nodes^2)
// beyond the topology's own links.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/core/Status.h"
#include "sim/report/EventRecorder.h"
#include "sim/report/JsonReport.h"
#include "sim/report/TimelineSvg.h"

namespace replsim {

class Simulation;

struct ArtifactOptions {
  std::optional<TimeWindow> window;  // --window FROM_MS:TO_MS for the timeline
  size_t timelineMessages = 2000;    // arrows drawn at most
  // Records kept by the EventRecorder: the caller builds the recorder with
  // it before the run (EventRecorder(sim, options.maxRecords)).
  size_t maxRecords = EventRecorder::kDefaultMaxRecords;
  // --out-events: trace.json and shiviz.log hold the run's first outEvents
  // events (UINT64_MAX: all; then maxRecords must be unbounded too). 100,000
  // events make a trace.json of about 30 MB, which ui.perfetto.dev opens in
  // seconds, and are already more than ShiViz draws comfortably; a
  // 64-leader all-to-all run of 1,000 writes each has 8 million.
  static constexpr uint64_t kDefaultOutEvents = 100'000;
  uint64_t outEvents = kDefaultOutEvents;
};

// The recorder's cap for a given --out-events: enough to hold the whole
// export window (the exports take the first steps, and the first N steps are
// exactly the run's first N events only while no log is full).
size_t recorderCapFor(uint64_t outEvents);

// One line of the list of files --out wrote (or did not write, and why).
struct WrittenFile {
  std::string name;
  std::optional<uint64_t> bytes;  // unset: not written (see note)
  std::string note;               // what is missing from it, or why it is not there
};

// The list as printed on stderr after a run: a header line naming the
// folder, then one line per file with its size and note.
std::string writtenFilesText(const std::string& dir, const std::vector<WrittenFile>& files);

// A folder or file that cannot be written (a bad --out) is returned as an
// error naming it ("cannot write DIR/report.html", "cannot create DIR: ...");
// the files before it are written, none after. A failing Graphviz is only a
// warning, written to `warnings`; report.html then shows the DOT text instead.
// `written` (may be null) receives the files written, in order, with their
// sizes, and topology.svg's reason when it is not drawn.
Status writeRunArtifacts(const Simulation& sim, const EventRecorder& recorder, const ReportJson& report,
                         const std::string& text, const std::string& dir, const ArtifactOptions& options,
                         std::ostream& warnings, std::vector<WrittenFile>* written = nullptr);

}  // namespace replsim
