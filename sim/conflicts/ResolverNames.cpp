#include "sim/conflicts/ResolverNames.h"

#include "sim/conflicts/ResolverRegistry.h"

#include <cctype>
#include <utility>

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

std::optional<std::string> resolverForAlias(const std::string& name) {
  static const std::pair<const char*, const char*> kAliases[] = {
      {"last-write-wins", "lww"},           {"lastwritewins", "lww"},        {"latest-wins", "lww"},
      {"first-write-wins", "first-update-wins"}, {"remote-wins", "apply-remote"}, {"local-wins", "keep-local"},
      {"priority", "replica-priority"},     {"multi-value", "siblings"},
      {"mvr", "siblings"}};
  std::string normal;
  for (const char c : name) {
    if (c == '_' || c == ' ') normal += '-';
    else normal += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  for (const auto& [alias, resolver] : kAliases)
    if (normal == alias) return std::string(resolver);
  return std::nullopt;
}

std::string canonicalResolverName(const std::string& name) {
  return name == "last-update-wins" ? "lww" : name;
}

}  // namespace replsim
