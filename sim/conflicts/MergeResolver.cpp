#include "sim/conflicts/MergeResolver.h"

#include <charconv>
#include <set>

#include "sim/model/OpKind.h"

namespace replsim {
namespace {

bool parseInt(std::string_view s, int64_t& out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size() && !s.empty();
}

void addParts(std::set<std::string>& parts, std::string_view v) {
  size_t start = 0;
  for (;;) {
    const size_t slash = v.find('/', start);
    std::string_view part = v.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (!part.empty()) parts.emplace(part);
    if (slash == std::string_view::npos) return;
    start = slash + 1;
  }
}

}  // namespace

Resolution MergeResolver::resolve(const ConflictInput& in) const {
  const VersionInfo& local = in.local.front();  // merge never keeps siblings: one local version
  if (in.incoming.deleted) return Resolution::keepLocal();
  if (local.deleted) return Resolution::keepIncoming();
  int64_t base = 0;
  // A convergent counter: the local value plus every increment the incoming
  // history has and the local one lacks (not only the incoming write's own:
  // it may carry increments the local side has not seen yet).
  if (in.incoming.op == OpKind::Incr && local.op == OpKind::Incr && parseInt(local.value, base))
    return Resolution::keepValue(std::to_string(base + in.unseenIncrements.value_or(in.incoming.delta)));
  std::set<std::string> parts;
  addParts(parts, local.value);
  addParts(parts, in.incoming.value);
  std::string joined;
  for (const std::string& p : parts) joined += (joined.empty() ? "" : "/") + p;
  return Resolution::keepValue(joined);
}

}  // namespace replsim
