#include "sim/conflicts/ResolverRegistry.h"

#include "sim/conflicts/ApplyRemoteResolver.h"
#include "sim/conflicts/ErrorResolver.h"
#include "sim/conflicts/FirstUpdateWinsResolver.h"
#include "sim/conflicts/KeepLocalResolver.h"
#include "sim/conflicts/LwwResolver.h"
#include "sim/conflicts/MergeResolver.h"
#include "sim/conflicts/ReplicaPriorityResolver.h"
#include "sim/conflicts/SiblingsResolver.h"
#include "sim/conflicts/examples/ExampleResolvers.h"

namespace replsim {

ResolverRegistry& ResolverRegistry::global() {
  static ResolverRegistry registry;
  return registry;
}

ResolverRegistry::ResolverRegistry() {
  registerWriteResolver("lww", "last write wins: highest (timestamp, origin name) id", [](const ConflictsSpec& s) {
    return std::make_unique<LwwResolver>(s.timestamps == Timestamps::Clock);
  });
  registerWriteResolver("first-update-wins", "lowest (timestamp, origin name) id wins",
                        [](const ConflictsSpec&) { return std::make_unique<FirstUpdateWinsResolver>(); });
  registerWriteResolver("apply-remote", "the incoming change always wins (does not converge)",
                        [](const ConflictsSpec&) { return std::make_unique<ApplyRemoteResolver>(); });
  registerWriteResolver("keep-local", "the local version always stays (does not converge)",
                        [](const ConflictsSpec&) { return std::make_unique<KeepLocalResolver>(); });
  registerWriteResolver("replica-priority", "the write from the higher-priority replica wins",
                        [](const ConflictsSpec& s) { return std::make_unique<ReplicaPriorityResolver>(s.priority); });
  registerWriteResolver("merge", "counters add, text joins sorted with /, deletes lose to writes",
                        [](const ConflictsSpec&) { return std::make_unique<MergeResolver>(); });
  registerWriteResolver("siblings", "keep every concurrent version until a read or a write settles them",
                        [](const ConflictsSpec&) { return std::make_unique<SiblingsResolver>(); });
  registerWriteResolver("error", "do not apply; halt replication from that peer until resume",
                        [](const ConflictsSpec&) { return std::make_unique<ErrorResolver>(); });
  registerExampleResolvers(*this);
}

void ResolverRegistry::registerWriteResolver(const std::string& name, const std::string& description,
                                             WriteResolverFactory factory) {
  write_[name] = WriteEntry{description, std::move(factory)};
}

void ResolverRegistry::registerReadResolver(const std::string& name, const std::string& description,
                                            std::shared_ptr<const ReadResolver> resolver) {
  read_[name] = ReadEntry{description, std::move(resolver)};
}

std::unique_ptr<ConflictResolver> ResolverRegistry::makeWriteResolver(const ConflictsSpec& spec) const {
  return write_.at(spec.resolve).factory(spec);
}

const ReadResolver* ResolverRegistry::readResolver(const std::string& name) const {
  auto it = read_.find(name);
  return it == read_.end() ? nullptr : it->second.resolver.get();
}

std::vector<std::string> ResolverRegistry::writeResolverNames() const {
  std::vector<std::string> names;
  for (const auto& [name, entry] : write_) names.push_back(name);
  return names;
}

std::vector<std::string> ResolverRegistry::readResolverNames() const {
  std::vector<std::string> names;
  for (const auto& [name, entry] : read_) names.push_back(name);
  return names;
}

const std::string& ResolverRegistry::description(const std::string& name) const {
  static const std::string none;
  if (auto it = write_.find(name); it != write_.end()) return it->second.description;
  if (auto it = read_.find(name); it != read_.end()) return it->second.description;
  return none;
}

}  // namespace replsim
