// Tests of the text report: it fits 100 columns and names every discarded
// write or says how many more there are and where they are listed.

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "tests/TestSupport.h"
#include "sim/report/TextReport.h"
#include "tests/report/QuorumRun.h"

using namespace replsim;
namespace fs = std::filesystem;

namespace {

// Columns of a UTF-8 line: one per code point.
size_t columns(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// Three leaders, all-to-all, lww; the conflict log is replaced below.
const char* kScenario = R"({
  "replsim": 1, "name": "t",
  "topology": { "kind": "all-to-all", "leaders": ["A", "B", "C"] },
  "links": { "default": { "latency_ms": 10 } },
  "writes": [ { "at_ms": 0, "leader": "A", "key": "x", "value": "1" } ]
})";

ReportJson discard(const std::string& write, const std::string& replica) {
  return {{"write", write}, {"replica", replica}, {"key", "x"}, {"in_favour_of", {"Z#1"}},
          {"by", "lww"},    {"type", "update_origin_differs"}, {"at_ms", 1.0}};
}

}  // namespace

TEST_CASE("report::TextReport: every shipped scenario's report fits 100 columns", "[report][text]") {
  size_t scenarios = 0;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(REPLSIM_SOURCE_DIR) / "scenarios"))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  REQUIRE_FALSE(files.empty());
  for (const fs::path& f : files) {
    const auto r = replsim::testing::cli({"run", f.string()});
    INFO(f.filename().string());
    REQUIRE((r.status == 0 || r.status == 2));
    for (const std::string& l : lines(r.out)) {
      INFO(l);
      CHECK(columns(l) <= 100);
    }
    ++scenarios;
  }
  CHECK(scenarios >= 40);
}

TEST_CASE("report::TextReport: discarded writes", "[report][text]") {
  ReportJson report = replsim::testing::runReport(kScenario);

  SECTION("20 discards or fewer: each on its own line, no summary") {
    report["conflicts"]["discarded"] = ReportJson::array();
    for (int i = 1; i <= 20; ++i) report["conflicts"]["discarded"].push_back(discard("A#" + std::to_string(i), "B"));
    const std::string text = renderTextReport(report);
    CHECK(text.find("  discarded A#20 at B (key x) in favour of Z#1, by lww\n") != std::string::npos);
    CHECK(text.find("more discard") == std::string::npos);
  }
  SECTION("beyond 20: how many more, where, and the writes not named above") {
    // 20 lines for A#1..A#20 at B, then A#20 again at C (already named) and
    // B#1, B#2, B#2 again: 4 more discards of 2 other writes.
    report["conflicts"]["discarded"] = ReportJson::array();
    for (int i = 1; i <= 20; ++i) report["conflicts"]["discarded"].push_back(discard("A#" + std::to_string(i), "B"));
    for (auto [w, at] : {std::pair{"A#20", "C"}, {"B#1", "C"}, {"B#2", "C"}, {"B#2", "A"}})
      report["conflicts"]["discarded"].push_back(discard(w, at));
    const std::string text = renderTextReport(report);
    CHECK(text.find("  … 4 more discards, listed in report.json at conflicts.discarded; 2 other writes discarded:\n"
                    "    B#1 B#2\n") != std::string::npos);
    CHECK(text.find("  discarded B#1") == std::string::npos);
  }
  SECTION("beyond 20, all of the writes already named") {
    report["conflicts"]["discarded"] = ReportJson::array();
    for (int i = 1; i <= 20; ++i) report["conflicts"]["discarded"].push_back(discard("A#" + std::to_string(i), "B"));
    report["conflicts"]["discarded"].push_back(discard("A#3", "C"));
    const std::string text = renderTextReport(report);
    CHECK(text.find("  … 1 more discard, listed in report.json at conflicts.discarded; of writes named above\n") !=
          std::string::npos);
  }
  SECTION("too many writes to name: six lines, the last says how many are left") {
    // 20 shown + 500 more, each a distinct write W#1..W#500 of 5 or 6
    // characters (W#1..W#9: 3, W#10..W#99: 4, W#100..: 5).
    report["conflicts"]["discarded"] = ReportJson::array();
    for (int i = 1; i <= 20; ++i) report["conflicts"]["discarded"].push_back(discard("A#" + std::to_string(i), "B"));
    for (int i = 1; i <= 500; ++i) report["conflicts"]["discarded"].push_back(discard("W#" + std::to_string(i), "B"));
    const auto ls = lines(renderTextReport(report));
    size_t at = 0;
    while (at < ls.size() && ls[at].rfind("  … 500 more discards", 0) != 0) ++at;
    REQUIRE(at + 6 < ls.size());
    CHECK(ls[at] == "  … 500 more discards, listed in report.json at conflicts.discarded; 500 other writes discarded:");
    // Line 1: "   " then " W#1" .. " W#9" (4 cols each: 36) and " W#10".. (5 cols
    // each): 3 + 36 + 5k <= 100 gives k = 12, so W#1..W#21.
    CHECK(ls[at + 1] == "    W#1 W#2 W#3 W#4 W#5 W#6 W#7 W#8 W#9 W#10 W#11 W#12 W#13 W#14 W#15 W#16 W#17 W#18 W#19 W#20 W#21");
    // Lines 2-5: 19 of 5 columns each (3 + 95 = 98; a 20th would make 103),
    // W#22..W#97; line 6 starts at W#98.
    CHECK(ls[at + 2].rfind("    W#22 ", 0) == 0);
    CHECK(ls[at + 5].size() == 98);
    // Line 6: W#98, W#99 (5 cols each), then W#100.. (6 cols each), ending with
    // "and N more": with k of the 6-column names 3 + 10 + 6k + 1 + len("and N more") <= 100.
    // N = 500 - 99 - k has 3 digits, so len = 12 and k = 12: W#100..W#111, N = 389.
    CHECK(ls[at + 6] == "    W#98 W#99 W#100 W#101 W#102 W#103 W#104 W#105 W#106 W#107 W#108 W#109 W#110 W#111 and 389 more");
    CHECK(columns(ls[at + 6]) <= 100);
    CHECK(ls[at + 7].rfind("Anomalies", 0) == 0);
  }
}

TEST_CASE("report::TextReport: leaderless writes say which were refused and which failed to reach w") {
  // tests/report/QuorumRun.h's run with w 3 (its write A#1 gets 2 of 3 acks:
  // A's own and E's; the hinted ack does not count; it fails at 1001), plus
  // a write through D at 100 ms while D is down: refused at its coordinator.
  // The read at 560 is answered (2 of r 2, see ObserverFanoutTest).
  std::string json = replsim::testing::kQuorumScenario;
  json.replace(json.find("\"w\": 2"), 6, "\"w\": 3");
  json.replace(json.find("{\"at_ms\": 560"), 0, R"({"at_ms": 100, "leader": "D", "key": "y", "value": "2"}, )");
  const ReportJson r = testing::runReport(json);
  const std::string text = renderTextReport(r);
  CHECK(r["writes"]["failed"] == 1);
  CHECK(r["quorum"]["writes_failed"] == 1);
  CHECK(text.find("Writes      2 issued, 1 refused, 1 failed to reach w, ") != std::string::npos);
  CHECK(text.find("            refused: crashed 1\n") != std::string::npos);
  CHECK(text.find("0 writes committed, 1 failed to reach w (1 stored where they landed: not rolled back)") !=
        std::string::npos);
  CHECK(text.find("1 reads answered, 0 failed to reach r") != std::string::npos);
}
