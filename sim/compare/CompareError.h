#pragma once
// CompareError: why a comparison could not produce its table — options that
// do not fit the scenario (bad input, exit status 1) or a run that a limit
// stopped (exit status 2). The message names the option or the run.

#include <stdexcept>
#include <string>

namespace replsim {

class CompareError : public std::runtime_error {
 public:
  enum class Kind { BadInput, Limit };
  CompareError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

}  // namespace replsim
