#include "sim/scenario/FlatObjectArray.h"

#include <catch2/catch.hpp>

#include "sim/scenario/JsonReader.h"

using nlohmann::json;
using replsim::FlatObjectArray;
using replsim::JsonReader;
using replsim::ScenarioErrors;

namespace {

FlatObjectArray table() { return FlatObjectArray("writes", {"at_ms", "leader", "key", "value", "op"}); }

// The document JsonReader::parse made, with every element `flat` kept put
// back where it was: what json::parse makes of the same text.
json reassembled(json doc, const FlatObjectArray& flat) {
  if (doc.is_object() && doc.contains("writes") && doc["writes"].is_array())
    for (size_t i = 0; i < doc["writes"].size(); ++i)
      if (flat.holds(i)) {
        CHECK(doc["writes"][i].is_null());  // (its place is held by null)
        doc["writes"][i] = flat.toJson(i);
      }
  return doc;
}

}  // namespace

TEST_CASE("scenario::FlatObjectArray: members in, members and JSON out") {
  FlatObjectArray flat = table();
  SECTION("keys are numbered in the order given; others are not fields") {
    CHECK(flat.fieldOf("at_ms") == 0);
    CHECK(flat.fieldOf("op") == 4);
    CHECK_FALSE(flat.fieldOf("dc"));
    CHECK(flat.keyName(3) == "value");
  }
  SECTION("every scalar type reads back and rebuilds as nlohmann would hold it") {
    flat.beginObject(2);
    flat.addFloat(0, 1.5);
    flat.addString(1, "L1");
    flat.addUnsigned(2, 18446744073709551615ull);
    flat.addInteger(3, -7);
    flat.addBoolean(4, true);
    flat.endObject();
    flat.beginObject(0);
    flat.addNull(3);
    flat.addString(2, "");
    flat.endObject();
    CHECK_FALSE(flat.holds(1));
    CHECK_FALSE(flat.holds(3));
    REQUIRE(flat.holds(2));
    REQUIRE(flat.holds(0));
    CHECK(flat.objectCount() == 2);
    CHECK(flat.get(2, 0)->asDouble() == 1.5);
    CHECK(flat.get(2, 1)->text == "L1");
    CHECK(flat.get(2, 2)->type == FlatObjectArray::Type::Unsigned);
    CHECK(flat.get(2, 3)->asDouble() == -7.0);
    CHECK_FALSE(flat.get(0, 0));
    CHECK(flat.get(0, 2)->text.empty());
    const json two = flat.toJson(2);
    CHECK(two == json::parse(R"({"at_ms": 1.5, "leader": "L1", "key": 18446744073709551615, "value": -7, "op": true})"));
    CHECK(two["at_ms"].is_number_float());
    CHECK(two["key"].is_number_unsigned());
    CHECK(two["value"].is_number_integer());
    CHECK(flat.toJson(0) == json::parse(R"({"value": null, "key": ""})"));
  }
  SECTION("an abandoned object leaves nothing behind") {
    flat.beginObject(0);
    flat.addString(1, "kept");
    flat.endObject();
    flat.beginObject(1);
    flat.addString(1, "dropped");
    flat.abandonObject();
    flat.beginObject(2);
    flat.addString(2, "x");
    flat.endObject();
    CHECK_FALSE(flat.holds(1));
    CHECK(flat.toJson(0) == json{{"leader", "kept"}});
    CHECK(flat.toJson(2) == json{{"key", "x"}});
  }
}

TEST_CASE("scenario::FlatObjectArray: JsonReader::parse keeps the flat writes aside") {
  ScenarioErrors errors;
  FlatObjectArray flat = table();
  SECTION("flat objects are kept, the rest stays in the document, and nothing is lost") {
    const std::string text = R"({"name": "x", "writes": [
      {"at_ms": 0, "leader": "A", "key": "k", "value": "1"},
      {"at_ms": 1, "leader": "A", "key": "k", "value": {"nested": [1]}},
      {"at_ms": 2, "leader": "A", "dc": "eu", "key": "k"},
      {"at_ms": 3, "key": "k", "key": "again"},
      [1, 2],
      "text",
      {},
      {"at_ms": 1e3, "leader": null, "key": true, "value": -4, "op": "incr"},
      {"value": [], "at_ms": 5},
      {"at_ms": 6, "op": {"a": {"b": 1}}, "key": "after"}
    ], "other": [{"at_ms": 0}], "nested": {"writes": [{"at_ms": 0}]}})";
    const auto doc = JsonReader::parse(text, "f.json", errors, &flat);
    REQUIRE(doc);
    REQUIRE(errors.size() == 1);  // the repeated key, reported as always
    CHECK(errors[0].jsonPath == "/writes/3/key");
    const std::vector<bool> expected = {true, false, false, false, false, false, true, true, false, false};
    for (size_t i = 0; i < expected.size(); ++i) {
      INFO("element " << i);
      CHECK(flat.holds(i) == expected[i]);
    }
    CHECK(flat.objectCount() == 3);
    CHECK(reassembled(*doc, flat) == json::parse(text));
    // Only the top-level member is collected.
    CHECK((*doc)["other"][0].is_object());
    CHECK((*doc)["nested"]["writes"][0].is_object());
  }
  SECTION("the member given twice: only the last one's objects are kept, as the document keeps it") {
    const std::string text = R"({"writes": [{"at_ms": 0}, {"at_ms": 1}], "writes": [{"at_ms": 2}]})";
    const auto doc = JsonReader::parse(text, "f.json", errors, &flat);
    REQUIRE(doc);
    CHECK(flat.objectCount() == 1);
    CHECK(flat.holds(0));
    CHECK_FALSE(flat.holds(1));
    CHECK(flat.toJson(0) == json{{"at_ms", 2}});
    CHECK(reassembled(*doc, flat) == json::parse(text));
  }
  SECTION("a root that is an array, or a member that is not one, collects nothing") {
    REQUIRE(JsonReader::parse(R"([{"writes": [{"at_ms": 0}]}])", "f.json", errors, &flat));
    CHECK(flat.objectCount() == 0);
    REQUIRE(JsonReader::parse(R"({"writes": {"0": {"at_ms": 0}}})", "f.json", errors, &flat));
    CHECK(flat.objectCount() == 0);
  }
  SECTION("a syntax error inside a flat object is reported as without the table") {
    ScenarioErrors plain;
    const std::string text = "{\"writes\": [{\"at_ms\": 0, \"leader\": \"A\",\n \"key\" 1}]}";
    CHECK_FALSE(JsonReader::parse(text, "f.json", errors, &flat));
    CHECK_FALSE(JsonReader::parse(text, "f.json", plain));
    REQUIRE(errors.size() == 1);
    REQUIRE(plain.size() == 1);
    CHECK(errors[0].render() == plain[0].render());
  }
  SECTION("a table reused for a second document starts empty") {
    REQUIRE(JsonReader::parse(R"({"writes": [{"at_ms": 0}, {"at_ms": 1}]})", "f.json", errors, &flat));
    REQUIRE(JsonReader::parse(R"({"writes": [[], {"at_ms": 1}]})", "f.json", errors, &flat));
    CHECK_FALSE(flat.holds(0));
    CHECK(flat.holds(1));
    CHECK(flat.objectCount() == 1);
  }
}
