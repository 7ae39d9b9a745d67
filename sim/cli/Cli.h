#pragma once
// Cli: the `replsim` command line (README.md, docs/cli.md), as a function so
// tests can drive it without a process. Every example in a --help text is
// run by a test (tests/cli/HelpExamplesTest.cpp).
//
// Exit statuses: sim/run/ExitStatus.h.

#include <istream>
#include <ostream>

#include "sim/run/ExitStatus.h"

namespace replsim {

// "0.1": the project version (CMakeLists.txt), as --version prints it.
const char* replsimVersion();

// A scenario argument "-" is read from std::cin.
int runCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);
// The same, reading a scenario argument "-" from `in` (for tests).
int runCli(int argc, const char* const* argv, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace replsim
