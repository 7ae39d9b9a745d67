#include "sim/compare/CompareOptions.h"

namespace replsim {

const char* toString(FailureMode m) {
  switch (m) {
    case FailureMode::None: return "none";
    case FailureMode::EachNode: return "each-node";
    case FailureMode::EachLink: return "each-link";
  }
  return "?";
}

}  // namespace replsim
