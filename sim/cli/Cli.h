#pragma once
// Cli: the `replsim` command line (../shared/spec/cli.md), as a function so
// tests can drive it without a process.
//
// Exit status: 0 ran and every expectation held; 1 bad usage or bad input;
// 2 a limit stopped the run; 3 an expectation failed; 4 an invariant of the
// run was violated (a bug in replsim: see sim/check/InvariantChecker.h).

#include <ostream>

namespace replsim {

enum ExitStatus { kExitOk = 0, kExitBadInput = 1, kExitLimit = 2, kExitExpectation = 3, kExitInvariant = 4 };

int runCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace replsim
