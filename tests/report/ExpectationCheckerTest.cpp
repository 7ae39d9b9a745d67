#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/report/ExpectationChecker.h"

using namespace replsim;
using nlohmann::json;

namespace {

ReportJson sampleReport() {
  return ReportJson::parse(R"({
    "replsim_report": 1,
    "scenario": "s",
    "converged": true,
    "convergence_ms": 120.0,
    "stopped_by": null,
    "events": 57,
    "leaders": {
      "eu": { "keys": { "x": ["1"] } },
      "eu.1": { "crashed": false, "keys": { "x": ["2"], "a.b": ["3"] } },
      "A": { "keys": { "x": ["2", "3"] } }
    },
    "messages": { "sent": 4, "overtaken": 0, "dropped": { "path": 3 } },
    "conflicts": { "log": [ { "type": "update_missing", "writes": ["A#1", "B#1"] },
                            { "type": "insert_exists" } ] }
  })");
}

Expectation expect(std::string path, json expected) {
  Expectation e;
  e.path = std::move(path);
  e.expected = std::move(expected);
  return e;
}

bool holds(const std::string& path, const json& expected) {
  const auto results = checkExpectations({expect(path, expected)}, sampleReport());
  REQUIRE(results.size() == 1);
  return results[0].ok;
}

}  // namespace

TEST_CASE("report::ExpectationChecker: dotted paths", "[report][expect]") {
  const ReportJson r = sampleReport();
  SECTION("top-level and nested members") {
    REQUIRE(resolveDottedPath(r, "converged") != nullptr);
    CHECK(*resolveDottedPath(r, "converged") == true);
    CHECK(*resolveDottedPath(r, "messages.sent") == 4);
    CHECK(*resolveDottedPath(r, "messages.dropped.path") == 3);
  }
  SECTION("array indexes") {
    CHECK(*resolveDottedPath(r, "conflicts.log.0.type") == "update_missing");
    CHECK(*resolveDottedPath(r, "conflicts.log.1.type") == "insert_exists");
    CHECK(*resolveDottedPath(r, "conflicts.log.0.writes.1") == "B#1");
    CHECK(*resolveDottedPath(r, "leaders.A.keys.x.1") == "3");
  }
  SECTION("out of range, non-numeric or negative indexes are missing") {
    CHECK(resolveDottedPath(r, "conflicts.log.2") == nullptr);
    CHECK(resolveDottedPath(r, "conflicts.log.x") == nullptr);
    CHECK(resolveDottedPath(r, "conflicts.log.-1") == nullptr);
    CHECK(resolveDottedPath(r, "conflicts.log.1x") == nullptr);
  }
  SECTION("names containing dots: the longest member name wins, with fallback") {
    // "eu.1" is a leader, and so is "eu": leaders.eu.1.keys.x is eu.1's x.
    REQUIRE(resolveDottedPath(r, "leaders.eu.1.keys.x") != nullptr);
    CHECK(*resolveDottedPath(r, "leaders.eu.1.keys.x") == ReportJson::array({"2"}));
    CHECK(*resolveDottedPath(r, "leaders.eu.keys.x") == ReportJson::array({"1"}));
    CHECK(*resolveDottedPath(r, "leaders.eu.1.crashed") == false);
    // A key name with a dot inside a leader name with a dot.
    CHECK(*resolveDottedPath(r, "leaders.eu.1.keys.a.b") == ReportJson::array({"3"}));
    CHECK(*resolveDottedPath(r, "leaders.eu.1.keys.a.b.0") == "3");
  }
  SECTION("missing members are nullptr") {
    CHECK(resolveDottedPath(r, "nope") == nullptr);
    CHECK(resolveDottedPath(r, "messages.nope") == nullptr);
    CHECK(resolveDottedPath(r, "leaders.eu.2.keys.x") == nullptr);
    CHECK(resolveDottedPath(r, "messages.sent.more") == nullptr);  // into a number
    CHECK(resolveDottedPath(r, "") == nullptr);
  }
  SECTION("an explicit null is found (not missing)") {
    const ReportJson* p = resolveDottedPath(r, "stopped_by");
    REQUIRE(p != nullptr);
    CHECK(p->is_null());
  }
}

TEST_CASE("report::ExpectationChecker: comparisons", "[report][expect]") {
  SECTION(">=, <=, >, <, !=, ==") {
    CHECK(expectationHolds(">=1", 1));
    CHECK(expectationHolds(">=1", 2));
    CHECK_FALSE(expectationHolds(">=1", 0));
    CHECK(expectationHolds("<=5", 5));
    CHECK_FALSE(expectationHolds("<=5", 5.5));
    CHECK(expectationHolds(">0", 0.001));
    CHECK_FALSE(expectationHolds(">0", 0));
    CHECK(expectationHolds("<5", 4));
    CHECK_FALSE(expectationHolds("<5", 5));
    CHECK(expectationHolds("!=0", 3));
    CHECK_FALSE(expectationHolds("!=0", 0));
    CHECK(expectationHolds("==2", 2));
    CHECK(expectationHolds("==2", 2.0));
    CHECK_FALSE(expectationHolds("==2", 3));
  }
  SECTION("spaces after the operator and fractional operands") {
    CHECK(expectationHolds(">= 1", 1));
    CHECK(expectationHolds("<2.5", 2.4));
    CHECK_FALSE(expectationHolds("<2.5", 2.5));
    CHECK(expectationHolds(">-1", 0));
  }
  SECTION("a comparison never holds for a non-number") {
    CHECK_FALSE(expectationHolds(">=1", "5"));
    CHECK_FALSE(expectationHolds("!=0", json(nullptr)));
    CHECK_FALSE(expectationHolds(">=1", true));
  }
  SECTION("numbers compare by value: 1 == 1.0") {
    CHECK(expectationHolds(1, 1.0));
    CHECK(expectationHolds(1.0, 1));
    CHECK(expectationHolds(130, 130.0));
    CHECK_FALSE(expectationHolds(1, 1.5));
    CHECK(expectationHolds(0, 0u));
  }
  SECTION("a number is not a bool or a string") {
    CHECK_FALSE(expectationHolds(1, true));
    CHECK_FALSE(expectationHolds(true, 1));
    CHECK_FALSE(expectationHolds(1, "1"));
  }
  SECTION("strings that are not comparisons must be equal") {
    CHECK(expectationHolds("max_hops", "max_hops"));
    CHECK_FALSE(expectationHolds("max_hops", "max_events"));
    CHECK_FALSE(expectationHolds("1", 1));
    CHECK(expectationHolds("", ""));
    CHECK(expectationHolds("=1", "=1"));  // not an operator
    CHECK(expectationHolds(">=x", ">=x"));  // operator without a number: a plain string
  }
  SECTION("bools and null") {
    CHECK(expectationHolds(true, true));
    CHECK_FALSE(expectationHolds(true, false));
    CHECK(expectationHolds(json(nullptr), json(nullptr)));
    CHECK_FALSE(expectationHolds(json(nullptr), 0));
  }
  SECTION("arrays: same size, element by element") {
    CHECK(expectationHolds(json::array({"2"}), json::array({"2"})));
    CHECK_FALSE(expectationHolds(json::array({"2"}), json::array({"1"})));
    CHECK_FALSE(expectationHolds(json::array({"2"}), json::array({"2", "3"})));
    CHECK(expectationHolds(json::array({1, 2}), json::array({1.0, 2.0})));
    CHECK(expectationHolds(json::array(), json::array()));
    CHECK_FALSE(expectationHolds(json::array({"2"}), "2"));
  }
  SECTION("objects must be equal") {
    CHECK(expectationHolds(json{{"p50", 1}}, json{{"p50", 1}}));
    CHECK_FALSE(expectationHolds(json{{"p50", 1}}, json{{"p50", 2}}));
  }
}

TEST_CASE("report::ExpectationChecker: checkExpectations over a report", "[report][expect]") {
  SECTION("paths through the report, with every kind of expected value") {
    CHECK(holds("converged", true));
    CHECK_FALSE(holds("converged", false));
    CHECK(holds("convergence_ms", 120));
    CHECK(holds("events", ">=50"));
    CHECK(holds("messages.overtaken", "==0"));
    CHECK(holds("messages.dropped.path", "!=0"));
    CHECK(holds("leaders.eu.1.keys.x", json::array({"2"})));
    CHECK(holds("leaders.A.keys.x", json::array({"2", "3"})));
    CHECK(holds("conflicts.log.0.type", "update_missing"));
    CHECK(holds("stopped_by", json(nullptr)));
    CHECK(holds("scenario", "s"));
  }
  SECTION("a missing path is not ok, even when null is expected") {
    const auto results = checkExpectations({expect("messages.nope", 0), expect("nope", json(nullptr))}, sampleReport());
    REQUIRE(results.size() == 2);
    for (const auto& res : results) {
      CHECK_FALSE(res.ok);
      CHECK_FALSE(res.exists);
      CHECK(res.found.is_null());
    }
  }
  SECTION("results keep the order, the path, the expected and the found value") {
    const auto results =
        checkExpectations({expect("messages.sent", 5), expect("converged", true), expect("events", "<100")}, sampleReport());
    REQUIRE(results.size() == 3);
    CHECK(results[0].path == "messages.sent");
    CHECK(results[0].expected == 5);
    CHECK(results[0].found == 4);
    CHECK(results[0].exists);
    CHECK_FALSE(results[0].ok);
    CHECK(results[1].ok);
    CHECK(results[2].ok);
    CHECK_FALSE(allHold(results));
    CHECK(allHold({results[1], results[2]}));
    CHECK(allHold({}));
  }
  SECTION("expectationsJson lists each result, with a note for a missing path") {
    const auto results = checkExpectations({expect("converged", true), expect("nope", 1)}, sampleReport());
    const ReportJson j = expectationsJson(results);
    REQUIRE(j.is_array());
    REQUIRE(j.size() == 2);
    CHECK(j[0]["path"] == "converged");
    CHECK(j[0]["expected"] == true);
    CHECK(j[0]["found"] == true);
    CHECK(j[0]["ok"] == true);
    CHECK_FALSE(j[0].contains("note"));
    CHECK(j[1]["ok"] == false);
    CHECK(j[1]["found"].is_null());
    CHECK(j[1]["note"] == "no such field in the report");
  }
}
