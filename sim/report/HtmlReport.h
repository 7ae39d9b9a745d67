#pragma once
// HtmlReport: report.html, one self-contained page a person opens in a
// browser: the summary (converged or not, and when), the space-time diagram,
// the tables of the JSON report (leaders, messages, writes, reads,
// conflicts with every discarded write, anomalies, expectations with ✓/✗),
// the topology picture, and links to the run's other files.
//
// Explorable (when `explore` is given, ExploreData): the page's own inline
// script adds zoom and pan to the timeline, filters for message kinds, a
// click on an arrow that highlights its write's journey and conflicts, a
// time slider showing every replica's state at that moment, and plots of
// timeseries.csv drawn as inline SVG. Opened with "#selftest" the script
// drives those controls itself and writes PASS/FAIL lines into
// <pre id="selftest"> (tests/browser/render_report.sh reads them). Without
// a script the page still shows everything static.
//
// Self-contained: the CSS and script are inline, the pictures are inlined
// SVG, and nothing is fetched from the network (the only links are to
// the sibling files and, as plain links, to the external viewers). The page
// is also well-formed XML (XHTML syntax), so it can be checked and processed
// as such. It is built from the JSON report alone (plus the pictures), so it
// shows exactly what report.json says; sections whose fields are missing are
// left out, and scalar fields it does not know are still listed.

#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "sim/report/JsonReport.h"

namespace replsim {

struct HtmlReportInput {
  const ReportJson* report = nullptr;
  std::string timelineSvg;
  std::string topologySvg;  // Graphviz output (prolog and doctype are stripped); empty: show topologyDot
  std::string topologyDot;
  // Set when the picture was not drawn on purpose (too big): shown instead of
  // the DOT text, which would be as unreadable as the picture.
  std::string topologyNote;
  // Writes ExploreData's JSON text to the stream it is given (the page
  // escapes it for the script on the way); empty: no script, a static page.
  std::function<void(std::ostream&)> explore;
  std::vector<std::pair<std::string, std::string>> files;  // (file name, what it is for)
};

// The page, written to `out` (a big run's explore data is written from the
// input as it is, never copied into the page first).
void writeHtmlReport(std::ostream& out, const HtmlReportInput& input);
// The same page as a string (tests, small pages).
std::string renderHtmlReport(const HtmlReportInput& input);

}  // namespace replsim
