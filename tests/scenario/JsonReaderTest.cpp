#include "sim/scenario/JsonReader.h"

#include <catch2/catch.hpp>

using nlohmann::json;
using replsim::JsonReader;
using replsim::ScenarioErrors;

namespace {

// A reader over `doc` that keeps the document, file name and errors alive.
struct Fixture {
  explicit Fixture(json d) : doc(std::move(d)) {}
  json doc;
  std::string file = "test.json";
  ScenarioErrors errors;
  JsonReader root() { return JsonReader(doc, file, errors); }
  std::string onlyMessage() const {
    REQUIRE(errors.size() == 1);
    return errors.front().message;
  }
};

}  // namespace

TEST_CASE("scenario::JsonReader: paths are JSON pointers") {
  Fixture f(json::parse(R"({"a": {"b/c": [10, 20]}, "t~x": 1})"));
  const JsonReader root = f.root();
  CHECK(root.path() == "/");
  SECTION("members and elements extend the path") {
    const auto a = root.get("a");
    REQUIRE(a);
    CHECK(a->path() == "/a");
    const auto list = a->get("b/c");
    REQUIRE(list);
    CHECK(list->path() == "/a/b~1c");
    const auto elements = list->elements();
    REQUIRE(elements.size() == 2);
    CHECK(elements[1].path() == "/a/b~1c/1");
    CHECK(elements[1].json() == 20);
  }
  SECTION("tilde is escaped") { CHECK(root.pathOf("t~x") == "/t~0x"); }
  SECTION("an absent member is nullopt and no error") {
    CHECK_FALSE(root.get("missing"));
    CHECK(f.errors.empty());
  }
  SECTION("require records the missing key at the containing object") {
    CHECK_FALSE(root.require("name"));
    REQUIRE(f.errors.size() == 1);
    CHECK(f.errors[0].jsonPath == "/");
    CHECK(f.errors[0].message == "missing required key \"name\"");
    CHECK(f.errors[0].file == "test.json");
  }
}

TEST_CASE("scenario::JsonReader: typed reads record type and range errors") {
  Fixture f(json::parse(R"({"s": "text", "n": 1.5, "i": 7, "neg": -3, "big": 1e300, "b": true, "z": null,
                            "u": 18446744073709551615, "whole": 4.0, "empty": "", "min": -9223372036854775808})"));
  const JsonReader root = f.root();
  SECTION("right types read back") {
    CHECK(root.get("s")->string() == "text");
    CHECK(root.get("n")->number() == 1.5);
    CHECK(root.get("i")->integer() == 7);
    CHECK(root.get("neg")->integer() == -3);
    CHECK(root.get("whole")->integer() == 4);
    CHECK(root.get("u")->unsignedInteger() == UINT64_MAX);
    CHECK(root.get("min")->integer() == INT64_MIN);
    CHECK(root.get("b")->boolean() == true);
    CHECK(f.errors.empty());
  }
  SECTION("a wrong type names both types") {
    CHECK_FALSE(root.get("s")->number());
    CHECK(f.onlyMessage() == "expected a number, got a string");
    CHECK(f.errors[0].jsonPath == "/s");
  }
  SECTION("null is named as such") {
    CHECK_FALSE(root.get("z")->string());
    CHECK(f.onlyMessage() == "expected a string, got null");
  }
  SECTION("a number out of range names the range and the value") {
    CHECK_FALSE(root.get("n")->number(JsonReader::Range::between(0, 1)));
    CHECK(f.onlyMessage() == "expected a number between 0 and 1, got 1.5");
  }
  SECTION("an exclusive lower bound") {
    CHECK_FALSE(root.get("neg")->number(JsonReader::Range::above(0)));
    CHECK(f.onlyMessage() == "expected a number > 0, got -3");
  }
  SECTION("a fraction where an integer is expected") {
    CHECK_FALSE(root.get("n")->integer());
    CHECK(f.onlyMessage() == "expected an integer, got 1.5");
  }
  SECTION("integer ranges") {
    CHECK_FALSE(root.get("i")->integer(1, 5));
    CHECK(f.onlyMessage() == "expected an integer between 1 and 5, got 7");
  }
  SECTION("integer rejects what int64 cannot hold") {
    CHECK_FALSE(root.get("u")->integer());
    CHECK(f.onlyMessage() == "expected an integer, got 18446744073709551615");
  }
  SECTION("unsigned rejects negative and huge values") {
    CHECK_FALSE(root.get("neg")->unsignedInteger());
    CHECK_FALSE(root.get("big")->unsignedInteger(1));
    REQUIRE(f.errors.size() == 2);
    CHECK(f.errors[0].message == "expected an integer, got -3");
    CHECK(f.errors[1].message == "expected an integer >= 1, got 1e+300");
  }
  SECTION("an empty string where one is required") {
    CHECK_FALSE(root.get("empty")->nonEmptyString());
    CHECK(f.onlyMessage() == "expected a non-empty string");
  }
  SECTION("booleans") {
    CHECK_FALSE(root.get("s")->boolean());
    CHECK(f.onlyMessage() == "expected true or false, got a string");
  }
  SECTION("objects and arrays") {
    CHECK(root.get("s")->elements().empty());
    CHECK(root.get("s")->members().empty());
    REQUIRE(f.errors.size() == 2);
    CHECK(f.errors[0].message == "expected an array, got a string");
    CHECK(f.errors[1].message == "expected an object, got a string");
  }
}

TEST_CASE("scenario::JsonReader: unknown keys and did-you-mean") {
  Fixture f(json::parse(R"({"defualt": 1, "Fifo": 2, "latency": 3, "zzz": 4, "default": 5})"));
  const JsonReader root = f.root();
  CHECK(root.expectObject({"default", "fifo", "latency_ms", "overrides"}));
  // nlohmann orders object members by key (uppercase first).
  REQUIRE(f.errors.size() == 4);
  CHECK(f.errors[0].jsonPath == "/Fifo");
  const std::string valid = " (valid keys here: default, fifo, latency_ms, overrides)";
  CHECK(f.errors[0].message == "unknown key \"Fifo\"; did you mean \"fifo\"?" + valid);
  CHECK(f.errors[1].jsonPath == "/defualt");
  CHECK(f.errors[1].message == "unknown key \"defualt\"; did you mean \"default\"?" + valid);
  CHECK(f.errors[2].message == "unknown key \"latency\"; did you mean \"latency_ms\"?" + valid);
  CHECK(f.errors[3].message == "unknown key \"zzz\"" + valid);
}

TEST_CASE("scenario::JsonReader: closestMatch and editDistance") {
  SECTION("edit distance") {
    CHECK(JsonReader::editDistance("", "") == 0);
    CHECK(JsonReader::editDistance("ring", "rnig") == 2);
    CHECK(JsonReader::editDistance("kitten", "sitting") == 3);
    CHECK(JsonReader::editDistance("abc", "") == 3);
  }
  const std::vector<std::string_view> kinds = {"all-to-all", "ring", "bidirectional-ring", "star", "line"};
  SECTION("a transposition is close") { CHECK(JsonReader::closestMatch("rnig", kinds) == "ring"); }
  SECTION("case is ignored") { CHECK(JsonReader::closestMatch("STAR", kinds) == "star"); }
  SECTION("a prefix is close") { CHECK(JsonReader::closestMatch("bidirectional", kinds) == "bidirectional-ring"); }
  SECTION("a short word is not replaced wholesale") { CHECK_FALSE(JsonReader::closestMatch("x", {"op"})); }
  SECTION("nothing close") { CHECK_FALSE(JsonReader::closestMatch("hexagon", kinds)); }
  SECTION("ties go to the earlier candidate") { CHECK(JsonReader::closestMatch("lin", {"line", "lint"}) == "line"); }
  SECTION("oneOf lists the choices when nothing is close") {
    Fixture f(json("hexagon"));
    CHECK_FALSE(f.root().oneOf("kind", kinds));
    CHECK(f.onlyMessage() == "unknown kind \"hexagon\"; expected one of all-to-all, ring, bidirectional-ring, star, line");
  }
  SECTION("oneOf suggests") {
    Fixture f(json("rnig"));
    CHECK_FALSE(f.root().oneOf("kind", kinds));
    CHECK(f.onlyMessage() == "unknown kind \"rnig\"; did you mean \"ring\"?");
  }
}

TEST_CASE("scenario::JsonReader: parse") {
  ScenarioErrors errors;
  SECTION("valid text") {
    const auto doc = JsonReader::parse(R"({"a": [1, 2]})", "f.json", errors);
    REQUIRE(doc);
    CHECK((*doc)["a"][1] == 2);
    CHECK(errors.empty());
  }
  SECTION("a syntax error has a line, a column and plain words") {
    CHECK_FALSE(JsonReader::parse("{\n  \"a\": 1,\n  }", "f.json", errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].line == 3);
    CHECK(errors[0].column == 3);
    CHECK(errors[0].message.find("unexpected '}'") != std::string::npos);
    CHECK(errors[0].message.find("json.exception") == std::string::npos);
    CHECK(errors[0].render().rfind("f.json:3:3: ", 0) == 0);
  }
  SECTION("empty text") {
    CHECK_FALSE(JsonReader::parse("", "f.json", errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].line == 1);
    CHECK(errors[0].column == 1);
  }
  SECTION("a number too large for a double") {
    CHECK_FALSE(JsonReader::parse("{\"a\":\n 1e400}", "f.json", errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].line == 2);
    CHECK(errors[0].column > 0);
    CHECK(errors[0].message.find("1e400") != std::string::npos);
  }
  SECTION("duplicate keys are reported with their path; the document is kept") {
    const auto doc = JsonReader::parse(R"({"a": [{"k": 1, "k": 2}], "a2": {"x": 1}, "b": 1, "b": 3})", "f.json", errors);
    REQUIRE(doc);
    CHECK((*doc)["b"] == 3);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].jsonPath == "/a/0/k");
    CHECK(errors[1].jsonPath == "/b");
    CHECK(errors[1].message.find("duplicate key \"b\"") == 0);
  }
  SECTION("duplicates among many keys, in sibling and nested objects of an array, keep their paths") {
    // More than 16 keys (the checker's few-keys search gives way to a set)
    // with the duplicate late, and sibling objects that reuse each other's keys.
    std::string many = "{";
    for (int i = 0; i < 40; ++i) many += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
    many += "\"k3\": 0, \"list\": [{\"x\": 1}, {\"x\": 2, \"y\": {\"x\": 3, \"x\": 4}}, {\"x\": 5, \"x\": 6}]}";
    const auto doc = JsonReader::parse(many, "f.json", errors);
    REQUIRE(doc);
    REQUIRE(errors.size() == 3);
    CHECK(errors[0].jsonPath == "/k3");
    CHECK(errors[1].jsonPath == "/list/1/y/x");
    CHECK(errors[2].jsonPath == "/list/2/x");
  }
  SECTION("// and /* */ comments are allowed, and errors after them keep their line and column") {
    const auto doc = JsonReader::parse("// a scenario\n{ \"a\": 1, /* two\n lines */ \"b\": [2] // end\n}\n", "f.json", errors);
    REQUIRE(doc);
    CHECK(errors.empty());
    CHECK((*doc)["b"][0] == 2);
    CHECK_FALSE(JsonReader::parse("/* x */\n// y\n{\"a\": 1,\n  }", "f.json", errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].line == 4);
    CHECK(errors[0].column == 3);
  }
  SECTION("an unterminated comment is a syntax error") {
    CHECK_FALSE(JsonReader::parse("{\"a\": 1} /* no end", "f.json", errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].line == 1);
  }
  SECTION("text after the document is an error with its line and column") {
    CHECK_FALSE(JsonReader::parse("{\"a\": 1}\n  x", "f.json", errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].line == 2);
    CHECK(errors[0].column == 3);
    CHECK(errors[0].message.find("expected end of input") != std::string::npos);
  }
  SECTION("a NUL byte and garbage after the document are an error, not ignored") {
    const std::string text = std::string("{\"a\": 1}\n ") + '\0' + "garbage";
    CHECK_FALSE(JsonReader::parse(text, "f.json", errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].line == 2);
    CHECK(errors[0].column == 2);
    CHECK(errors[0].message.find("NUL byte after the JSON document") != std::string::npos);
  }
  SECTION("deep nesting neither crashes nor throws") {
    CHECK(JsonReader::parse(std::string(200000, '['), "f.json", errors) == std::nullopt);
    CHECK(errors.size() == 1);
  }
}

TEST_CASE("scenario::JsonReader: Range::describe") {
  using Range = JsonReader::Range;
  CHECK(Range::any().describe().empty());
  CHECK(Range::atLeast(0).describe() == ">= 0");
  CHECK(Range::above(0).describe() == "> 0");
  CHECK(Range::between(0, 1).describe() == "between 0 and 1");
  CHECK(Range::above(0, 1e12).describe() == "> 0 and <= 1000000000000");
  CHECK(JsonReader::formatNumber(0.25) == "0.25");
  CHECK(JsonReader::formatNumber(1e300) == "1e+300");
}
