#include "sim/cli/InternalError.h"

#include <cassert>
#include <new>

#include "sim/cli/Cli.h"

namespace replsim {

int reportInternalError(const std::exception_ptr& error, std::ostream& err) {
  assert(error);
  try {
    std::rethrow_exception(error);
  } catch (const std::bad_alloc&) {
    err << "replsim: internal error: memory ran out. Make the scenario smaller, or lower limits.max_memory_mb to "
           "what this machine has so that replsim refuses such a scenario before running it; if the scenario is "
           "well within its limits, its size estimate is wrong (a bug, please report it)\n";
  } catch (const std::exception& e) {
    err << "replsim: internal error (this is a bug, please report it): " << e.what() << "\n";
  } catch (...) {
    err << "replsim: internal error (this is a bug, please report it): an unknown exception\n";
  }
  return kExitInternal;
}

}  // namespace replsim
