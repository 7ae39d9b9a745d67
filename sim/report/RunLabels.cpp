#include "sim/report/RunLabels.h"

#include "sim/replication/Simulation.h"
#include "sim/report/SvgWriter.h"

namespace replsim {

std::string writeLabel(const Simulation& sim, uint32_t write) {
  const WriteRecord& r = sim.writes()[write];
  const std::string name = sim.writeName(write);
  const std::string& key = sim.keyName(r.key);
  switch (r.op) {
    case OpKind::Delete: return name + " del " + key;
    case OpKind::Incr: return name + " " + key + "+=" + std::to_string(r.delta);
    default: return name + " " + key + "=" + truncateText(r.value, kMaxValue);
  }
}

std::string pathLabel(const Simulation& sim, uint32_t path) {
  const auto nodes = sim.paths().nodes(path);
  std::string s;
  const size_t n = nodes.size();
  for (size_t i = 0; i < n; ++i) {
    if (n > 12 && i == 5) {  // a long loop: first five, …, last five
      s += ",…";
      i = n - 6;
      continue;
    }
    s += (i ? "," : "") + sim.nodeName(nodes[i]);
  }
  return s;
}

std::string writeList(const Simulation& sim, const std::vector<uint32_t>& writes, size_t max) {
  std::string s;
  for (size_t i = 0; i < writes.size() && i < max; ++i) {
    if (i) s += ',';
    s += sim.writeName(writes[i]);
  }
  if (writes.size() > max) s += ",+" + std::to_string(writes.size() - max);
  return s;
}

std::string conflictLabel(const Simulation& sim, const ConflictEvent& c) {
  const std::string key = sim.keyName(c.key) + ": ";
  if (c.by == "skip") return key + sim.writeName(c.writes.front()) + " skipped (" + toString(c.type) + ")";
  if (!c.resolvedValue.empty()) return key + "→ " + truncateText(c.resolvedValue, kMaxValue) + " (" + c.by + ")";
  if (c.kept.empty()) return key + "nothing kept (" + c.by + ")";
  return key + "kept " + writeList(sim, c.kept, 3) + " (" + c.by + ")";
}

std::string valuesLabel(const std::vector<std::string>& values) {
  std::string s = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) s += ',';
    s += truncateText(values[i], kMaxValue);
  }
  return s + "]";
}

}  // namespace replsim
