#pragma once
// JsonReader: checked, path-tracking access to a parsed JSON document, for
// validating user files and reporting every problem with its location.
//
// A JsonReader is a cheap view of one JSON value plus its JSON-pointer path
// ("/links/default/latency_ms"; "/" is the root) and a sink of
// ScenarioErrors. Every accessor validates before it reads: on a wrong type,
// an out-of-range number, a missing required key or an unknown key it
// records one error at the offending path and returns std::nullopt (or
// false), so a caller carries on and collects every problem in one pass.
// Messages are meant for people:
//   expected a number, got a string
//   expected a number between 0 and 1, got 1.5
//   missing required key "name"                     (at the containing object)
//   unknown key "defualt"; did you mean "default"? (valid keys here: default, overrides)
// No input makes anything here throw: the user's mistakes are ScenarioErrors.
// An exception (memory running out, a bug) is not caught and reaches the
// command line's internal error (exit status 70).
//
// Contract: the JSON value, the file name and the error vector given to the
// root reader must outlive it and every reader derived from it. Errors come
// out in call order; object members are visited in nlohmann's (sorted) key
// order, so the error list is deterministic.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/model/ScenarioError.h"
#include "sim/scenario/FlatObjectArray.h"

namespace replsim {

class JsonReader {
 public:
  // The allowed values of a number: [min, max], or (min, max] when
  // minExclusive. Infinite bounds mean "no bound".
  struct Range {
    double min = -std::numeric_limits<double>::infinity();
    bool minExclusive = false;
    double max = std::numeric_limits<double>::infinity();

    static Range any() { return {}; }
    static Range atLeast(double lo, double hi = std::numeric_limits<double>::infinity()) { return {lo, false, hi}; }
    static Range above(double lo, double hi = std::numeric_limits<double>::infinity()) { return {lo, true, hi}; }
    static Range between(double lo, double hi) { return {lo, false, hi}; }

    bool contains(double v) const { return (minExclusive ? v > min : v >= min) && v <= max; }
    // ">= 0", "> 0 and <= 1000", "between 0 and 1", or "" for any().
    std::string describe() const;
  };

  // The root reader of `document`; its path is "/". Errors go to `errors`
  // with `file` as their file name.
  JsonReader(const nlohmann::json& document, const std::string& file, ScenarioErrors& errors);

  // Parses JSON text: strict JSON (no trailing commas, nothing after the
  // document, not even after a NUL byte) except that `//` and `/* */`
  // comments are allowed. On a syntax error records one error with line and
  // column (1-based, pointing at the last character the parser read) and
  // returns nullopt. Also
  // records an error for every duplicate key in an object (JSON parsers
  // silently keep the last one, which would hide a typo); the document is
  // still returned then, so its other problems can be found too.
  // With `flat`, the flat objects of its member are kept there instead
  // (null in their place in the document; see FlatObjectArray).
  static std::optional<nlohmann::json> parse(const std::string& text, const std::string& file,
                                             ScenarioErrors& errors, FlatObjectArray* flat = nullptr);

  const nlohmann::json& json() const { return *value_; }
  const std::string& path() const { return path_; }
  const std::string& file() const { return *file_; }
  // JSON-pointer paths of a member / an element of this value (RFC 6901
  // escaping: "~" -> "~0", "/" -> "~1").
  std::string pathOf(std::string_view key) const;
  std::string pathOf(std::size_t index) const;

  // Records an error at this value's path / at any path.
  void error(std::string message) const;
  void errorAt(std::string jsonPath, std::string message) const;
  // How many errors the sink holds (to tell whether a step added any).
  std::size_t errorCount() const { return errors_->size(); }

  // --- objects ---
  // Records "expected an object, got ..." unless this is an object.
  bool expectObject() const;
  // expectObject(), then an error for every member not in `allowedKeys`,
  // with a did-you-mean suggestion and the list of allowed keys. Returns
  // whether this is an object.
  bool expectObject(const std::vector<std::string_view>& allowedKeys) const;
  bool has(std::string_view key) const;
  // The member `key`, or nullopt when absent (or when this is not an object).
  std::optional<JsonReader> get(std::string_view key) const;
  // Like get(), but an absent member is an error here: missing required key.
  std::optional<JsonReader> require(std::string_view key) const;
  // Every member in key order; empty (with an error) unless this is an object.
  std::vector<std::pair<std::string, JsonReader>> members() const;

  // --- arrays ---
  // Every element in order; empty (with an error) unless this is an array.
  std::vector<JsonReader> elements() const;
  bool expectArray() const;
  // A reader of `value` standing at element `index` of this array: for an
  // element the caller rebuilt (FlatObjectArray::toJson). `value` must
  // outlive the reader.
  JsonReader elementAs(std::size_t index, const nlohmann::json& value) const {
    return JsonReader(value, pathOf(index), file_, errors_);
  }

  // --- scalars: nullopt (with an error recorded) on a wrong type or range ---
  std::optional<std::string> string() const;
  std::optional<std::string> nonEmptyString() const;
  std::optional<bool> boolean() const;
  // A finite number within `range`.
  std::optional<double> number(Range range = Range::any()) const;
  // A whole number (integral floats such as 3.0 are accepted) in [min, max].
  std::optional<int64_t> integer(int64_t min = std::numeric_limits<int64_t>::min(),
                                 int64_t max = std::numeric_limits<int64_t>::max()) const;
  std::optional<uint64_t> unsignedInteger(uint64_t min = 0,
                                          uint64_t max = std::numeric_limits<uint64_t>::max()) const;
  // A string that is one of `allowed`; otherwise `unknown <what> "x"; did
  // you mean "y"?` or, when nothing is close, the list of allowed values.
  std::optional<std::string> oneOf(std::string_view what, const std::vector<std::string_view>& allowed) const;

  // --- helpers for messages, public so that callers word theirs the same way ---
  // "a string", "a number", "an object", "null", ...
  static std::string describeType(const nlohmann::json& value);
  // A number, boolean or string as written in JSON (`1.5`, `"x"`); other
  // types by describeType. Long strings are cut short.
  static std::string describeValue(const nlohmann::json& value);
  // `text` as a JSON string literal, for messages: "A" (cut short when long).
  static std::string quote(std::string_view text);
  // "a, b, c" (or with another separator), for lists of choices in messages.
  static std::string join(const std::vector<std::string_view>& words, std::string_view separator = ", ");
  // Shortest text that reads back as `v` ("1", "0.25", "1e+12").
  static std::string formatNumber(double v);
  static std::size_t editDistance(std::string_view a, std::string_view b);
  // The candidate a misspelt `word` most likely meant: a case-insensitive
  // match, else the closest by edit distance when that is <= 2 and smaller
  // than the word's length, else one that the word is a prefix of or that
  // is a prefix of the word (at least 3 characters shared); ties go to the
  // earlier candidate. nullopt when nothing is close.
  static std::optional<std::string> closestMatch(std::string_view word,
                                                 const std::vector<std::string_view>& candidates);
  // `unknown <what> "word"` plus `; did you mean "x"?` when closestMatch finds one.
  static std::string unknownMessage(std::string_view what, std::string_view word,
                                    const std::vector<std::string_view>& candidates);

 private:
  JsonReader(const nlohmann::json& value, std::string path, const std::string* file, ScenarioErrors* errors)
      : value_(&value), path_(std::move(path)), file_(file), errors_(errors) {}
  void typeError(std::string_view expected) const;

  const nlohmann::json* value_;
  std::string path_;
  const std::string* file_;
  ScenarioErrors* errors_;
};

}  // namespace replsim
