#include "sim/cli/ValidateCommand.h"

#include "sim/cli/Cli.h"
#include "sim/cli/ScenarioInput.h"

namespace replsim {

int validateCommand(const std::vector<std::string>& files, std::istream& in, std::ostream& out, std::ostream& err) {
  int status = kExitOk;
  for (const std::string& file : files) {
    const LoadResult loaded = loadScenarioArgument(file, in);
    if (!reportLoadErrors(loaded, err)) {
      status = kExitBadInput;
      continue;
    }
    reportWarnings(*loaded.scenario, std::nullopt, err);
    out << (file == "-" ? kStdinName : file) << ": ok\n";
  }
  return status;
}

}  // namespace replsim
