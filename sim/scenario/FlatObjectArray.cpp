#include "sim/scenario/FlatObjectArray.h"

#include <utility>

namespace replsim {

double FlatObjectArray::Scalar::asDouble() const {
  switch (type) {
    case Type::Integer: return static_cast<double>(integer);
    case Type::Unsigned: return static_cast<double>(unsignedInteger);
    default: return floating;
  }
}

nlohmann::json FlatObjectArray::Scalar::toJson() const {
  switch (type) {
    case Type::Null: return nullptr;
    case Type::Boolean: return boolean;
    case Type::Integer: return integer;
    case Type::Unsigned: return unsignedInteger;
    case Type::Float: return floating;
    case Type::String: return std::string(text);
  }
  return nullptr;
}

FlatObjectArray::FlatObjectArray(std::string member, std::vector<std::string> keys)
    : member_(std::move(member)), keys_(std::move(keys)) {}

std::optional<uint8_t> FlatObjectArray::fieldOf(std::string_view key) const {
  for (std::size_t i = 0; i < keys_.size(); ++i)
    if (keys_[i] == key) return static_cast<uint8_t>(i);
  return std::nullopt;
}

void FlatObjectArray::clear() {
  objects_.clear();
  members_.clear();
  text_.clear();
  stored_ = 0;
}

void FlatObjectArray::reserveForText(std::size_t bytes) {
  members_.reserve(bytes / 8);
  text_.reserve(bytes);
}

void FlatObjectArray::beginObject(std::size_t index) {
  pendingIndex_ = index;
  pendingBegin_ = static_cast<uint32_t>(members_.size());
  pendingText_ = text_.size();
}

FlatObjectArray::Member& FlatObjectArray::add(uint8_t field, Type type) {
  Member& m = members_.emplace_back();
  m.field = field;
  m.type = type;
  return m;
}

void FlatObjectArray::addString(uint8_t field, std::string_view v) {
  Member& m = add(field, Type::String);
  m.textBegin = static_cast<uint32_t>(text_.size());
  m.value.textSize = static_cast<uint32_t>(v.size());
  text_.append(v);
}

void FlatObjectArray::endObject() {
  if (objects_.size() <= pendingIndex_) objects_.resize(pendingIndex_ + 1);
  objects_[pendingIndex_] = Object{pendingBegin_, static_cast<uint32_t>(members_.size() - pendingBegin_)};
  ++stored_;
}

void FlatObjectArray::abandonObject() {
  members_.resize(pendingBegin_);
  text_.resize(pendingText_);
}

FlatObjectArray::Scalar FlatObjectArray::scalar(const Member& m) const {
  Scalar s;
  s.type = m.type;
  switch (m.type) {
    case Type::Null: break;
    case Type::Boolean: s.boolean = m.value.boolean; break;
    case Type::Integer: s.integer = m.value.integer; break;
    case Type::Unsigned: s.unsignedInteger = m.value.unsignedInteger; break;
    case Type::Float: s.floating = m.value.floating; break;
    case Type::String: s.text = std::string_view(text_).substr(m.textBegin, m.value.textSize); break;
  }
  return s;
}

std::optional<FlatObjectArray::Scalar> FlatObjectArray::get(std::size_t index, uint8_t field) const {
  const Object& o = objects_[index];
  for (uint32_t m = o.begin; m < o.begin + o.count; ++m)
    if (members_[m].field == field) return scalar(members_[m]);
  return std::nullopt;
}

nlohmann::json FlatObjectArray::toJson(std::size_t index) const {
  nlohmann::json out = nlohmann::json::object();
  const Object& o = objects_[index];
  for (uint32_t m = o.begin; m < o.begin + o.count; ++m) out[keys_[members_[m].field]] = scalar(members_[m]).toJson();
  return out;
}

}  // namespace replsim
