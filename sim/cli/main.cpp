// The replsim executable: everything lives in the engine library; this only
// hands the command line to it and turns an exception that escapes (a bug,
// or memory running out) into a plain message and exit status 70 instead of
// a crash (InternalError.h).
#include <exception>
#include <iostream>

#include "sim/cli/Cli.h"
#include "sim/cli/InternalError.h"

int main(int argc, char** argv) {
  try {
    return replsim::runCli(argc, argv, std::cout, std::cerr);
  } catch (...) {
    return replsim::reportInternalError(std::current_exception(), std::cerr);
  }
}
