#include "sim/report/JsonReport.h"

#include <catch2/catch.hpp>

#include <iomanip>
#include <sstream>

#include "sim/run/ScenarioRun.h"
#include "tests/TestSupport.h"

using namespace replsim;

namespace {

// What `replsim run --format json` printed before the listings were streamed.
std::string domText(const ReportJson& report) {
  std::ostringstream out;
  out << std::setw(2) << report;
  return out.str();
}

// Three leaders, keys whose names need escaping or sort oddly, a key with
// two sibling values, a deleted key, a leader that the run ends before A's
// writes reach (A -> C takes 100 ms, the run stops at 60).
const char* kScenario = R"({"replsim": 1, "name": "listings",
  "topology": {"kind": "all-to-all", "leaders": ["A", "B", "C"]},
  "until_ms": 60,
  "links": {"default": {"latency_ms": 10}, "overrides": [{"from": "A", "to": "C", "latency_ms": 100}]},
  "replication": {"conflicts": {"resolve": "siblings"}},
  "writes": [
    {"at_ms": 0, "leader": "A", "key": "x", "value": "1"},
    {"at_ms": 0, "leader": "B", "key": "x", "value": "2"},
    {"at_ms": 1, "leader": "A", "key": "qu\"ote\\", "value": "tab\there"},
    {"at_ms": 2, "leader": "B", "key": "\u00e9t\u00e9", "value": "\u0001"},
    {"at_ms": 3, "leader": "B", "key": "a.b", "value": "v"},
    {"at_ms": 4, "leader": "B", "key": "Z", "value": "z"},
    {"at_ms": 30, "leader": "B", "op": "delete", "key": "Z"}
  ]})";

}  // namespace

TEST_CASE("report::JsonReport: writeJsonReport prints a DOM exactly as nlohmann does", "[report][json]") {
  ReportJson r = objectWithCapacity(8);
  r["empty_object"] = ReportJson::object();
  r["empty_array"] = ReportJson::array();
  r["numbers"] = {0.1, 12.345, 1e-7, 1e300, -0.0, 3, -4, 18446744073709551615ULL};
  r["strings"] = {"plain", "qu\"ote", "back\\slash", "new\nline", "\x01", "\xc3\xa9t\xc3\xa9"};
  r["nested"] = {{"a", {{"b", ReportJson::array({ReportJson::object(), nullptr, true})}}}, {"c", false}};
  std::ostringstream out;
  writeJsonReport(out, r);
  CHECK(out.str() == domText(r));
  SECTION("a scalar and an empty object too") {
    for (const ReportJson& v : {ReportJson(7), ReportJson::object()}) {
      std::ostringstream o;
      writeJsonReport(o, v);
      CHECK(o.str() == domText(v));
    }
  }
}

TEST_CASE("report::JsonReport: streamed key listings are byte-identical to the DOM's", "[report][json]") {
  const Scenario s = replsim::testing::loadScenario(kScenario);
  RunOptions dom;
  dom.renderText = false;
  const RunResult inDom = runScenario(s, dom, nullptr);
  // The DOM holds the listings: A and B both keep x's two siblings; C, cut off from A, lacks A's key.
  REQUIRE(inDom.report["leaders"]["A"]["keys"]["x"] == ReportJson({"1", "2"}));
  REQUIRE(inDom.report["leaders"]["C"]["keys"].size() == 3);  // x (from B), "été", "a.b"; Z deleted
  REQUIRE(inDom.report["leaders"]["A"]["keys"].size() == 4);

  RunOptions streamed = dom;
  std::ostringstream out;
  streamed.jsonOut = &out;
  const RunResult r = runScenario(s, streamed, nullptr);
  CHECK(out.str() == domText(inDom.report) + "\n");
  CHECK(r.report["leaders"]["A"]["keys"].is_null());  // streamed, not built

  SECTION("an expectation under leaders keeps the listings in the DOM") {
    Scenario expecting = s;
    expecting.expect.push_back(Expectation{"leaders.A.keys.x", nlohmann::json::array({"1", "2"}), "/expect/x"});
    const RunResult e = runScenario(expecting, streamed, nullptr);
    CHECK(e.report["leaders"]["A"]["keys"]["x"] == ReportJson({"1", "2"}));
    CHECK(e.report["expectations"][0]["ok"] == true);
  }
  SECTION("a merged value, and a listing written in several pieces") {
    // merge: x's two concurrent values become one resolved value. 4,000 keys
    // on each leader make a listing of well over 64 KiB, written in pieces.
    std::string text = R"({"replsim": 1, "name": "big-listing",
      "topology": {"kind": "all-to-all", "leaders": ["A", "B"]},
      "replication": {"conflicts": {"resolve": "merge"}},
      "writes": [{"at_ms": 0, "leader": "A", "key": "x", "value": "1"},
                 {"at_ms": 0, "leader": "B", "key": "x", "value": "2"})";
    for (int i = 0; i < 4000; ++i)
      text += ",{\"at_ms\": 1, \"leader\": \"A\", \"key\": \"key-" + std::to_string(i) + "\", \"value\": \"v\\\"" +
              std::to_string(i) + "\"}";
    text += "]}";
    const Scenario big = replsim::testing::loadScenario(text);
    const RunResult bigDom = runScenario(big, dom, nullptr);
    REQUIRE(bigDom.report["leaders"]["B"]["keys"].size() == 4001);
    REQUIRE(bigDom.report["leaders"]["B"]["keys"]["x"].size() == 1);  // one merged value
    REQUIRE(bigDom.report["leaders"]["B"]["keys"]["key-7"] == ReportJson({"v\"7"}));
    std::ostringstream bigOut;
    RunOptions bigStreamed = dom;
    bigStreamed.jsonOut = &bigOut;
    const RunResult bigRun = runScenario(big, bigStreamed, nullptr);
    REQUIRE(bigOut.str().size() > 2 * 65536);
    CHECK(bigOut.str() == domText(bigDom.report) + "\n");
  }
  SECTION("the text report keeps them too") {
    RunOptions text = streamed;
    text.renderText = true;
    std::ostringstream out3;
    text.jsonOut = &out3;
    const RunResult t = runScenario(s, text, nullptr);
    CHECK(t.report["leaders"]["C"]["keys"].size() == 3);
    CHECK(out3.str() == domText(inDom.report) + "\n");
  }
}
