#pragma once
// HtmlReport: report.html, one self-contained page a person opens in a
// browser: the summary (converged or not, and when), the space-time diagram,
// the tables of the JSON report (leaders, messages, writes, reads,
// conflicts with every discarded write, anomalies, expectations with ✓/✗),
// the topology picture, and links to the run's other files.
//
// Self-contained: the CSS is inline, the pictures are inlined SVG, there is
// no script and nothing is fetched from the network (the only links are to
// the sibling files and, as plain links, to the external viewers). The page
// is also well-formed XML (XHTML syntax), so it can be checked and processed
// as such. It is built from the JSON report alone (plus the pictures), so it
// shows exactly what report.json says; sections whose fields are missing are
// left out, and scalar fields it does not know are still listed.

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
  std::vector<std::pair<std::string, std::string>> files;  // (file name, what it is for)
};

std::string renderHtmlReport(const HtmlReportInput& input);

}  // namespace replsim
