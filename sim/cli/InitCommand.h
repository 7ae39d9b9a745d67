#pragma once
// InitCommand: `replsim init [--kind K] [--leaders N] [-o FILE]` — writes a
// small, commented starter scenario that runs as it is: N leaders (A, B, ...;
// L1..Ln beyond 26) in a topology of kind K, 10 ms links, two concurrent
// writes to one key resolved by lww (one write for single-leader), an
// example fault left commented out, and an expect block that holds.
// Without -o the scenario goes to stdout; -o never overwrites a file.
//
// Exit status: 0 written; 1 an unknown kind, a leader count out of range,
// an existing or unwritable -o file.

#include <ostream>
#include <string>

#include "sim/core/Status.h"

#include <fmt/format.h>

namespace replsim {

struct InitOptions {
  std::string kind = "all-to-all";
  int leaders = 3;
  std::string outFile;  // "": stdout
};

// The kinds init knows: every kind that needs nothing but leaders.
const char* initKindsList();

// The scenario text, or the error saying which option is wrong (an unknown
// --kind, --leaders out of range): the user's mistake, a value.
Expected<std::string> starterScenario(const InitOptions& options);

int initCommand(const InitOptions& options, std::ostream& out, std::ostream& err);

}  // namespace replsim
