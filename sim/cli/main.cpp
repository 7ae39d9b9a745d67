// The replsim executable: everything lives in the engine library; this only
// hands the command line to it and turns an exception that escapes (a bug,
// or memory running out) into a plain message and exit status 70 instead of
// a crash (InternalError.h).
#include <exception>
#include <iostream>

#include "sim/cli/Cli.h"
#include "sim/cli/InternalError.h"

#ifdef REPLSIM_WITH_JEMALLOC
// jemalloc's settings, read when it starts (sim/CMakeLists.txt says why):
// transparent huge pages for the heap and for jemalloc's own metadata when
// it grows large. Where the kernel has them off, this changes nothing.
// MALLOC_CONF in the environment still overrides it.
extern "C" {
// NOLINTNEXTLINE: the name and type jemalloc looks for
const char* malloc_conf = "thp:always,metadata_thp:auto";
}
#endif

int main(int argc, char** argv) {
  try {
    return replsim::runCli(argc, argv, std::cout, std::cerr);
  } catch (...) {
    return replsim::reportInternalError(std::current_exception(), std::cerr);
  }
}
