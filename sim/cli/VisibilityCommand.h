#pragma once
// VisibilityCommand: `replsim visibility SCENARIO [--t-ms 0,1,5,...]
// [--trials K] [--seed S] [--format text|json]` — Probabilistically Bounded
// Staleness of a leaderless scenario's quorum (Visibility,
// docs/leaderless.md "Staleness: replsim visibility").
//
// Exit status: 0 the trials ran; 1 bad usage or input (a scenario that does
// not load or is not leaderless, a bad --t-ms, --trials 0 or above 10^8).

#include <cstdint>
#include <istream>
#include <optional>
#include <ostream>
#include <string>

namespace CLI {
class App;
}

namespace replsim {

struct VisibilityCommandOptions {
  std::string scenarioFile;
  std::string tMs = "0,1,2,5,10,20,50,100";
  uint64_t trials = 10000;
  std::optional<uint64_t> seed;  // default: the scenario's
  std::string format = "text";
};

CLI::App* addVisibilityCommand(CLI::App& app, VisibilityCommandOptions& options);

int visibilityCommand(const VisibilityCommandOptions& options, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace replsim
