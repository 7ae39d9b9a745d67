#include "sim/scenario/JsonReader.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <set>
#include <type_traits>

#include <fmt/format.h>

namespace replsim {

namespace {

using nlohmann::json;

// (Called for every member and element read: one allocation, no formatting.)
std::string joinPointer(const std::string& parent, std::string_view token) {
  const std::string_view head = parent == "/" ? std::string_view() : std::string_view(parent);
  std::string out;
  out.reserve(head.size() + 1 + token.size() + 4);
  out.append(head);
  out += '/';
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Both strings are shown to people; invalid UTF-8 must not make dump() throw.
std::string dumpSafely(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// 1-based line and column of the character at `offset` (clamped to the end
// of the text, which is where "unexpected end of input" points).
std::pair<int, int> lineAndColumn(const std::string& text, std::size_t offset) {
  offset = std::min(offset, text.size());
  int line = 1;
  std::size_t lineStart = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      lineStart = i + 1;
    }
  }
  return {line, static_cast<int>(offset - lineStart) + 1};
}

// nlohmann's messages start with "[json.exception.parse_error.101] parse
// error at line 3, column 3: "; we report line and column ourselves, so keep
// only the plain words after that.
std::string plainParserMessage(std::string message) {
  if (message.rfind("[json.exception.", 0) == 0) {
    const auto close = message.find("] ");
    if (close != std::string::npos) message.erase(0, close + 2);
  }
  if (message.rfind("parse error", 0) == 0) {
    const auto colon = message.find(": ");
    if (colon != std::string::npos) message.erase(0, colon + 2);
  }
  return message;
}

// The one pass over the text: builds the document (with nlohmann's own DOM
// builder, so it is exactly what json::parse gives) while finding the syntax
// error (with its byte offset, which nlohmann's DOM parser does not report
// for every error) and the duplicate keys. Keeps only one path token per
// open container, so its own memory is linear in the nesting depth. (Two
// passes, a check and then json::parse, lexed a 4 MB scenario twice: 0.03 s
// of an all-to-all 64 x 1,000 run.)
class CheckingDomBuilder : public nlohmann::json_sax<json> {
 public:
  CheckingDomBuilder(const std::string& text, const std::string& file, ScenarioErrors& errors, json& document,
                     FlatObjectArray* flat)
      : text_(text), file_(file), errors_(errors), dom_(document, /*allow_exceptions=*/false), flat_(flat) {}

  bool null() override {
    if (collectingHere()) return flat_->addNull(takeField()), value();
    return value() && dom_.null();
  }
  bool boolean(bool v) override {
    if (collectingHere()) return flat_->addBoolean(takeField(), v), value();
    return value() && dom_.boolean(v);
  }
  bool number_integer(number_integer_t v) override {
    if (collectingHere()) return flat_->addInteger(takeField(), v), value();
    return value() && dom_.number_integer(v);
  }
  bool number_unsigned(number_unsigned_t v) override {
    if (collectingHere()) return flat_->addUnsigned(takeField(), v), value();
    return value() && dom_.number_unsigned(v);
  }
  bool number_float(number_float_t v, const string_t& s) override {
    if (collectingHere()) return flat_->addFloat(takeField(), v), value();
    return value() && dom_.number_float(v, s);
  }
  bool string(string_t& v) override {
    if (collectingHere()) return flat_->addString(takeField(), v), value();
    return value() && dom_.string(v);
  }
  bool binary(binary_t& v) override { return value() && dom_.binary(v); }
  bool start_object(std::size_t n) override {
    if (collecting_) abandonFlat();
    const bool flatCandidate = startsFlatCandidate();
    if (!open(false)) return false;
    if (flatCandidate) {
      collecting_ = true;
      collectingSize_ = n;
      flat_->beginObject(stack_[1].nextIndex - 1);
      return true;
    }
    return dom_.start_object(n);
  }
  bool start_array(std::size_t n) override {
    if (collecting_) abandonFlat();
    if (flat_ && depth_ == 1 && !stack_[0].isArray && stack_[0].currentKey == flat_->member()) flat_->clear();
    return open(true) && dom_.start_array(n);
  }
  bool end_object() override {
    if (collecting_) {
      // A flat object is complete: it is kept aside, null holds its place.
      collecting_ = false;
      keyPending_ = false;
      close();
      flat_->endObject();
      return dom_.null();
    }
    return close() && dom_.end_object();
  }
  bool end_array() override { return close() && dom_.end_array(); }

  bool key(string_t& key) override {
    Frame& top = stack_[depth_ - 1];
    const bool repeated = !top.insertKey(key);
    if (repeated) {
      errors_.push_back({file_, joinPointer(currentPath(), key),
                         fmt::format("duplicate key \"{}\" (a key may appear only once in an object)", key)});
    }
    top.currentKey = key;
    if (collecting_) {
      const auto field = flat_->fieldOf(key);
      if (field && !repeated) {
        pendingField_ = *field;
        keyPending_ = true;
        return true;
      }
      abandonFlat();
    }
    return dom_.key(key);
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    // `position` counts the characters read, the last of them the culprit.
    const auto [line, column] = lineAndColumn(text_, position == 0 ? 0 : position - 1);
    errors_.push_back({file_, "", plainParserMessage(ex.what()), line, column});
    return false;
  }

 private:
  // Frames are reused as the parse goes in and out of containers (stack_
  // only grows, depth_ says how much of it is open), so that a file of
  // 64,000 small objects does not allocate for each one.
  struct Frame {
    bool isArray = false;
    std::size_t nextIndex = 0;     // arrays: the index of the next element
    std::vector<std::string> keys; // objects: the keys seen so far (searched while few)
    std::set<std::string> manyKeys;  // ... and all of them once there are more
    std::string currentKey;        // objects: the key of the value being read
    std::string token;             // this container's token in its parent

    // False when `key` was seen before in this object.
    bool insertKey(const std::string& key) {
      static constexpr std::size_t kFew = 16;
      if (manyKeys.empty()) {
        if (std::find(keys.begin(), keys.end(), key) != keys.end()) return false;
        if (keys.size() < kFew) {
          keys.push_back(key);
          return true;
        }
        manyKeys.insert(keys.begin(), keys.end());
      }
      return manyKeys.insert(key).second;
    }
  };

  // The token of the value that starts now, within the innermost container.
  std::string nextToken() {
    if (depth_ == 0) return {};
    Frame& top = stack_[depth_ - 1];
    return top.isArray ? std::to_string(top.nextIndex++) : top.currentKey;
  }
  bool value() {
    if (depth_ > 0 && stack_[depth_ - 1].isArray) ++stack_[depth_ - 1].nextIndex;
    return true;
  }
  // Whether the object about to open is an element of the collected array
  // (root object -> member -> element).
  bool startsFlatCandidate() const {
    return flat_ && depth_ == 2 && !stack_[0].isArray && stack_[1].isArray && stack_[1].token == flat_->member();
  }
  // A scalar that is a member of the flat object being collected.
  bool collectingHere() const { return collecting_ && depth_ == 3; }
  uint8_t takeField() {
    keyPending_ = false;
    return pendingField_;
  }
  // The object being collected is not flat after all: it goes into the
  // document as it would have from the start (its members so far, then the
  // key whose value is being read, if any), and the parse carries on there.
  void abandonFlat() {
    collecting_ = false;
    dom_.start_object(collectingSize_);
    const Frame& top = stack_[depth_ - 1];
    flat_->forEachPendingMember([&](uint8_t field, const FlatObjectArray::Scalar& v) {
      string_t name = flat_->keyName(field);
      dom_.key(name);
      switch (v.type) {
        case FlatObjectArray::Type::Null: dom_.null(); break;
        case FlatObjectArray::Type::Boolean: dom_.boolean(v.boolean); break;
        case FlatObjectArray::Type::Integer: dom_.number_integer(v.integer); break;
        case FlatObjectArray::Type::Unsigned: dom_.number_unsigned(v.unsignedInteger); break;
        case FlatObjectArray::Type::Float: dom_.number_float(v.floating, string_t()); break;
        case FlatObjectArray::Type::String: {
          string_t text(v.text);
          dom_.string(text);
          break;
        }
      }
    });
    flat_->abandonObject();
    // A key read but its value not yet (the value is a container): it is
    // the frame's current key, seen after every replayed member.
    if (keyPending_) {
      keyPending_ = false;
      string_t name = top.currentKey;
      dom_.key(name);
    }
  }
  bool open(bool isArray) {
    std::string token = nextToken();
    if (depth_ == stack_.size()) stack_.emplace_back();
    Frame& frame = stack_[depth_++];
    frame.isArray = isArray;
    frame.nextIndex = 0;
    frame.keys.clear();
    frame.manyKeys.clear();
    frame.currentKey.clear();
    frame.token = std::move(token);
    return true;
  }
  bool close() {
    --depth_;
    return true;
  }
  std::string currentPath() const {
    std::string path = "/";
    for (std::size_t i = 1; i < depth_; ++i) path = joinPointer(path, stack_[i].token);
    return path;
  }

  const std::string& text_;
  const std::string& file_;
  ScenarioErrors& errors_;
  std::vector<Frame> stack_;
  std::size_t depth_ = 0;
  // (nlohmann's detail namespace: the builder json::parse itself uses)
  nlohmann::detail::json_sax_dom_parser<json> dom_;
  FlatObjectArray* flat_;  // null: every value goes into the document
  bool collecting_ = false;        // an element of flat_'s member is being read into flat_
  std::size_t collectingSize_ = 0; // ... and the size its start_object was given
  uint8_t pendingField_ = 0;       // ... and the field whose value comes next
  bool keyPending_ = false;        // ... which was read, its value not yet
};

// A whole JSON number split into sign and magnitude, so that every int64 and
// uint64 is represented exactly.
struct WholeNumber {
  bool negative = false;
  uint64_t magnitude = 0;
  bool fits64 = true;  // false: a float whose magnitude is 2^64 or more

  // The value as a T, or nullopt when T cannot hold it.
  template <class T>
  std::optional<T> as() const {
    constexpr auto kMax = static_cast<uint64_t>(std::numeric_limits<T>::max());
    if (!fits64) return std::nullopt;
    if (!negative) return magnitude <= kMax ? std::optional<T>(static_cast<T>(magnitude)) : std::nullopt;
    if constexpr (std::is_signed_v<T>) {
      // -(kMax + 1) is T's minimum; negate after the cast so nothing overflows.
      if (magnitude <= kMax + 1) return static_cast<T>(-static_cast<T>(magnitude - 1) - 1);
    }
    return std::nullopt;
  }
};

std::optional<WholeNumber> wholeNumber(const json& v) {
  if (v.is_number_unsigned()) return WholeNumber{false, v.get<uint64_t>()};
  if (v.is_number_integer()) {
    const int64_t i = v.get<int64_t>();
    if (i >= 0) return WholeNumber{false, static_cast<uint64_t>(i)};
    return WholeNumber{true, static_cast<uint64_t>(-(i + 1)) + 1};
  }
  const double f = v.get<double>();
  if (!std::isfinite(f) || std::floor(f) != f) return std::nullopt;
  const double magnitude = std::fabs(f);
  if (magnitude >= 18446744073709551616.0) return WholeNumber{f < 0, 0, false};
  return WholeNumber{f < 0 && magnitude != 0, static_cast<uint64_t>(magnitude)};
}

// ">= 1", "between 1 and 100", or "" when [min, max] is the whole type.
template <class T>
std::string integerRangeText(T min, T max) {
  const bool anyMin = min == std::numeric_limits<T>::min();
  const bool anyMax = max == std::numeric_limits<T>::max();
  if (anyMin && anyMax) return "";
  if (anyMax) return fmt::format(">= {}", min);
  if (anyMin) return fmt::format("<= {}", max);
  return fmt::format("between {} and {}", min, max);
}

std::string withSpace(const std::string& s) { return s.empty() ? s : fmt::format(" {}", s); }

// JsonReader::integer and unsignedInteger: a whole number in [min, max] as a T.
template <class T>
std::optional<T> readInteger(const JsonReader& r, T min, T max) {
  const json& v = r.json();
  if (!v.is_number()) {
    r.error(fmt::format("expected an integer, got {}", JsonReader::describeType(v)));
    return std::nullopt;
  }
  const auto whole = wholeNumber(v);
  if (!whole) {
    r.error(fmt::format("expected an integer, got {}", JsonReader::describeValue(v)));
    return std::nullopt;
  }
  const auto value = whole->as<T>();
  if (value && *value >= min && *value <= max) return value;
  r.error(fmt::format("expected an integer{}, got {}", withSpace(integerRangeText(min, max)), JsonReader::describeValue(v)));
  return std::nullopt;
}

}  // namespace

std::string JsonReader::Range::describe() const {
  const bool hasMin = std::isfinite(min);
  const bool hasMax = std::isfinite(max);
  if (hasMin && hasMax && !minExclusive) return fmt::format("between {} and {}", formatNumber(min), formatNumber(max));
  std::string text;
  if (hasMin) text = fmt::format("{}{}", minExclusive ? "> " : ">= ", formatNumber(min));
  if (hasMax) text += fmt::format("{}{}", hasMin ? " and <= " : "<= ", formatNumber(max));
  return text;
}

JsonReader::JsonReader(const nlohmann::json& document, const std::string& file, ScenarioErrors& errors)
    : JsonReader(document, "/", &file, &errors) {}

std::optional<nlohmann::json> JsonReader::parse(const std::string& text, const std::string& file,
                                                ScenarioErrors& errors, FlatObjectArray* flat) {
  nlohmann::json document;
  if (flat) {
    flat->clear();
    // (its 32-bit offsets address up to 4 GB of text: a bigger file goes into the document)
    if (text.size() < UINT32_MAX) flat->reserveForText(text.size());
    else flat = nullptr;
  }
  CheckingDomBuilder builder(text, file, errors, document, flat);
  // Comments (// and /* */) are allowed: the docs' examples use them.
  constexpr bool kStrict = true;  // anything after the document is an error
  constexpr bool kIgnoreComments = true;
  if (!json::sax_parse(text, &builder, json::input_format_t::json, kStrict, kIgnoreComments)) {
    return std::nullopt;
  }
  // nlohmann's lexer takes a NUL byte for the end of the input, so a
  // document followed by a NUL and anything at all would pass unseen.
  if (const auto nul = text.find('\0'); nul != std::string::npos) {
    const auto [line, column] = lineAndColumn(text, nul);
    errors.push_back({file, "", "unexpected NUL byte after the JSON document; expected end of input", line, column});
    return std::nullopt;
  }
  return document;
}

std::string JsonReader::pathOf(std::string_view key) const { return joinPointer(path_, key); }
std::string JsonReader::pathOf(std::size_t index) const { return joinPointer(path_, std::to_string(index)); }

void JsonReader::error(std::string message) const { errorAt(path_, std::move(message)); }
void JsonReader::errorAt(std::string jsonPath, std::string message) const {
  errors_->push_back({*file_, std::move(jsonPath), std::move(message)});
}
void JsonReader::typeError(std::string_view expected) const {
  error(fmt::format("expected {}, got {}", expected, describeType(*value_)));
}

bool JsonReader::expectObject() const {
  if (value_->is_object()) return true;
  typeError("an object");
  return false;
}

bool JsonReader::expectObject(const std::vector<std::string_view>& allowedKeys) const {
  if (!expectObject()) return false;
  for (const auto& [key, member] : value_->items()) {
    if (std::find(allowedKeys.begin(), allowedKeys.end(), key) == allowedKeys.end()) {
      errorAt(pathOf(key), fmt::format("{} (valid keys here: {})", unknownMessage("key", key, allowedKeys), join(allowedKeys)));
    }
  }
  return true;
}

bool JsonReader::has(std::string_view key) const {
  return value_->is_object() && value_->find(key) != value_->end();
}

std::optional<JsonReader> JsonReader::get(std::string_view key) const {
  if (!value_->is_object()) return std::nullopt;
  const auto it = value_->find(key);
  if (it == value_->end()) return std::nullopt;
  return JsonReader(*it, pathOf(key), file_, errors_);
}

std::optional<JsonReader> JsonReader::require(std::string_view key) const {
  auto member = get(key);
  if (!member && value_->is_object()) error(fmt::format("missing required key \"{}\"", key));
  return member;
}

std::vector<std::pair<std::string, JsonReader>> JsonReader::members() const {
  std::vector<std::pair<std::string, JsonReader>> out;
  if (!expectObject()) return out;
  for (const auto& [key, member] : value_->items()) {
    out.emplace_back(key, JsonReader(member, pathOf(key), file_, errors_));
  }
  return out;
}

bool JsonReader::expectArray() const {
  if (value_->is_array()) return true;
  typeError("an array");
  return false;
}

std::vector<JsonReader> JsonReader::elements() const {
  std::vector<JsonReader> out;
  if (!expectArray()) return out;
  out.reserve(value_->size());
  for (std::size_t i = 0; i < value_->size(); ++i) out.push_back(JsonReader((*value_)[i], pathOf(i), file_, errors_));
  return out;
}

std::optional<std::string> JsonReader::string() const {
  if (value_->is_string()) return value_->get<std::string>();
  typeError("a string");
  return std::nullopt;
}

std::optional<std::string> JsonReader::nonEmptyString() const {
  auto s = string();
  if (s && s->empty()) {
    error("expected a non-empty string");
    return std::nullopt;
  }
  return s;
}

std::optional<bool> JsonReader::boolean() const {
  if (value_->is_boolean()) return value_->get<bool>();
  typeError("true or false");
  return std::nullopt;
}

std::optional<double> JsonReader::number(Range range) const {
  if (!value_->is_number()) {
    typeError("a number");
    return std::nullopt;
  }
  const double v = value_->get<double>();
  if (!std::isfinite(v) || !range.contains(v)) {
    error(fmt::format("expected a {}number{}, got {}", std::isfinite(v) ? "" : "finite ", withSpace(range.describe()),
                      describeValue(*value_)));
    return std::nullopt;
  }
  return v;
}

std::optional<int64_t> JsonReader::integer(int64_t min, int64_t max) const {
  return readInteger(*this, min, max);
}

std::optional<uint64_t> JsonReader::unsignedInteger(uint64_t min, uint64_t max) const {
  return readInteger(*this, min, max);
}

std::optional<std::string> JsonReader::oneOf(std::string_view what, const std::vector<std::string_view>& allowed) const {
  auto s = string();
  if (!s) return std::nullopt;
  if (std::find(allowed.begin(), allowed.end(), *s) != allowed.end()) return s;
  std::string message = unknownMessage(what, *s, allowed);
  if (!closestMatch(*s, allowed)) message += fmt::format("; expected one of {}", join(allowed));
  error(std::move(message));
  return std::nullopt;
}

std::string JsonReader::describeType(const nlohmann::json& value) {
  switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "a number";
    case json::value_t::binary: return "binary data";
    case json::value_t::discarded: return "nothing";
  }
  return "an unknown type";
}

std::string JsonReader::describeValue(const nlohmann::json& value) {
  if (value.is_number() || value.is_boolean()) return dumpSafely(value);
  if (value.is_string()) return quote(value.get_ref<const std::string&>());
  return describeType(value);
}

std::string JsonReader::quote(std::string_view text) {
  constexpr std::size_t kMaxShown = 40;
  if (text.size() <= kMaxShown) return dumpSafely(nlohmann::json(std::string(text)));
  return fmt::format("{}...", dumpSafely(nlohmann::json(std::string(text.substr(0, kMaxShown)))));
}

std::string JsonReader::join(const std::vector<std::string_view>& words, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += separator;
    out += words[i];
  }
  return out;
}

std::string JsonReader::formatNumber(double v) {
  if (std::isfinite(v) && std::floor(v) == v && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<int64_t>(v));
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
  return std::string(buffer, result.ptr);
}

std::size_t JsonReader::editDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::optional<std::string> JsonReader::closestMatch(std::string_view word,
                                                    const std::vector<std::string_view>& candidates) {
  constexpr std::size_t kMaxDistance = 2;
  constexpr std::size_t kMinPrefix = 3;
  const std::string lowerWord = lowercase(word);
  for (const auto candidate : candidates) {
    if (lowercase(candidate) == lowerWord) return std::string(candidate);
  }
  std::optional<std::string_view> best;
  std::size_t bestDistance = kMaxDistance + 1;
  for (const auto candidate : candidates) {
    // The length difference bounds the distance from below; skipping the
    // hopeless ones keeps this cheap for long words and many candidates.
    const std::size_t lengthGap = std::max(word.size(), candidate.size()) - std::min(word.size(), candidate.size());
    if (lengthGap >= bestDistance) continue;
    const std::size_t distance = editDistance(lowerWord, lowercase(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best && bestDistance < word.size()) return std::string(*best);
  for (const auto candidate : candidates) {
    const std::string lowerCandidate = lowercase(candidate);
    if (std::min(lowerWord.size(), lowerCandidate.size()) < kMinPrefix) continue;
    if (lowerCandidate.starts_with(lowerWord) || lowerWord.starts_with(lowerCandidate)) return std::string(candidate);
  }
  return std::nullopt;
}

std::string JsonReader::unknownMessage(std::string_view what, std::string_view word,
                                       const std::vector<std::string_view>& candidates) {
  std::string message = fmt::format("unknown {} {}", what, quote(word));
  if (const auto suggestion = closestMatch(word, candidates)) message += fmt::format("; did you mean \"{}\"?", *suggestion);
  return message;
}

}  // namespace replsim
