#pragma once
// Cli: the `replsim` command line (README.md, docs/cli.md), as a function so
// tests can drive it without a process. Every example in a --help text is
// run by a test (tests/cli/HelpExamplesTest.cpp).
//
// Exit status: 0 ran and every expectation held; 1 bad usage or bad input
// (including a scenario too big for limits.max_ops / limits.max_memory_mb);
// 2 a limit stopped the run; 3 an expectation failed; 4 an invariant of the
// run was violated (a bug in replsim: see sim/check/InvariantChecker.h);
// 70 an internal error (a bug, or memory ran out: see InternalError.h).

#include <istream>
#include <ostream>

namespace replsim {

enum ExitStatus {
  kExitOk = 0,
  kExitBadInput = 1,
  kExitLimit = 2,
  kExitExpectation = 3,
  kExitInvariant = 4,
  kExitInternal = 70,  // EX_SOFTWARE of sysexits.h
};

// "0.1": the project version (CMakeLists.txt), as --version prints it.
const char* replsimVersion();

// A scenario argument "-" is read from std::cin.
int runCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);
// The same, reading a scenario argument "-" from `in` (for tests).
int runCli(int argc, const char* const* argv, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace replsim
