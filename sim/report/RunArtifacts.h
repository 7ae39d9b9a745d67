#pragma once
// RunArtifacts: everything `replsim run --out DIR` writes, from one finished
// run, in one call:
//   report.json     the JSON report (report.dump(2) and a newline)
//   report.txt      the text report, as printed
//   timeline.svg    the space-time diagram (TimelineSvg)
//   topology.dot    the topology with the run's end state (RunTopologyDot)
//   topology.svg    the same drawn by Graphviz, only when `dot` is installed
//   report.html     one self-contained page with all of it (HtmlReport)
//   trace.json      Chrome/Perfetto trace (PerfettoTrace)
//   shiviz.log      ShiViz log with vector clocks (ShivizLog)
//   timeseries.csv  pending messages and staleness per replica (TimeSeriesCsv)
// The folder is created if needed. Every file is a pure function of the run,
// so the same scenario and seed give byte-identical files (topology.svg as
// far as the installed Graphviz is deterministic).

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>

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
};

// A folder or file that cannot be written (a bad --out) is returned as an
// error naming it ("cannot write DIR/report.html", "cannot create DIR: ...");
// the files before it are written, none after. A failing Graphviz is only a
// warning, written to `warnings`; report.html then shows the DOT text instead.
Status writeRunArtifacts(const Simulation& sim, const EventRecorder& recorder, const ReportJson& report,
                         const std::string& text, const std::string& dir, const ArtifactOptions& options,
                         std::ostream& warnings);

}  // namespace replsim
