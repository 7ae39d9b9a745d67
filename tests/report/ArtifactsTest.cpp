// Tests of what `replsim run --out DIR` writes: the EventRecorder behind the
// pictures, timeline.svg, report.html, trace.json, shiviz.log,
// timeseries.csv, topology.dot, and writeRunArtifacts as a whole.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "sim/replication/Simulation.h"
#include "sim/report/EventRecorder.h"
#include "sim/report/ExploreData.h"
#include "sim/report/ExpectationChecker.h"
#include "sim/report/HtmlReport.h"
#include "sim/report/JsonReport.h"
#include "sim/report/PerfettoTrace.h"
#include "sim/report/RunArtifacts.h"
#include "sim/metrics/RunStats.h"
#include "sim/report/RunTopologyDot.h"
#include "sim/report/ShivizLog.h"
#include "sim/report/TextReport.h"
#include "sim/report/TimeSeriesCsv.h"
#include "sim/report/TimelineSvg.h"
#include "sim/scenario/ScenarioLoader.h"
#include "tests/report/RecordedRun.h"

using namespace replsim;
namespace fs = std::filesystem;

namespace {

// ------------------------------------------------------------ a finished run

using Run = testing::RecordedRun;

std::unique_ptr<Run> runScenarioFile(const std::string& name, size_t maxRecords = EventRecorder::kDefaultMaxRecords) {
  return testing::recordShipped(name, maxRecords);
}

std::string timeline(const Run& r, TimelineOptions options = {}) {
  return renderTimelineSvg(*r.sim, *r.recorder, options);
}

// What report.html is made of, for a finished run (no files, no explore data).
HtmlReportInput htmlInput(const Run& r) {
  HtmlReportInput in;
  in.report = &r.report;
  in.timelineSvg = timeline(r);
  in.topologyDot = runTopologyDot(*r.sim);
  return in;
}

template <class Writer>
std::string written(const Run& r, Writer write) {
  std::ostringstream out;
  if constexpr (std::is_invocable_v<Writer, const Simulation&, const EventRecorder&, std::ostream&, uint64_t>)
    write(*r.sim, *r.recorder, out, UINT64_MAX);
  else
    write(*r.sim, *r.recorder, out);
  return out.str();
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

std::string readFile(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// A fresh folder under the system temp dir, removed at the end of the test.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& tag) {
    path = fs::temp_directory_path() / ("replsim-artifacts-" + tag + "-" + std::to_string(::getpid()));
    fs::remove_all(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// --------------------------------------------- a strict XML well-formedness check
//
// Accepts: an optional prolog of <?...?>, comments and one <!DOCTYPE ...>
// (no internal subset), exactly one root element, then only whitespace,
// comments and PIs. Inside: start tags with quoted, unique attributes, end
// tags matching their start, empty-element tags, comments (no "--" inside),
// CDATA sections, PIs, and character data whose only references are the
// five predefined entities and numeric character references. Returns "" when
// well-formed, otherwise what is wrong and where.
class XmlChecker {
 public:
  explicit XmlChecker(const std::string& text) : s_(text) {}

  std::string check() {
    misc(true);
    if (!at("<") || at("</")) return fail("expected the root element");
    if (!element()) return error_;
    misc(false);
    if (!error_.empty()) return error_;
    if (pos_ != s_.size()) return fail("content after the root element");
    return "";
  }

 private:
  bool at(const char* lit) const { return s_.compare(pos_, std::char_traits<char>::length(lit), lit) == 0; }
  std::string fail(const std::string& what) {
    if (error_.empty()) error_ = what + " at offset " + std::to_string(pos_) + ": \"" + s_.substr(pos_, 40) + "\"";
    return error_;
  }
  void spaces() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool skipPast(const char* end) {
    const size_t found = s_.find(end, pos_);
    if (found == std::string::npos) return fail(std::string("unterminated, missing ") + end), false;
    pos_ = found + std::char_traits<char>::length(end);
    return true;
  }
  bool comment() {
    const size_t start = pos_ + 4;
    const size_t end = s_.find("-->", start);
    if (end == std::string::npos) return fail("unterminated comment"), false;
    if (s_.substr(start, end - start).find("--") != std::string::npos || (end > start && s_[end - 1] == '-'))
      return fail("\"--\" inside a comment"), false;
    pos_ = end + 3;
    return true;
  }
  // Prolog (before the root) or epilogue (after it).
  void misc(bool prolog) {
    bool doctype = false;
    while (error_.empty()) {
      spaces();
      if (at("<?")) {
        skipPast("?>");
      } else if (at("<!--")) {
        comment();
      } else if (prolog && !doctype && at("<!DOCTYPE")) {
        doctype = true;
        const size_t gt = s_.find('>', pos_);
        if (gt == std::string::npos || s_.substr(pos_, gt - pos_).find('[') != std::string::npos) {
          fail("unsupported DOCTYPE");
          return;
        }
        pos_ = gt + 1;
      } else {
        return;
      }
    }
  }
  static bool nameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':'; }
  static bool nameChar(char c) {
    return nameStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  }
  std::string name() {
    const size_t start = pos_;
    if (pos_ >= s_.size() || !nameStart(s_[pos_])) return "";
    while (pos_ < s_.size() && nameChar(s_[pos_])) ++pos_;
    return s_.substr(start, pos_ - start);
  }
  bool reference() {  // at '&'
    const size_t semi = s_.find(';', pos_);
    if (semi == std::string::npos || semi - pos_ > 12) return fail("bad entity reference"), false;
    const std::string ref = s_.substr(pos_ + 1, semi - pos_ - 1);
    bool ok = ref == "amp" || ref == "lt" || ref == "gt" || ref == "quot" || ref == "apos";
    if (!ok && ref.size() > 1 && ref[0] == '#') {
      const bool hex = ref[1] == 'x';
      const std::string digits = ref.substr(hex ? 2 : 1);
      ok = !digits.empty() && std::all_of(digits.begin(), digits.end(), [&](char c) {
        return hex ? std::isxdigit(static_cast<unsigned char>(c)) : std::isdigit(static_cast<unsigned char>(c));
      });
    }
    if (!ok) return fail("unknown entity &" + ref + ";"), false;
    pos_ = semi + 1;
    return true;
  }
  bool startTag(std::string& tag, bool& empty) {
    ++pos_;  // '<'
    tag = name();
    if (tag.empty()) return fail("bad tag name"), false;
    std::set<std::string> seen;
    while (true) {
      const size_t before = pos_;
      spaces();
      if (at("/>")) {
        pos_ += 2;
        empty = true;
        return true;
      }
      if (at(">")) {
        ++pos_;
        empty = false;
        return true;
      }
      if (pos_ == before) return fail("expected whitespace before an attribute"), false;
      const std::string attr = name();
      if (attr.empty()) return fail("bad attribute name in <" + tag + ">"), false;
      if (!seen.insert(attr).second) return fail("duplicate attribute " + attr), false;
      spaces();
      if (!at("=")) return fail("attribute without value"), false;
      ++pos_;
      spaces();
      if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\'')) return fail("unquoted attribute"), false;
      const char quote = s_[pos_++];
      while (pos_ < s_.size() && s_[pos_] != quote) {
        if (s_[pos_] == '<') return fail("'<' in an attribute value"), false;
        if (s_[pos_] == '&') {
          if (!reference()) return false;
        } else {
          ++pos_;
        }
      }
      if (pos_ >= s_.size()) return fail("unterminated attribute value"), false;
      ++pos_;
    }
  }
  bool element() {
    std::vector<std::string> open;
    do {
      if (at("<!--")) {
        if (!comment()) return false;
      } else if (at("<![CDATA[")) {
        if (!skipPast("]]>")) return false;
      } else if (at("<?")) {
        if (!skipPast("?>")) return false;
      } else if (at("</")) {
        pos_ += 2;
        const std::string tag = name();
        spaces();
        if (!at(">")) return fail("bad end tag"), false;
        ++pos_;
        if (open.empty() || open.back() != tag)
          return fail("end tag </" + tag + "> does not match <" + (open.empty() ? "" : open.back()) + ">"), false;
        open.pop_back();
      } else if (at("<")) {
        std::string tag;
        bool empty = false;
        if (!startTag(tag, empty)) return false;
        if (!empty) open.push_back(tag);
      } else if (at("&")) {
        if (!reference()) return false;
      } else if (pos_ < s_.size()) {
        ++pos_;
      } else {
        return fail("unclosed <" + open.back() + ">"), false;
      }
    } while (!open.empty());
    return true;
  }

  const std::string& s_;
  size_t pos_ = 0;
  std::string error_;
};

std::string xmlError(const std::string& text) { return XmlChecker(text).check(); }

// ------------------------------------------------------------ shiviz parsing

struct ShivizEvent {
  std::string host;
  std::map<std::string, uint64_t> clock;
  std::string text;
};

std::vector<ShivizEvent> parseShiviz(const std::string& log, std::string& regexLine, std::string& delimiterLine) {
  std::vector<std::string> lines;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  REQUIRE(lines.size() >= 2);
  regexLine = lines[0];
  delimiterLine = lines[1];
  REQUIRE((lines.size() - 2) % 2 == 0);
  std::vector<ShivizEvent> events;
  for (size_t i = 2; i < lines.size(); i += 2) {
    const size_t space = lines[i].find(' ');
    REQUIRE(space != std::string::npos);
    ShivizEvent e;
    e.host = lines[i].substr(0, space);
    const auto clock = nlohmann::json::parse(lines[i].substr(space + 1));
    REQUIRE(clock.is_object());
    for (const auto& [k, v] : clock.items()) e.clock[k] = v.get<uint64_t>();
    e.text = lines[i + 1];
    events.push_back(std::move(e));
  }
  return events;
}

// "send A#1 x=1 → B (path A)" -> (A#1, B, "A"); "deliver A#1 ← A (path A)..." -> (A#1, A, "A").
std::tuple<std::string, std::string, std::string> messageOf(const std::string& text, const char* arrow) {
  const std::string write = text.substr(text.find(' ') + 1, text.find(' ', text.find(' ') + 1) - text.find(' ') - 1);
  const size_t a = text.find(arrow);
  const size_t peerStart = a + std::char_traits<char>::length(arrow);
  const std::string peer = text.substr(peerStart, text.find(' ', peerStart) - peerStart);
  const size_t p = text.find("(path ");
  const std::string path = text.substr(p + 6, text.find(')', p) - p - 6);
  return {write, peer, path};
}

}  // namespace

// =================================================================== tests

TEST_CASE("report::Artifacts: the XML checker these tests rely on is strict", "[report][artifacts]") {
  CHECK(xmlError("<?xml version=\"1.0\"?>\n<!DOCTYPE html>\n<a x=\"1\" y='&amp;'><b/>t&#233;&#x41;<!-- c --></a>\n") ==
        "");
  for (const char* bad : {"<a><b></a></b>", "<a x=1/>", "<a>&nbsp;</a>", "<a/><b/>", "<a x='1' x='2'/>", "<a>",
                          "text", "<a><!-- x -- y --></a>", "<a x=\"<\"/>", "<a>&amp</a>"}) {
    INFO(bad);
    CHECK(xmlError(bad) != "");
  }
}

TEST_CASE("report::EventRecorder: records every message, its fate and the fault intervals", "[report][artifacts]") {
  SECTION("overtaking-none: four messages, one overtaking B#1 → C") {
    auto run = runScenarioFile("overtaking-none.json");
    const auto& msgs = run->recorder->messages();
    REQUIRE(msgs.size() == 4);
    CHECK(run->recorder->messagesSent() == run->report["messages"]["sent"].get<uint64_t>());
    size_t overtaking = 0;
    for (const RecordedMessage& m : msgs) {
      CHECK(m.fate == MessageFate::Delivered);
      CHECK(m.ended >= m.resent);
      if (m.overtook != UINT32_MAX) {
        ++overtaking;
        CHECK(run->sim->writeName(m.write) == "B#1");
        CHECK(run->sim->nodeName(m.to) == "C");
        CHECK(run->sim->writeName(m.overtook) == "A#1");
      }
    }
    CHECK(overtaking == 1);
    CHECK_FALSE(run->recorder->truncated());
  }
  SECTION("ring-path-tags: drops keep their reason") {
    auto run = runScenarioFile("ring-path-tags.json");
    size_t dropped = 0;
    for (const RecordedMessage& m : run->recorder->messages())
      if (m.fate == MessageFate::Dropped) {
        ++dropped;
        CHECK(m.reason == DropReason::Path);
      }
    CHECK(dropped == run->report["messages"]["dropped"]["path"].get<uint64_t>());
  }
  SECTION("star-hub-failure: the crash is an interval, the messages to H wait in the log") {
    auto run = runScenarioFile("star-hub-failure.json");
    const auto& faults = run->recorder->faults();
    auto crash = [](const FaultInterval& f) { return f.kind == IntervalKind::Crash; };
    REQUIRE(std::count_if(faults.begin(), faults.end(), crash) == 1);
    for (const RecordedMessage& m : run->recorder->messages()) {
      CHECK(m.fate == MessageFate::InFlight);
      CHECK(m.waiting);
      CHECK(m.outages >= 1);
    }
  }
  SECTION("partition-heal: a partition from its fault to the heal") {
    auto run = runScenarioFile("partition-heal.json");
    const auto& faults = run->recorder->faults();
    auto partition = [](const FaultInterval& f) { return f.kind == IntervalKind::Partition; };
    auto p = std::find_if(faults.begin(), faults.end(), partition);
    REQUIRE(p != faults.end());
    CHECK(p->to != SimTime::max());
    CHECK(p->from < p->to);
    for (const RecordedMessage& m : run->recorder->messages()) {
      CHECK(m.resent >= m.sent);
      if (m.fate == MessageFate::Delivered) CHECK(m.ended >= m.resent);
    }
  }
  SECTION("a cap keeps the first records and counts the rest") {
    auto run = runScenarioFile("lossy-workload.json", 10);
    CHECK(run->recorder->messages().size() == 10);
    CHECK(run->recorder->applies().size() == 10);
    CHECK(run->recorder->messagesSent() == run->report["messages"]["sent"].get<uint64_t>());
    CHECK(run->recorder->truncated());
    CHECK(timeline(*run).find("only the first 10 were recorded") != std::string::npos);
  }
}

TEST_CASE("report::TimelineSvg: a well-formed space-time diagram of the run", "[report][artifacts]") {
  SECTION("overtaking-none: one arrow per message, the overtaking one red and labelled") {
    auto run = runScenarioFile("overtaking-none.json");
    const std::string svg = timeline(*run);
    INFO(svg.substr(0, 400));
    CHECK(xmlError(svg) == "");
    CHECK(count(svg, "class=\"rs-msg") == run->recorder->messages().size());
    CHECK(count(svg, "class=\"rs-msg rs-overtake\" stroke=\"#d62728\"") == 1);
    CHECK(svg.find("overtakes A#1") != std::string::npos);
    CHECK(svg.find("A#1 x=1") != std::string::npos);  // the client write
    CHECK(svg.find("x: B#1 skipped (update_missing)") != std::string::npos);
    CHECK(svg.find("DIVERGED") != std::string::npos);
    for (const char* lane : {">A<", ">B<", ">C<"}) CHECK(svg.find(lane) != std::string::npos);
    CHECK(svg.find(" ms</text>") != std::string::npos);  // the time axis
  }
  SECTION("ring-path-tags: drops are crossed out at the receiver and name the reason") {
    auto run = runScenarioFile("ring-path-tags.json");
    const std::string svg = timeline(*run);
    CHECK(xmlError(svg) == "");
    const uint64_t dropped = run->report["messages"]["dropped"]["path"].get<uint64_t>();
    REQUIRE(dropped > 0);
    CHECK(count(svg, "class=\"rs-drop-x\"") == dropped);
    CHECK(count(svg, "class=\"rs-msg rs-dropped\"") == dropped);
    CHECK(svg.find("drop: path") != std::string::npos);
    CHECK(svg.find("converged at") != std::string::npos);
  }
  SECTION("faults are shaded: crash, partition") {
    auto crash = runScenarioFile("star-hub-failure.json");
    const std::string a = timeline(*crash);
    CHECK(xmlError(a) == "");
    CHECK(count(a, "class=\"rs-crash\"") == 1);
    CHECK(count(a, "class=\"rs-wait\"") == crash->recorder->messages().size());
    auto partition = runScenarioFile("partition-heal.json");
    const std::string b = timeline(*partition);
    CHECK(xmlError(b) == "");
    CHECK(count(b, "class=\"rs-partition\"") == 1);
  }
  SECTION("big runs: a window, said in the title") {
    auto run = runScenarioFile("lossy-workload.json");
    TimelineOptions small;
    small.maxMessages = 100;
    const std::string svg = timeline(*run, small);
    CHECK(xmlError(svg) == "");
    CHECK(count(svg, "class=\"rs-msg") == 100);
    CHECK(svg.find("100 of 1,716 messages drawn") != std::string::npos);
    CHECK(svg.find("--window FROM_MS:TO_MS") != std::string::npos);

    TimelineOptions windowed;
    const auto window = parseTimeWindow("500:600");
    REQUIRE(window.ok());
    windowed.window = *window;
    const std::string w = timeline(*run, windowed);
    CHECK(xmlError(w) == "");
    CHECK(w.find("Showing 500.000–600.000 ms of a 2080.279 ms run") != std::string::npos);
    const size_t drawn = count(w, "class=\"rs-msg");
    CHECK(drawn > 0);
    CHECK(drawn < 300);
  }
  SECTION("--window is checked") {
    CHECK(parseTimeWindow("10:20.5")->to == SimTime::fromMs(20.5));
    // "1e999" is beyond a double (std::stod's out_of_range): still the
    // user's mistake, an error value rather than an exception.
    for (const char* bad : {"", "10", "20:10", "5:5", "-1:4", "a:b", "1:2:3", "0:1e13", "1e999:1e1000", "0:1e999"}) {
      INFO(bad);
      Expected<TimeWindow> window = Status::error("unset");
      REQUIRE_NOTHROW(window = parseTimeWindow(bad));
      CHECK_FALSE(window.ok());
      CHECK(window.error().find("--window") != std::string::npos);
    }
    CHECK(parseTimeWindow("a:b").error() == "--window must be FROM_MS:TO_MS, for example 0:250 (got \"a:b\")");
    CHECK(parseTimeWindow("20:10").error() == "--window FROM_MS:TO_MS needs 0 <= FROM < TO <= 1e12 (got \"20:10\")");
  }
}

TEST_CASE("report::HtmlReport: one self-contained, well-formed page", "[report][artifacts]") {
  auto run = runScenarioFile("overtaking-none.json");
  HtmlReportInput in = htmlInput(*run);
  in.files = {{"trace.json", "Perfetto"}};
  const std::string html = renderHtmlReport(in);
  CHECK(xmlError(html) == "");
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("id=\"summary\"") != std::string::npos);
  CHECK(html.find("✗ Diverged") != std::string::npos);
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("<pre>") != std::string::npos);  // no topology SVG given: the DOT text
  SECTION("tables from the JSON report") {
    for (const char* heading : {">Leaders<", ">Messages<", ">Writes<", ">Conflicts<", ">Expectations<", ">Topology<",
                                "Every discarded write"})
      CHECK(html.find(heading) != std::string::npos);
    CHECK(html.find("update_missing") != std::string::npos);
    CHECK(count(html, ">✓</td>") == run->report["expectations"].size());
  }
  SECTION("nothing is fetched: no scripts, no remote sources") {
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("src=") == std::string::npos);
    CHECK(html.find("@import") == std::string::npos);
  }
  SECTION("a converged run says so") {
    auto ok = runScenarioFile("overtaking-causal.json");
    const std::string page = renderHtmlReport(htmlInput(*ok));
    CHECK(xmlError(page) == "");
    CHECK(page.find("✓ Converged") != std::string::npos);
  }
}

TEST_CASE("report::ExploreData: each replica's state changes and the time series", "[report][artifacts]") {
  // overtaking-none (README): A inserts x=1 at 0 (B at 10, C at 100 over the
  // slow link); B updates it to 2 at 20, reaching A at 30 and C at 30, where
  // it is skipped as an update of a missing key.
  auto run = runScenarioFile("overtaking-none.json");
  const std::string text = exploreData(*run->sim, *run->recorder);
  const ReportJson d = ReportJson::parse(text);
  // Written piece by piece, it is exactly the document's compact dump.
  CHECK(d.dump() == text);
  CHECK(d["nodes"] == ReportJson({"A", "B", "C"}));
  CHECK(d["end_ms"] == 100.0);
  SECTION("changes in the order they happened") {
    const ReportJson expected = {
        {0.0, 0, "apply", "A#1", "x", "1"},   {10.0, 1, "apply", "A#1", "x", "1"},
        {20.0, 1, "apply", "B#1", "x", "2"},  {30.0, 0, "apply", "B#1", "x", "2"},
        {30.0, 2, "conflict", "x", "B#1", ""}, {100.0, 2, "apply", "A#1", "x", "1"}};
    CHECK(d["changes"] == expected);
  }
  SECTION("timeseries.csv's rows: every 1 ms from 0 to 100, 3 replicas each") {
    CHECK(d["series"]["step_ms"] == 1.0);
    CHECK(d["series"]["rows"].size() == 101 * 3);
    // At 50 ms C waits for A#1 (issued at 0): staleness 50, one message pending.
    bool seen = false;
    for (const auto& r : d["series"]["rows"])
      if (r[0] == 50.0 && r[1] == 2) {
        CHECK(r[2] == 1);
        CHECK(r[3] == 50.0);
        seen = true;
      }
    CHECK(seen);
  }
  SECTION("crashes and recoveries are changes too") {
    auto crashed = runScenarioFile("ring-node-recovery.json");
    const std::string crashedText = exploreData(*crashed->sim, *crashed->recorder);
    const ReportJson c = ReportJson::parse(crashedText);
    CHECK(c.dump() == crashedText);
    size_t crashes = 0, recoveries = 0;
    for (const auto& ch : c["changes"]) {
      crashes += ch[2] == "crash";
      recoveries += ch[2] == "recover";
    }
    CHECK(crashes == 1);
    CHECK(recoveries == 1);
  }
}

TEST_CASE("report::HtmlReport: the explorable page", "[report][artifacts]") {
  auto run = runScenarioFile("datacenters-follower-reads.json");
  HtmlReportInput in = htmlInput(*run);
  const std::string data = exploreData(*run->sim, *run->recorder);
  in.explore = [&](std::ostream& o) { writeExploreData(o, *run->sim, *run->recorder); };
  const std::string html = renderHtmlReport(in);
  CHECK(xmlError(html) == "");
  SECTION("one inline script, nothing fetched") {
    CHECK(count(html, "<script") == 1);
    CHECK(html.find("<script>//<![CDATA[") != std::string::npos);
    CHECK(html.find("src=") == std::string::npos);
    CHECK(html.find("fetch(") == std::string::npos);
    CHECK(html.find("XMLHttpRequest") == std::string::npos);
  }
  SECTION("the controls the script drives") {
    for (const char* id : {"zoom-in", "zoom-out", "zoom-reset", "filter-dropped", "filter-delivered", "time-slider",
                           "state-rows", "plot-pending", "plot-staleness", "journey", "selftest", "leaders-table"})
      CHECK(html.find(std::string("id=\"") + id + "\"") != std::string::npos);
  }
  SECTION("datacenters: roles, lag, failover setting, staleness of each read") {
    CHECK(html.find(">Datacenters<") != std::string::npos);
    CHECK(html.find("<th>role</th>") != std::string::npos);
    CHECK(html.find("<th>lag p99</th>") != std::string::npos);
    CHECK(html.find("<th>stale by</th>") != std::string::npos);
    CHECK(html.find("<td>follower</td>") != std::string::npos);
    // This harness runs without FreshnessStats: give the first read the
    // staleness the full run reports for it (us2, 48 ms; report.txt).
    ReportJson withStale = run->report;
    REQUIRE(!withStale["reads"]["log"].empty());
    withStale["reads"]["log"][0]["stale_ms"] = 48.0;
    HtmlReportInput in2 = in;
    in2.report = &withStale;
    CHECK(renderHtmlReport(in2).find("<td class=\"num\">48.000 ms</td>") != std::string::npos);
  }
  SECTION("the data cannot end the script early") {
    ReportJson tricky = ReportJson::parse(data);
    tricky["changes"].push_back({1.0, 0, "apply", "A#9", "k", "</script>]]>"});
    const std::string trickyText = tricky.dump();
    // Written whole, or one character at a time: the escapes must not depend
    // on where one write ends and the next begins.
    for (const bool byCharacter : {false, true}) {
      HtmlReportInput in2 = in;
      in2.explore = [&](std::ostream& o) {
        if (!byCharacter) o << trickyText;
        else
          for (char c : trickyText) o.write(&c, 1);
      };
      const std::string page = renderHtmlReport(in2);
      CHECK(xmlError(page) == "");
      CHECK(count(page, "</script>") == 1);
      CHECK(page.find("<\\/script>]]\\u003e") != std::string::npos);
      // Nothing else changed: the script's data is the text, the two escapes undone.
      const size_t from = page.find("window.RS_DATA = ") + 17, to = page.find(";\n", from);
      std::string back = page.substr(from, to - from);
      back.replace(back.find("<\\/"), 3, "</");
      back.replace(back.find("\\u003e"), 6, ">");
      CHECK(back == trickyText);
    }
  }
  SECTION("the page holds the explore data as exploreData() gives it") {
    const size_t from = html.find("window.RS_DATA = ") + 17, to = html.find(";\n", from);
    CHECK(html.substr(from, to - from) == data);
  }
}

TEST_CASE("report::PerfettoTrace: Chrome trace JSON with paired flows", "[report][artifacts]") {
  for (const char* name :
       {"overtaking-none.json", "ring-path-tags.json", "partition-heal.json", "star-hub-failure.json"}) {
    DYNAMIC_SECTION(name) {
      auto run = runScenarioFile(name);
      const auto trace = nlohmann::json::parse(written(*run, writePerfettoTrace));
      REQUIRE(trace.contains("traceEvents"));
      const auto& events = trace["traceEvents"];
      std::map<uint64_t, int> starts, finishes;
      std::set<std::string> processes;
      size_t sends = 0, applies = 0;
      for (const auto& e : events) {
        const std::string ph = e["ph"];
        if (ph != "M") CHECK(e["ts"].is_number_integer());
        if (ph == "s") ++starts[e["id"].get<uint64_t>()];
        if (ph == "f") {
          ++finishes[e["id"].get<uint64_t>()];
          CHECK(e["bp"] == "e");
        }
        if (ph == "X") {
          CHECK(e["dur"].get<int64_t>() >= 1);
          sends += e["cat"] == "send";
          applies += e["cat"] == "apply";
        }
        if (ph == "M" && e["name"] == "process_name") {
          processes.insert(e["args"]["name"].get<std::string>());
          CHECK(e["pid"].get<uint32_t>() == *run->sim->topology().find(e["args"]["name"].get<std::string>()) + 1);
        }
      }
      CHECK(processes.size() == run->sim->nodeCount());
      CHECK(sends == run->recorder->messages().size());
      CHECK(applies == run->recorder->applies().size());
      CHECK(starts == finishes);  // every "s" id has exactly one "f"
      for (const auto& [id, n] : starts) CHECK(n == 1);
      size_t arrived = 0;
      for (const RecordedMessage& m : run->recorder->messages())
        arrived += m.fate == MessageFate::Delivered || m.fate == MessageFate::Dropped;
      CHECK(starts.size() == arrived);
    }
  }
}

TEST_CASE("report::ShivizLog: vector clocks that follow ShiViz's rules", "[report][artifacts]") {
  for (const char* name : {"overtaking-none.json", "ring-path-tags.json", "star-through-hub.json",
                           "partition-heal.json", "mysql-circular-origin.json"}) {
    DYNAMIC_SECTION(name) {
      auto run = runScenarioFile(name);
      std::string regex, delimiter;
      const auto events = parseShiviz(written(*run, writeShivizLog), regex, delimiter);
      CHECK(regex == "(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)");
      CHECK(delimiter.empty());
      using Clock = std::map<std::string, uint64_t>;
      std::map<std::string, Clock> last;  // host -> its previous clock
      // (write, from, to, path) -> clock of the send, first sent first.
      std::map<std::tuple<std::string, std::string, std::string, std::string>, std::vector<Clock>> sends;
      size_t receives = 0;
      for (const ShivizEvent& e : events) {
        INFO(e.host << " " << e.text);
        for (const auto& [k, v] : e.clock) CHECK(v > 0);  // only non-zero entries
        const auto& prev = last[e.host];
        const uint64_t own = prev.count(e.host) ? prev.at(e.host) : 0;
        CHECK(e.clock.at(e.host) == own + 1);  // every event counts 1 at its host
        if (e.text.rfind("send ", 0) == 0) {
          const auto [write, to, path] = messageOf(e.text, "→ ");
          sends[{write, e.host, to, path}].push_back(e.clock);
        } else if (e.text.rfind("deliver ", 0) == 0 || e.text.rfind("drop ", 0) == 0) {
          ++receives;
          const auto [write, from, path] = messageOf(e.text, "← ");
          auto& queue = sends[{write, from, e.host, path}];
          REQUIRE_FALSE(queue.empty());
          // receive = pointwise max(previous clock here, clock of the send), then own entry + 1
          Clock expected = prev;
          for (const auto& [k, v] : queue.front()) expected[k] = std::max(expected[k], v);
          expected[e.host] = own + 1;
          CHECK(e.clock == expected);
          queue.erase(queue.begin());
        } else {
          CHECK(e.text.rfind("write ", 0) == 0);
          Clock expected = prev;
          expected[e.host] = own + 1;
          CHECK(e.clock == expected);
        }
        last[e.host] = e.clock;
      }
      size_t arrived = 0;
      for (const RecordedMessage& m : run->recorder->messages())
        arrived += m.fate == MessageFate::Delivered || m.fate == MessageFate::Dropped;
      CHECK(receives == arrived);
    }
  }
}

TEST_CASE("report::TimeSeriesCsv: pending messages and staleness per replica", "[report][artifacts]") {
  auto check = [](const Run& run, bool expectSettled) {
    const std::string csv = written(run, writeTimeSeriesCsv);
    std::istringstream in(csv);
    std::string line;
    while (std::getline(in, line) && line.rfind("#", 0) == 0) {
    }
    REQUIRE(line == "time_ms,replica,pending_incoming,staleness_ms");
    std::map<std::string, std::vector<std::string>> lastRow;
    double lastTime = -1;
    size_t rows = 0;
    while (std::getline(in, line)) {
      std::vector<std::string> cells;
      std::istringstream row(line);
      for (std::string cell; std::getline(row, cell, ',');) cells.push_back(cell);
      REQUIRE(cells.size() == 4);
      const double t = std::stod(cells[0]);
      CHECK(t >= lastTime);
      lastTime = t;
      CHECK(run.sim->topology().find(cells[1]));
      CHECK(std::stoll(cells[2]) >= 0);
      CHECK(std::stod(cells[3]) >= 0);
      CHECK(std::stod(cells[3]) <= t);
      lastRow[cells[1]] = cells;
      ++rows;
    }
    CHECK(rows >= run.sim->nodeCount());
    CHECK(lastTime == run.sim->endTime().ms());
    if (expectSettled)
      for (const auto& [replica, cells] : lastRow) {
        INFO(replica);
        CHECK(cells[2] == "0");
        CHECK(cells[3] == "0.000");
      }
    return csv;
  };
  SECTION("a converged run ends up to date everywhere") {
    auto run = runScenarioFile("overtaking-causal.json");
    const std::string csv = check(*run, true);
    CHECK(csv.find(",C,1,") != std::string::npos);  // B#1 held at C for a while
  }
  SECTION("a long lossy run still converges, on a coarser grid") {
    auto run = runScenarioFile("lossy-workload.json");
    check(*run, true);
  }
  SECTION("a run stopped mid-outage is stale where the writes could not go") {
    auto run = runScenarioFile("star-hub-failure.json");
    const std::string csv = check(*run, false);
    CHECK(csv.find("300.000,H,3,") != std::string::npos);
  }
}

TEST_CASE("report::RunTopologyDot: the topology with the run's end state", "[report][artifacts]") {
  auto crashed = runScenarioFile("star-hub-failure.json");
  const std::string dot = runTopologyDot(*crashed->sim);
  CHECK(dot.find("\"H\" [style=\"filled,dashed\"") != std::string::npos);
  CHECK(dot.find("down: receiver crashed") != std::string::npos);
  CHECK(dot.rfind("}\n") == dot.size() - 2);
  auto clean = runScenarioFile("ring-path-tags.json");
  CHECK(runTopologyDot(*clean->sim).find("down:") == std::string::npos);
}

TEST_CASE("report::RunArtifacts: every file, byte-identical across runs", "[report][artifacts]") {
  const std::vector<std::string> files = {"report.json", "report.txt",  "timeline.svg", "topology.dot",
                                          "report.html", "trace.json",  "shiviz.log",   "timeseries.csv"};
  for (const char* name : {"overtaking-none.json", "partition-heal.json", "ring-auto-reconfigure.json"}) {
    DYNAMIC_SECTION(name) {
      TempDir a("a"), b("b");
      std::ostringstream err;
      auto first = runScenarioFile(name);
      REQUIRE(writeRunArtifacts(*first->sim, *first->recorder, first->report, first->text, a.path.string(), {}, err).ok());
      auto second = runScenarioFile(name);
      REQUIRE(writeRunArtifacts(*second->sim, *second->recorder, second->report, second->text,
                                (b.path / "nested").string(), {}, err)
                  .ok());
      CHECK(err.str().empty());
      for (const std::string& f : files) {
        INFO(f);
        REQUIRE(fs::exists(a.path / f));
        CHECK(readFile(a.path / f) == readFile(b.path / "nested" / f));
      }
      CHECK(readFile(a.path / "report.json") == first->report.dump(2) + "\n");
      CHECK(readFile(a.path / "report.txt") == first->text);
      CHECK(xmlError(readFile(a.path / "report.html")) == "");
      if (fs::exists(a.path / "topology.svg")) {
        CHECK(readFile(a.path / "topology.svg") == readFile(b.path / "nested" / "topology.svg"));
        CHECK(readFile(a.path / "report.html").find("class=\"graph\"") != std::string::npos);  // inlined
      }
    }
  }
  SECTION("an unwritable folder is an error with a message") {
    auto run = runScenarioFile("overtaking-none.json");
    TempDir t("file");
    std::ofstream(t.path.string()) << "a file, not a folder";
    std::ostringstream warnings;
    const Status written =
        writeRunArtifacts(*run->sim, *run->recorder, run->report, run->text, (t.path / "sub").string(), {}, warnings);
    CHECK_FALSE(written.ok());
    CHECK_THAT(written.message(), Catch::StartsWith("cannot create " + (t.path / "sub").string() + ": "));
    CHECK(warnings.str().empty());  // the error is the value, not a line on the stream
    fs::remove(t.path);
  }
}
