// The replsim executable: everything lives in the engine library; this only
// hands the command line to it and turns a stray exception into a clean
// error (exit 1) instead of a crash.
#include <exception>
#include <iostream>

#include "sim/cli/Cli.h"

int main(int argc, char** argv) {
  try {
    return replsim::runCli(argc, argv, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "replsim: internal error: " << e.what() << "\n";
    return replsim::kExitBadInput;
  }
}
