#include "sim/report/RunLabels.h"

#include <fmt/format.h>

#include "sim/replication/Simulation.h"
#include "sim/report/SvgWriter.h"

namespace replsim {

std::string writeLabel(const Simulation& sim, uint32_t write) {
  const WriteRecord& r = sim.writes()[write];
  const std::string name = sim.writeName(write);
  const std::string& key = sim.keyName(r.key);
  switch (r.op) {
    case OpKind::Delete: return fmt::format("{} del {}", name, key);
    case OpKind::Incr: return fmt::format("{} {}+={}", name, key, r.delta);
    default: return fmt::format("{} {}={}", name, key, truncateText(r.value, kMaxValue));
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
    s += fmt::format("{}{}", i ? "," : "", sim.nodeName(nodes[i]));
  }
  return s;
}

std::string writeList(const Simulation& sim, std::span<const uint32_t> writes, size_t max) {
  std::string s;
  for (size_t i = 0; i < writes.size() && i < max; ++i) s += fmt::format("{}{}", i ? "," : "", sim.writeName(writes[i]));
  if (writes.size() > max) s += fmt::format(",+{}", writes.size() - max);
  return s;
}

std::string conflictLabel(const Simulation& sim, const RecordedConflict& c) {
  const std::string& key = sim.keyName(c.key);
  if (c.by == "skip") return fmt::format("{}: {} skipped ({})", key, sim.writeName(c.writes.front()), toString(c.type));
  if (!c.resolvedValue.empty()) return fmt::format("{}: → {} ({})", key, truncateText(c.resolvedValue, kMaxValue), c.by);
  if (c.kept.empty()) return fmt::format("{}: nothing kept ({})", key, c.by);
  return fmt::format("{}: kept {} ({})", key, writeList(sim, c.kept, 3), c.by);
}

std::string valuesLabel(const std::vector<std::string>& values) {
  std::string s = "[";
  for (size_t i = 0; i < values.size(); ++i) s += fmt::format("{}{}", i ? "," : "", truncateText(values[i], kMaxValue));
  return s + "]";
}

std::string readLabel(const Simulation& sim, uint32_t read, uint32_t key) {
  return "read " + sim.keyName(key) + " #" + std::to_string(static_cast<uint64_t>(read) + 1);
}

std::string quorumLabel(const Simulation& sim, QuorumMessageKind kind, uint32_t op, uint32_t key, uint32_t write) {
  switch (kind) {
    case QuorumMessageKind::Write: return writeLabel(sim, write);
    case QuorumMessageKind::Ack: return "ack " + sim.writeName(write);
    case QuorumMessageKind::ReadRequest: return readLabel(sim, op, key);
    case QuorumMessageKind::ReadAnswer:
      return "answer " + readLabel(sim, op, key) + ": " + (write == UINT32_MAX ? "none" : sim.writeName(write));
    case QuorumMessageKind::Repair: return "repair " + sim.writeName(write) + " (" + readLabel(sim, op, key) + ")";
    case QuorumMessageKind::RepairAck: return "repair ack (" + readLabel(sim, op, key) + ")";
    case QuorumMessageKind::HintedWrite: return "hinted " + writeLabel(sim, write);
    case QuorumMessageKind::HintedAck: return "hinted ack " + sim.writeName(write);
    case QuorumMessageKind::HandOff: return "hand-off " + writeLabel(sim, write);
    case QuorumMessageKind::Sync: return "anti-entropy " + writeLabel(sim, write);
  }
  return "?";
}

std::string fanoutLabel(const Simulation& sim, const QuorumFanoutEvent& e) {
  std::string asked;
  for (uint32_t n : e.asked) asked += (asked.empty() ? "" : ",") + sim.nodeName(n);
  if (asked.empty()) asked = "nobody";
  return (e.read ? readLabel(sim, e.op, e.key) : writeLabel(sim, e.op)) + " → " + asked + " (" +
         (e.read ? "r=" : "w=") + std::to_string(e.needed) + ")";
}

std::string quorumEventLabel(const Simulation& sim, const QuorumEvent& e) {
  const std::string what = e.read ? readLabel(sim, e.op, e.key) : sim.writeName(e.op);
  return std::string(e.reached ? "quorum " : "no quorum for ") + what + ": " + std::to_string(e.count) + "/" +
         std::to_string(e.needed) + (e.read ? " answers" : " acks");
}

std::string hintLabel(const Simulation& sim, const HintEvent& e) {
  return "hint " + sim.writeName(e.write) + " for " + sim.nodeName(e.owner) + " " + toString(e.action);
}

}  // namespace replsim
