#pragma once
// FlatObjectArray: the flat objects of one top-level array member of a JSON
// document (a scenario's "writes"), kept in two flat arrays instead of as
// JSON objects.
//
// Why: a scenario of 64,000 explicit writes is 64,000 small objects; as
// nlohmann::json each is a std::map of four nodes plus a heap string per
// value, about 400 bytes and eight allocations, built, walked once and
// freed (a third of loading a 4 MB file). Here one such object is a few
// 16-byte members and its strings' bytes in one shared buffer.
//
// JsonReader::parse fills it: an element of the array that is an object
// whose keys are all among `keys` (each at most once) and whose values are
// all scalars is stored here, and the document holds null in its place;
// any other element (a nested value, an unknown or repeated key, not an
// object) stays in the document untouched. toJson(i) rebuilds element i
// exactly as the document would have held it, so a reader that meets a
// problem can hand it to the ordinary, JsonReader-based checks and report
// it in the same words at the same path.
//
// Invariant: members of one object are stored in the order they were read;
// an index holds() iff the parser stored that element.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace replsim {

class FlatObjectArray {
 public:
  enum class Type : uint8_t { Null, Boolean, Integer, Unsigned, Float, String };
  // One member's value. Strings are views into this array's buffer: valid
  // until the array is changed.
  struct Scalar {
    Type type = Type::Null;
    bool boolean = false;
    int64_t integer = 0;
    uint64_t unsignedInteger = 0;
    double floating = 0;
    std::string_view text;

    bool isNumber() const { return type == Type::Integer || type == Type::Unsigned || type == Type::Float; }
    // As nlohmann's get<double>() reads it. REQUIRES: isNumber().
    double asDouble() const;
    // The JSON value it stands for.
    nlohmann::json toJson() const;
  };

  // Collects the elements of the document's top-level member `member`;
  // an object may have the keys in `keys` (at most 255).
  FlatObjectArray(std::string member, std::vector<std::string> keys);

  const std::string& member() const { return member_; }
  // The position of `key` in `keys`, or nullopt.
  std::optional<uint8_t> fieldOf(std::string_view key) const;
  const std::string& keyName(uint8_t field) const { return keys_[field]; }

  // --- filled by the parser, one object at a time ---
  // Forgets every stored object (the member appeared again: the document
  // keeps its last value).
  void clear();
  // Room for every flat object a JSON text of `bytes` characters can hold,
  // so that the arrays never regrow (a regrowth copies them into fresh
  // pages): a member takes at least 8 characters ("op":1,). Pages not
  // written to are never touched, so a generous reservation costs address
  // space only.
  void reserveForText(std::size_t bytes);
  void beginObject(std::size_t index);
  void addNull(uint8_t field) { add(field, Type::Null); }
  void addBoolean(uint8_t field, bool v) { add(field, Type::Boolean).value.boolean = v; }
  void addInteger(uint8_t field, int64_t v) { add(field, Type::Integer).value.integer = v; }
  void addUnsigned(uint8_t field, uint64_t v) { add(field, Type::Unsigned).value.unsignedInteger = v; }
  void addFloat(uint8_t field, double v) { add(field, Type::Float).value.floating = v; }
  void addString(uint8_t field, std::string_view v);
  void endObject();
  // The object begun last is dropped (the caller builds it in the document).
  void abandonObject();
  // The members of the object being built, in order: (field, value).
  template <class F>
  void forEachPendingMember(F&& f) const {
    for (uint32_t m = pendingBegin_; m < members_.size(); ++m) f(members_[m].field, scalar(members_[m]));
  }

  // --- read ---
  bool holds(std::size_t index) const { return index < objects_.size() && objects_[index].begin != kAbsent; }
  // Member `field` of element `index`, or nullopt when absent. REQUIRES: holds(index).
  std::optional<Scalar> get(std::size_t index, uint8_t field) const;
  // Element `index` as the document would have held it. REQUIRES: holds(index).
  nlohmann::json toJson(std::size_t index) const;
  std::size_t objectCount() const { return stored_; }

 private:
  static constexpr uint32_t kAbsent = UINT32_MAX;
  struct Member {
    uint8_t field = 0;
    Type type = Type::Null;
    uint32_t textBegin = 0;  // strings: in text_
    union {
      bool boolean;
      int64_t integer;
      uint64_t unsignedInteger;
      double floating;
      uint32_t textSize;  // strings
    } value{};
  };
  static_assert(sizeof(Member) <= 16, "a member is two words");
  struct Object {
    uint32_t begin = kAbsent;  // in members_
    uint32_t count = 0;
  };
  Member& add(uint8_t field, Type type);
  Scalar scalar(const Member& m) const;

  std::string member_;
  std::vector<std::string> keys_;
  std::vector<Object> objects_;  // by element index
  std::vector<Member> members_;
  std::string text_;
  std::size_t pendingIndex_ = 0;
  uint32_t pendingBegin_ = 0;
  std::size_t pendingText_ = 0;
  std::size_t stored_ = 0;
};

}  // namespace replsim
