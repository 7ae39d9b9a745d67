#include "sim/conflicts/ResolverNames.h"

#include <algorithm>

namespace replsim {

const std::vector<std::string>& specResolverNames() {
  static const std::vector<std::string> names = {
      "lww", "last-update-wins", "first-update-wins", "apply-remote", "keep-local",
      "replica-priority", "merge", "siblings", "error"};
  return names;
}

std::vector<std::string> implementedResolverNames() { return {"lww", "last-update-wins"}; }

bool isImplementedResolver(const std::string& name) {
  const auto names = implementedResolverNames();
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string canonicalResolverName(const std::string& name) {
  return name == "last-update-wins" ? "lww" : name;
}

}  // namespace replsim
