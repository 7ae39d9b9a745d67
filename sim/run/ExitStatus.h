#pragma once
// ExitStatus: what `replsim` exits with, shared by the command line and by
// the code that runs a scenario for it (ScenarioRun, sweeps).
//
// 0 ran and every expectation held; 1 bad usage or bad input (including a
// scenario too big for limits.max_ops / limits.max_memory_mb); 2 a limit
// stopped the run; 3 an expectation failed; 4 an invariant of the run was
// violated (a bug in replsim: see sim/check/InvariantChecker.h); 70 an
// internal error (a bug, or memory ran out: see sim/cli/InternalError.h).

namespace replsim {

enum ExitStatus {
  kExitOk = 0,
  kExitBadInput = 1,
  kExitLimit = 2,
  kExitExpectation = 3,
  kExitInvariant = 4,
  kExitInternal = 70,  // EX_SOFTWARE of sysexits.h
};

}  // namespace replsim
