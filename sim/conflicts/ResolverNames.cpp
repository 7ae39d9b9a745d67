#include "sim/conflicts/ResolverNames.h"

#include "sim/conflicts/ResolverRegistry.h"

namespace replsim {

const std::vector<std::string>& specResolverNames() {
  static const std::vector<std::string> names = {
      "lww", "last-update-wins", "first-update-wins", "apply-remote", "keep-local",
      "replica-priority", "merge", "siblings", "error"};
  return names;
}

std::vector<std::string> implementedResolverNames() {
  std::vector<std::string> names = ResolverRegistry::global().writeResolverNames();
  names.push_back("last-update-wins");
  return names;
}

bool isImplementedResolver(const std::string& name) {
  return ResolverRegistry::global().hasWriteResolver(canonicalResolverName(name));
}

bool isReadResolver(const std::string& name) { return ResolverRegistry::global().hasReadResolver(name); }

std::string canonicalResolverName(const std::string& name) {
  return name == "last-update-wins" ? "lww" : name;
}

}  // namespace replsim
