#pragma once
// ResolverRegistry: the named conflict resolvers a scenario can select —
// write-time (`replication.conflicts.resolve`) and read-time (`on_read`).
//
// The global registry starts with the built-in strategies of the spec and
// the two example custom resolvers (sim/conflicts/examples/). A program that
// embeds the engine registers its own before loading scenarios:
//
//   ResolverRegistry::global().registerWriteResolver("my-rule", "…",
//       [](const ConflictsSpec&) { return std::make_unique<MyRule>(); });
//
// Registration is not thread-safe; do it before running simulations, which
// only read the registry (so parallel runs are fine).

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/conflicts/ConflictResolver.h"
#include "sim/model/Scenario.h"

namespace replsim {

using WriteResolverFactory = std::function<std::unique_ptr<ConflictResolver>(const ConflictsSpec&)>;

class ResolverRegistry {
 public:
  static ResolverRegistry& global();

  void registerWriteResolver(const std::string& name, const std::string& description, WriteResolverFactory factory);
  void registerReadResolver(const std::string& name, const std::string& description,
                            std::shared_ptr<const ReadResolver> resolver);

  bool hasWriteResolver(const std::string& name) const { return write_.count(name) != 0; }
  bool hasReadResolver(const std::string& name) const { return read_.count(name) != 0; }
  // REQUIRES: hasWriteResolver(spec.resolve).
  std::unique_ptr<ConflictResolver> makeWriteResolver(const ConflictsSpec& spec) const;
  // nullptr when no such read resolver.
  const ReadResolver* readResolver(const std::string& name) const;
  std::vector<std::string> writeResolverNames() const;  // sorted
  std::vector<std::string> readResolverNames() const;   // sorted
  const std::string& description(const std::string& name) const;

 private:
  ResolverRegistry();
  struct WriteEntry {
    std::string description;
    WriteResolverFactory factory;
  };
  struct ReadEntry {
    std::string description;
    std::shared_ptr<const ReadResolver> resolver;
  };
  std::map<std::string, WriteEntry> write_;
  std::map<std::string, ReadEntry> read_;
};

}  // namespace replsim
