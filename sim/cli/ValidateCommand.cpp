#include "sim/cli/ValidateCommand.h"

#include "sim/cli/Cli.h"
#include "sim/scenario/ScenarioLoader.h"

namespace replsim {

int validateCommand(const std::vector<std::string>& files, std::ostream& out, std::ostream& err) {
  int status = kExitOk;
  for (const std::string& file : files) {
    LoadResult loaded = loadScenarioFile(file);
    if (loaded.ok()) {
      out << file << ": ok\n";
      continue;
    }
    status = kExitBadInput;
    for (const ScenarioError& e : loaded.errors) err << e.render() << "\n";
  }
  return status;
}

}  // namespace replsim
