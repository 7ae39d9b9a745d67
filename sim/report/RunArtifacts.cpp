#include "sim/report/RunArtifacts.h"

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include <fmt/format.h>

#include "sim/replication/Simulation.h"
#include "sim/report/ExploreData.h"
#include "sim/report/GraphvizSvg.h"
#include "sim/report/HtmlReport.h"
#include "sim/report/PerfettoTrace.h"
#include "sim/report/RunTopologyDot.h"
#include "sim/report/ShivizLog.h"
#include "sim/report/TimeSeriesCsv.h"

namespace replsim {
namespace {

namespace fs = std::filesystem;

Status writeFile(const fs::path& path, const std::function<void(std::ostream&)>& write) {
  std::ofstream f(path, std::ios::binary);
  if (f) write(f);
  f.close();
  if (!f) return Status::error(fmt::format("cannot write {}", path.string()));
  return Status::success();
}

Status writeText(const fs::path& path, const std::string& text) {
  return writeFile(path, [&](std::ostream& o) { o << text; });
}

// Graphviz's SVG without its XML prolog, doctype and comments before <svg>,
// ready to be inlined into HTML.
std::string inlineSvg(const fs::path& svgFile) {
  std::ifstream f(svgFile, std::ios::binary);
  std::ostringstream all;
  all << f.rdbuf();
  const std::string svg = all.str();
  const size_t start = svg.find("<svg");
  return start == std::string::npos ? std::string() : svg.substr(start);
}

}  // namespace

Status writeRunArtifacts(const Simulation& sim, const EventRecorder& rec, const ReportJson& report,
                         const std::string& text, const std::string& dir, const ArtifactOptions& options,
                         std::ostream& warnings) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::error(fmt::format("cannot create {}: {}", dir, ec.message()));
  const fs::path out(dir);
  if (Status s = writeText(out / "report.json", report.dump(2) + "\n"); !s.ok()) return s;
  if (Status s = writeText(out / "report.txt", text); !s.ok()) return s;

  HtmlReportInput html;
  html.report = &report;
  html.timelineSvg = renderTimelineSvg(sim, rec, TimelineOptions{options.window, options.timelineMessages});
  html.topologyDot = runTopologyDot(sim);
  html.explore = exploreData(sim, rec);
  if (Status s = writeText(out / "timeline.svg", html.timelineSvg); !s.ok()) return s;
  if (Status s = writeText(out / "topology.dot", html.topologyDot); !s.ok()) return s;

  html.files = {{"report.json", "the JSON report (format v1)"},
                {"report.txt", "the text report"},
                {"timeline.svg", "the space-time diagram above, on its own"},
                {"topology.dot", "the topology with its end state, for Graphviz"}};
  const Expected<DotOutcome> drawn = renderDotSvg((out / "topology.dot").string(), (out / "topology.svg").string());
  if (drawn && *drawn == DotOutcome::Rendered) {
    html.topologySvg = inlineSvg(out / "topology.svg");
    html.files.push_back({"topology.svg", "the topology drawn by Graphviz"});
  } else {
    // Not installed, or failed (only a warning: report.html shows the DOT
    // text instead); either way no topology.svg from an earlier run stays.
    if (!drawn) warnings << "replsim: warning: topology.svg not drawn: " << drawn.error() << "\n";
    fs::remove(out / "topology.svg", ec);
  }
  html.files.push_back({"trace.json", "Chrome trace format: open it in ui.perfetto.dev or chrome://tracing"});
  html.files.push_back({"shiviz.log", "vector-clock log: paste or upload it at bestchai.bitbucket.io/shiviz"});
  html.files.push_back({"timeseries.csv", "pending messages and staleness per replica over time"});

  if (Status s = writeText(out / "report.html", renderHtmlReport(html)); !s.ok()) return s;
  if (Status s = writeFile(out / "trace.json", [&](std::ostream& o) { writePerfettoTrace(sim, rec, o); }); !s.ok())
    return s;
  if (Status s = writeFile(out / "shiviz.log", [&](std::ostream& o) { writeShivizLog(sim, rec, o); }); !s.ok())
    return s;
  return writeFile(out / "timeseries.csv", [&](std::ostream& o) { writeTimeSeriesCsv(sim, rec, o); });
}

}  // namespace replsim
