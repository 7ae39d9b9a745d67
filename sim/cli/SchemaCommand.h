#pragma once
// SchemaCommand: `replsim schema` — prints the JSON Schema (draft 2020-12) of
// scenario files, the text of docs/scenario.schema.json compiled into the
// executable (CMake embeds the file at configure time, so the two cannot
// drift). Editors use it for completion and checking as-you-type; replsim
// itself validates with the loader, which checks more (names that must
// exist, links that must exist at a fault's time, ...).

#include <ostream>
#include <string_view>

namespace replsim {

// The schema's text, exactly as in docs/scenario.schema.json.
std::string_view scenarioSchemaText();

int schemaCommand(std::ostream& out);

}  // namespace replsim
