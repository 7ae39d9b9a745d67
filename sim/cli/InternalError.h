#pragma once
// InternalError: what the command line says and returns when an exception
// escapes a command. No input makes an exception escape a command (bad input
// is a value reported with its file and JSON path, exit 1; README.md,
// "Errors"), and nothing catches an exception to call it bad input, so one
// that escapes is a bug — said so,
// with exit status kExitInternal (70) rather than 1 — or memory running out
// (std::bad_alloc), which gets advice to shrink the scenario or its limits.

#include <exception>
#include <ostream>

namespace replsim {

// Prints the message for `error` on `err` and returns kExitInternal.
// REQUIRES: error is not null.
int reportInternalError(const std::exception_ptr& error, std::ostream& err);

}  // namespace replsim
