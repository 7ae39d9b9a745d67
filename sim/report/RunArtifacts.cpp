#include "sim/report/RunArtifacts.h"

#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iterator>
#include <limits>
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

// 1234567 -> "1.2 MB" (SI units: B, kB, MB, GB).
std::string sizeText(uint64_t bytes) {
  if (bytes < 1000) return fmt::format("{} B", bytes);
  const char* units[] = {"kB", "MB", "GB", "TB"};
  double v = static_cast<double>(bytes) / 1000.0;
  size_t u = 0;
  while (v >= 1000.0 && u + 1 < std::size(units)) v /= 1000.0, ++u;
  return fmt::format("{:.1f} {}", v, units[u]);
}

std::string windowNote(const ExportedEvents& w, const char* what) {
  if (w.notWritten == 0) return "";
  return fmt::format("{} the first {} events; {} more not written (--out-events N|all writes more)", what, w.written,
                     w.notWritten);
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

size_t recorderCapFor(uint64_t outEvents) {
  if (outEvents >= std::numeric_limits<size_t>::max()) return std::numeric_limits<size_t>::max();
  return std::max(EventRecorder::kDefaultMaxRecords, static_cast<size_t>(outEvents));
}

std::string writtenFilesText(const std::string& dir, const std::vector<WrittenFile>& files) {
  size_t count = 0, width = 0;
  for (const WrittenFile& f : files) {
    if (f.bytes) ++count;
    width = std::max(width, f.name.size());
  }
  std::string text = fmt::format("replsim: wrote {} files to {}:\n", count, dir);
  for (const WrittenFile& f : files) {
    const std::string size = f.bytes ? sizeText(*f.bytes) : "not written";
    std::string line = fmt::format("  {:<{}}  {:>11}", f.name, width, size);
    if (!f.note.empty()) line += "  " + f.note;
    text += line + "\n";
  }
  return text;
}

Status writeRunArtifacts(const Simulation& sim, const EventRecorder& rec, const ReportJson& report,
                         const std::string& text, const std::string& dir, const ArtifactOptions& options,
                         std::ostream& warnings, std::vector<WrittenFile>* written) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::error(fmt::format("cannot create {}: {}", dir, ec.message()));
  const fs::path out(dir);
  std::vector<WrittenFile> list;
  // Writes one file and lists it with its size.
  auto put = [&](const char* name, const std::function<void(std::ostream&)>& write, std::string note = "") {
    Status s = writeFile(out / name, write);
    if (s.ok()) {
      std::error_code sizeError;
      const uintmax_t bytes = fs::file_size(out / name, sizeError);
      list.push_back({name, sizeError ? 0 : static_cast<uint64_t>(bytes), std::move(note)});
    }
    return s;
  };
  auto text_ = [&](const std::string& t) { return [&t](std::ostream& o) { o << t; }; };
  auto done = [&](Status s) {
    if (written) *written = list;
    return s;
  };
  // (streamed as nlohmann prints dump(2): the text of a big run's report is
  // megabytes, and a copy plus the newline appended another)
  if (Status s = put("report.json", [&](std::ostream& o) { o << std::setw(2) << report << '\n'; }); !s.ok())
    return done(s);
  if (Status s = put("report.txt", text_(text)); !s.ok()) return done(s);

  HtmlReportInput html;
  html.report = &report;
  html.timelineSvg = renderTimelineSvg(sim, rec, TimelineOptions{options.window, options.timelineMessages});
  html.topologyDot = runTopologyDot(sim);
  html.explore = [&](std::ostream& o) { writeExploreData(o, sim, rec); };
  if (Status s = put("timeline.svg", text_(html.timelineSvg)); !s.ok()) return done(s);
  if (Status s = put("topology.dot", text_(html.topologyDot)); !s.ok()) return done(s);

  html.files = {{"report.json", "the JSON report (format v1)"},
                {"report.txt", "the text report"},
                {"timeline.svg", "the space-time diagram above, on its own"},
                {"topology.dot", "the topology with its end state, for Graphviz"}};
  const size_t nodes = sim.topology().nodeCount(), links = sim.topology().links().size();
  const GraphvizLayout layout = topologyLayout(nodes, links);
  bool drawnSvg = false;
  if (layout == GraphvizLayout::None) {
    html.topologyNote = fmt::format(
        "Not drawn: {} nodes and {} links are more than Graphviz lays out in seconds (topology.svg is drawn up to {} "
        "nodes and {} links, by sfdp above {} nodes or {} links). To draw it anyway: sfdp -Tsvg topology.dot -o "
        "topology.svg",
        nodes, links, kSfdpMaxNodes, kSfdpMaxLinks, kDotMaxNodes, kDotMaxLinks);
    list.push_back({"topology.svg", std::nullopt,
                    fmt::format("too big to draw quickly ({} nodes, {} links); by hand: sfdp -Tsvg {} -o {}", nodes,
                                links, (out / "topology.dot").string(), (out / "topology.svg").string())});
  } else {
    const Expected<DotOutcome> drawn =
        renderDotSvg((out / "topology.dot").string(), (out / "topology.svg").string(), layout);
    if (drawn && *drawn == DotOutcome::Rendered) {
      html.topologySvg = inlineSvg(out / "topology.svg");
      html.files.push_back({"topology.svg", layout == GraphvizLayout::Dot
                                                ? "the topology drawn by Graphviz"
                                                : "the topology drawn by Graphviz (sfdp: a big graph)"});
      std::error_code sizeError;
      const uintmax_t bytes = fs::file_size(out / "topology.svg", sizeError);
      list.push_back({"topology.svg", sizeError ? 0 : static_cast<uint64_t>(bytes),
                      layout == GraphvizLayout::Dot ? "" : "laid out by sfdp (a big graph)"});
      drawnSvg = true;
    } else if (!drawn) {
      warnings << "replsim: warning: topology.svg not drawn: " << drawn.error() << "\n";
      list.push_back({"topology.svg", std::nullopt, drawn.error()});
    } else {
      list.push_back({"topology.svg", std::nullopt, "Graphviz is not installed"});
    }
  }
  // Not drawn (too big, not installed, or failed: only a warning, and
  // report.html shows the DOT text or the note instead); either way no
  // topology.svg from an earlier run stays.
  if (!drawnSvg) fs::remove(out / "topology.svg", ec);

  const ExportedEvents window = rec.exportWindow(options.outEvents);
  const std::string traceNote = windowNote(window, "holds"), shivizNote = windowNote(window, "communication among");
  html.files.push_back({"trace.json", "Chrome trace format: open it in ui.perfetto.dev or chrome://tracing" +
                                          (traceNote.empty() ? std::string() : "; " + traceNote)});
  html.files.push_back({"shiviz.log", "vector-clock log: paste or upload it at bestchai.bitbucket.io/shiviz" +
                                          (shivizNote.empty() ? std::string() : "; " + shivizNote)});
  html.files.push_back({"timeseries.csv", "pending messages and staleness per replica over time"});

  if (Status s = put("report.html", [&](std::ostream& o) { writeHtmlReport(o, html); }); !s.ok()) return done(s);
  if (Status s = put(
          "trace.json", [&](std::ostream& o) { writePerfettoTrace(sim, rec, o, options.outEvents); }, traceNote);
      !s.ok())
    return done(s);
  if (Status s = put(
          "shiviz.log", [&](std::ostream& o) { writeShivizLog(sim, rec, o, options.outEvents); }, shivizNote);
      !s.ok())
    return done(s);
  return done(put("timeseries.csv", [&](std::ostream& o) { writeTimeSeriesCsv(sim, rec, o); }));
}

}  // namespace replsim
