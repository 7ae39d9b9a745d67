#pragma once
// Cli: the `replsim` command line (../shared/spec/cli.md), as a function so
// tests can drive it without a process.
//
// Exit status: 0 ran and every expectation held; 1 bad usage or bad input
// (including a scenario too big for limits.max_ops / limits.max_memory_mb);
// 2 a limit stopped the run; 3 an expectation failed; 4 an invariant of the
// run was violated (a bug in replsim: see sim/check/InvariantChecker.h);
// 70 an internal error (a bug, or memory ran out: see InternalError.h).

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

int runCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace replsim
