// Tests of what keeps `replsim run --out` bounded on big runs: the event
// exports' window (--out-events), the size limit of the topology picture,
// and the list of files written.

#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/TestSupport.h"
#include "tests/report/RecordedRun.h"
#include "sim/cli/Cli.h"
#include "sim/metrics/RunStats.h"
#include "sim/replication/Simulation.h"
#include "sim/report/EventRecorder.h"
#include "sim/report/ExpectationChecker.h"
#include "sim/report/ExploreData.h"
#include "sim/report/GraphvizSvg.h"
#include "sim/report/JsonReport.h"
#include "sim/report/PerfettoTrace.h"
#include "sim/report/RunArtifacts.h"
#include "sim/report/ShivizLog.h"
#include "sim/report/TextReport.h"
#include "sim/scenario/ScenarioLoader.h"

using namespace replsim;
namespace fs = std::filesystem;

namespace {

using Recorded = testing::RecordedRun;
std::unique_ptr<Recorded> record(const Scenario& s, size_t maxRecords = EventRecorder::kDefaultMaxRecords) {
  return testing::recordRun(s, maxRecords);
}
std::unique_ptr<Recorded> shippedRun(const char* name, size_t maxRecords = EventRecorder::kDefaultMaxRecords) {
  return testing::recordShipped(name, maxRecords);
}

// Every event of the kinds steps hold, counted from the logs themselves
// (nothing left out when the recorder is uncapped for the run's size).
uint64_t eventsInLogs(const EventRecorder& rec) {
  uint64_t arrived = 0;
  for (const RecordedMessage& m : rec.messages())
    arrived += m.fate == MessageFate::Delivered || m.fate == MessageFate::Dropped;
  return rec.clientOps().size() + rec.reads().size() + rec.messages().size() + arrived + rec.applies().size() +
         rec.conflictCount();
}

fs::path freshDir(const std::string& tag) {
  const fs::path p = fs::temp_directory_path() / ("replsim-outbounds-" + tag + "-" + std::to_string(::getpid()));
  fs::remove_all(p);
  return p;
}

std::string readAll(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

}  // namespace

TEST_CASE("report::EventRecorder: events() counts every event, recorded or not", "[report][out]") {
  auto full = shippedRun("lossy-workload.json");
  REQUIRE(full->recorder->events() > 100);
  CHECK(full->recorder->events() == eventsInLogs(*full->recorder));
  CHECK(full->recorder->events() == full->recorder->steps().size());
  // Capped at 20 records per log: the count is the same run's.
  auto capped = shippedRun("lossy-workload.json", 20);
  CHECK(capped->recorder->events() == full->recorder->events());
  CHECK(capped->recorder->steps().size() < full->recorder->events());
  const ExportedEvents w = full->recorder->exportWindow(40);
  CHECK(w.written == 40);
  CHECK(w.notWritten == full->recorder->events() - 40);
  const ExportedEvents all = full->recorder->exportWindow(UINT64_MAX);
  CHECK(all.written == full->recorder->events());
  CHECK(all.notWritten == 0);
}

TEST_CASE("report::PerfettoTrace: --out-events keeps the first N events and says how many are left out",
          "[report][out]") {
  auto run = shippedRun("lossy-workload.json");
  const uint64_t total = run->recorder->events();
  const uint64_t n = 40;
  std::ostringstream out;
  const ExportedEvents w = writePerfettoTrace(*run->sim, *run->recorder, out, n);
  CHECK(w.written == n);
  CHECK(w.notWritten == total - n);
  const auto trace = nlohmann::json::parse(out.str());
  CHECK(trace["otherData"]["events_written"] == n);
  CHECK(trace["otherData"]["events_not_written"] == total - n);
  CHECK_THAT(trace["otherData"]["note"].get<std::string>(), Catch::Contains("--out-events"));
  // One slice or instant per step in the window; every flow start finishes.
  size_t slices = 0;
  std::map<uint64_t, int> starts, finishes;
  for (const auto& e : trace["traceEvents"]) {
    const std::string ph = e["ph"];
    slices += ph == "X" || ph == "i";
    if (ph == "s") ++starts[e["id"].get<uint64_t>()];
    if (ph == "f") ++finishes[e["id"].get<uint64_t>()];
  }
  CHECK(slices == n);
  CHECK(starts == finishes);
  // Flows: exactly the messages whose send and arrival are both among the first n steps.
  size_t arrivals = 0;
  for (size_t i = 0; i < n; ++i) arrivals += run->recorder->steps()[i].kind == StepKind::Arrive;
  CHECK(finishes.size() == arrivals);

  SECTION("uncapped: no note, every step") {
    std::ostringstream whole;
    const ExportedEvents all = writePerfettoTrace(*run->sim, *run->recorder, whole);
    CHECK(all.written == total);
    CHECK(all.notWritten == 0);
    const auto j = nlohmann::json::parse(whole.str());
    CHECK_FALSE(j["otherData"].contains("events_not_written"));
    CHECK_FALSE(j["otherData"].contains("note"));
  }
}

TEST_CASE("report::ShivizLog: --out-events keeps the communication among the first N events", "[report][out]") {
  auto run = shippedRun("lossy-workload.json");
  const uint64_t n = 60;
  std::ostringstream out;
  const ExportedEvents w = writeShivizLog(*run->sim, *run->recorder, out, n);
  CHECK(w.written == n);
  CHECK(w.notWritten == run->recorder->events() - n);
  // Expected: the client writes that did not fail, the sends and the arrivals among the first n steps.
  size_t expected = 0;
  for (size_t i = 0; i < n; ++i) {
    const Step& s = run->recorder->steps()[i];
    if (s.kind == StepKind::Send || s.kind == StepKind::Arrive) ++expected;
    if (s.kind == StepKind::ClientOp && !run->recorder->clientOps()[s.index].failed) ++expected;
  }
  REQUIRE(expected > 0);
  // Two lines per event after the regex line and the empty delimiter line.
  const std::string log = out.str();
  CHECK(count(log, "\n") == 2 + 2 * expected);
}

TEST_CASE("report::GraphvizSvg: the topology picture's size limits", "[report][out]") {
  CHECK(topologyLayout(3, 6) == GraphvizLayout::Dot);
  CHECK(topologyLayout(kDotMaxNodes, kDotMaxLinks) == GraphvizLayout::Dot);
  CHECK(topologyLayout(kDotMaxNodes + 1, 10) == GraphvizLayout::Sfdp);
  CHECK(topologyLayout(10, kDotMaxLinks + 1) == GraphvizLayout::Sfdp);
  CHECK(topologyLayout(1000, 1000) == GraphvizLayout::Sfdp);  // a ring of 1000
  CHECK(topologyLayout(kSfdpMaxNodes + 1, 10) == GraphvizLayout::None);
  CHECK(topologyLayout(33, 33 * 32) == GraphvizLayout::None);  // all-to-all of 33: 1056 links
  CHECK(topologyLayout(64, 64 * 63) == GraphvizLayout::None);
  CHECK(std::string(toString(GraphvizLayout::Sfdp)) == "sfdp");
}

TEST_CASE("report::RunArtifacts: a topology too big to draw is listed as not written, with the way to draw it",
          "[report][out]") {
  const Scenario s = replsim::testing::loadScenario(R"({"replsim": 1, "name": "big",
    "topology": {"kind": "all-to-all", "leaders": {"count": 33}},
    "writes": [{"at_ms": 0, "leader": "L1", "key": "x", "value": "1"}]})");
  auto run = record(s);
  const fs::path dir = freshDir("big");
  // A picture from an earlier run must not survive.
  fs::create_directories(dir);
  std::ofstream(dir / "topology.svg") << "<svg/>";
  std::ostringstream warnings;
  std::vector<WrittenFile> files;
  REQUIRE(writeRunArtifacts(*run->sim, *run->recorder, run->report, run->text, dir.string(), {}, warnings, &files).ok());
  CHECK(warnings.str().empty());
  CHECK_FALSE(fs::exists(dir / "topology.svg"));
  std::vector<std::string> names;
  for (const WrittenFile& f : files) {
    names.push_back(f.name);
    if (f.name == "topology.svg") {
      CHECK_FALSE(f.bytes.has_value());
      CHECK_THAT(f.note, Catch::Contains("33 nodes, 1056 links"));
      CHECK_THAT(f.note, Catch::Contains("sfdp -Tsvg"));
    } else {
      REQUIRE(f.bytes.has_value());
      CHECK(*f.bytes == fs::file_size(dir / f.name));
      CHECK(f.note.empty());  // 33 writes' worth of events: nothing left out
    }
  }
  CHECK(names == std::vector<std::string>{"report.json", "report.txt", "timeline.svg", "topology.dot", "topology.svg",
                                          "report.html", "trace.json", "shiviz.log", "timeseries.csv"});
  const std::string html = readAll(dir / "report.html");
  CHECK_THAT(html, Catch::Contains("Not drawn: 33 nodes and 1056 links"));
  CHECK(html.find("digraph") == std::string::npos);  // no DOT text dump either
  const std::string listing = writtenFilesText(dir.string(), files);
  CHECK_THAT(listing, Catch::StartsWith("replsim: wrote 8 files to " + dir.string() + ":\n"));
  CHECK(count(listing, "\n") == 10);
  CHECK_THAT(listing, Catch::Contains("not written"));
  fs::remove_all(dir);
}

TEST_CASE("report::RunArtifacts: the size column and the notes of the list", "[report][out]") {
  const std::string text =
      writtenFilesText("D", {{"a.json", 999, ""}, {"trace.json", 27'123'456, "holds the first 5 events"},
                             {"topology.svg", std::nullopt, "why"}, {"b", 1500, ""}});
  CHECK(text ==
        "replsim: wrote 3 files to D:\n"
        "  a.json              999 B\n"
        "  trace.json        27.1 MB  holds the first 5 events\n"
        "  topology.svg  not written  why\n"
        "  b                  1.5 kB\n");
}

TEST_CASE("cli::Cli: run --out lists the files on stderr; --out-events caps the event exports", "[cli][out]") {
  const std::string scenario = (fs::path(REPLSIM_SOURCE_DIR) / "scenarios" / "lossy-workload.json").string();
  auto cli = [](std::vector<std::string> args, std::string& out, std::string& err) {
    std::vector<const char*> argv{"replsim"};
    for (const std::string& a : args) argv.push_back(a.c_str());
    std::istringstream in;
    std::ostringstream o, e;
    const int status = runCli(static_cast<int>(argv.size()), argv.data(), in, o, e);
    out = o.str();
    err = e.str();
    return status;
  };
  auto full = shippedRun("lossy-workload.json");
  const uint64_t total = full->recorder->events();
  const fs::path dir = freshDir("cli");
  std::string out, err;
  SECTION("default: everything fits, the list has no notes, stdout stays the JSON report") {
    REQUIRE(total < ArtifactOptions::kDefaultOutEvents);
    CHECK(cli({"run", scenario, "--format", "json", "--out", dir.string()}, out, err) == 0);
    CHECK_NOTHROW(nlohmann::json::parse(out));
    CHECK_THAT(err, Catch::StartsWith("replsim: wrote "));
    for (const char* f : {"report.json", "report.txt", "timeline.svg", "topology.dot", "report.html", "trace.json",
                          "shiviz.log", "timeseries.csv"})
      CHECK_THAT(err, Catch::Contains(std::string("\n  ") + f));
    CHECK(err.find("more not written") == std::string::npos);
  }
  SECTION("--out-events 25") {
    CHECK(cli({"run", scenario, "--out", dir.string(), "--out-events", "25"}, out, err) == 0);
    const std::string note = "the first 25 events; " + std::to_string(total - 25) + " more not written";
    CHECK(count(err, note) == 2);  // trace.json and shiviz.log
    const auto trace = nlohmann::json::parse(readAll(dir / "trace.json"));
    CHECK(trace["otherData"]["events_written"] == 25);
    CHECK(trace["otherData"]["events_not_written"] == total - 25);
    CHECK_THAT(readAll(dir / "report.html"), Catch::Contains(note));
  }
  SECTION("--out-events all") {
    CHECK(cli({"run", scenario, "--out", dir.string(), "--out-events", "all"}, out, err) == 0);
    CHECK(err.find("more not written") == std::string::npos);
    CHECK_FALSE(nlohmann::json::parse(readAll(dir / "trace.json"))["otherData"].contains("events_not_written"));
  }
  SECTION("a bad --out-events is bad input") {
    CHECK(cli({"run", scenario, "--out", dir.string(), "--out-events", "many"}, out, err) == 1);
    CHECK_THAT(err, Catch::Contains("expected a whole number of events or all, got many"));
  }
  SECTION("--out-events without --out is a warning") {
    CHECK(cli({"run", scenario, "--out-events", "5"}, out, err) == 0);
    CHECK_THAT(err, Catch::Contains("--out-events only applies with --out"));
  }
  fs::remove_all(dir);
}

TEST_CASE("report::ExploreData: report.html's data stays the default recorder's with --out-events all",
          "[report][out]") {
  // 10 leaders all-to-all, 25,000 writes: 250,000 applies, more than the default cap.
  const Scenario s = replsim::testing::loadScenario(R"({"replsim": 1, "name": "many-applies",
    "topology": {"kind": "all-to-all", "leaders": {"count": 10}},
    "workload": {"leaders": "all", "rate_per_s": 1000, "duration_ms": 2500, "keys": 50}})");
  Simulation sim(s);
  EventRecorder capped(sim), everything(sim, SIZE_MAX);
  sim.addObserver(&capped);
  sim.addObserver(&everything);
  sim.run();
  REQUIRE(everything.applies().size() > EventRecorder::kDefaultMaxRecords);
  CHECK(capped.applies().size() == EventRecorder::kDefaultMaxRecords);
  const ReportJson a = ReportJson::parse(exploreData(sim, capped)), b = ReportJson::parse(exploreData(sim, everything));
  size_t applies = 0;
  for (const auto& c : b["changes"]) applies += c[2] == "apply" || c[2] == "covered";
  CHECK(applies == EventRecorder::kDefaultMaxRecords);
  CHECK(a == b);
}
