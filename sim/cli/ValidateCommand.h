#pragma once
// ValidateCommand: `replsim validate SCENARIO...` — loads each file ("-":
// standard input) and lists every problem with its JSON path, without
// running anything, then the warnings of the files that load (legal but
// almost certainly a mistake; ScenarioWarnings). Exit 1 if any file has a
// problem; warnings alone leave it 0.

#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace replsim {

int validateCommand(const std::vector<std::string>& files, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace replsim
