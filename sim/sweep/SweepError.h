#pragma once
// SweepError: why a sweep (or a merge of sweep parts) cannot start or finish —
// a bad --set, --seeds, --shard or --metrics value, an overridden scenario
// that does not validate, parts of different sweeps. Always bad input (exit
// status 1); the message names the option, the file or the JSON path.
// Failed runs are never SweepErrors: they are counted and listed.

#include <stdexcept>
#include <string>

namespace replsim {

class SweepError : public std::runtime_error {
 public:
  explicit SweepError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace replsim
