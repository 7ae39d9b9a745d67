#pragma once
// ValidateCommand: `replsim validate SCENARIO...` — loads each file and lists
// every problem with its JSON path, without running anything. Exit 1 if any
// file has a problem.

#include <ostream>
#include <string>
#include <vector>

namespace replsim {

int validateCommand(const std::vector<std::string>& files, std::ostream& out, std::ostream& err);

}  // namespace replsim
