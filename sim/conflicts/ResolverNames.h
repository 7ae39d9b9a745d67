#pragma once
// The names a scenario may give in replication.conflicts.resolve.
//
// `isImplementedResolver` is what the scenario loader accepts; a name that
// is a known strategy of the spec but not built yet is rejected with a clear
// message rather than silently treated as lww.

#include <optional>
#include <string>
#include <vector>

namespace replsim {

// Every strategy name of the spec (plus the alias "last-update-wins").
const std::vector<std::string>& specResolverNames();
// The ones this build can run: the registry (built-in and custom resolvers)
// plus the alias last-update-wins. A custom name is accepted when registered.
bool isImplementedResolver(const std::string& name);
std::vector<std::string> implementedResolverNames();
// "last-update-wins" -> "lww"; other names unchanged.
std::string canonicalResolverName(const std::string& name);
// The resolver a name used elsewhere means ("last-write-wins" -> "lww",
// "first-write-wins" -> "first-update-wins", ...; case, "_" and spaces
// ignored), for "did you mean" in messages; nullopt when it is no alias.
std::optional<std::string> resolverForAlias(const std::string& name);
// A registered read-time (on_read) resolver.
bool isReadResolver(const std::string& name);

}  // namespace replsim
