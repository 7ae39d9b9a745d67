#include "sim/cli/SchemaCommand.h"

#include "sim/cli/Cli.h"

namespace replsim {

int schemaCommand(std::ostream& out) {
  out << scenarioSchemaText();
  return kExitOk;
}

}  // namespace replsim
