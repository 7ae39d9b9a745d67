#include "sim/conflicts/examples/CartUnionResolver.h"

#include <set>

namespace replsim {

Resolution CartUnionResolver::resolve(const ConflictInput& in) const {
  if (in.incoming.deleted) return Resolution::keepLocal();
  std::set<std::string> items;
  auto add = [&](std::string_view list) {
    size_t start = 0;
    while (start <= list.size()) {
      size_t comma = list.find(',', start);
      if (comma == std::string_view::npos) comma = list.size();
      if (comma > start) items.emplace(list.substr(start, comma - start));
      start = comma + 1;
    }
  };
  add(in.incoming.value);
  for (const VersionInfo& v : in.local)
    if (!v.deleted) add(v.value);
  std::string joined;
  for (const std::string& item : items) joined += (joined.empty() ? "" : ",") + item;
  return Resolution::keepValue(joined);
}

}  // namespace replsim
