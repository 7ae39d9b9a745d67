#pragma once
// Status and Expected<T>: what a function returns when the user's input can
// make it fail, in place of a bool (or an empty value) plus a string
// out-parameter. A small LevelDB-style Status: ok, or an error with a message
// written for people ("--window must be FROM_MS:TO_MS, ...").
//
// The error model of replsim (README.md, "Errors"): a problem of the input is
// a value — a ScenarioError with its file and JSON path (or file:line for a
// DOT file) when it is in a scenario, a Status or Expected when it is in a
// command-line option or a --set — and the caller decides how to report it
// (exit status 1). An exception means a broken precondition, that is a bug,
// and reaches the command line's internal error (exit status 70).
//
//   Status s = override.applyTo(doc);
//   if (!s.ok()) errors.push_back({file, path, s.message()});
//
//   Expected<TimeWindow> w = parseTimeWindow(text);
//   if (!w) { err << w.error(); return kExitBadInput; }
//   use(*w);

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace replsim {

class [[nodiscard]] Status {
 public:
  static Status success() { return Status(); }
  // REQUIRES: message is not empty (it is what the user reads).
  static Status error(std::string message) {
    assert(!message.empty());
    Status s;
    s.message_ = std::move(message);
    return s;
  }

  bool ok() const { return message_.empty(); }
  // "" when ok.
  const std::string& message() const { return message_; }

 private:
  Status() = default;
  std::string message_;  // empty when ok
};

// A T, or the Status::error saying why there is none.
template <class T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : value_(std::move(value)) {}  // NOLINT: implicit, like returning the value
  // REQUIRES: !status.ok() (an ok Expected carries a value).
  Expected(Status status) : status_(std::move(status)) { assert(!status_.ok()); }  // NOLINT

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok().
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T& value() & {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }

  // "" when ok.
  const std::string& error() const { return status_.message(); }
  const Status& status() const { return status_; }

 private:
  std::optional<T> value_;
  Status status_ = Status::success();
};

}  // namespace replsim
