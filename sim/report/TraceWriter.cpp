#include "sim/report/TraceWriter.h"

#include <algorithm>

#include <fmt/format.h>

#include "sim/replication/Simulation.h"

namespace replsim {
namespace {

// Display width of UTF-8 text (counts code points; → is one column).
size_t displayWidth(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string pad(const std::string& s, size_t width) {
  const size_t w = displayWidth(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

std::string padLeft(const std::string& s, size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

}  // namespace

TraceWriter::TraceWriter(const Simulation& sim, std::ostream& out) : sim_(sim), out_(out) {
  size_t longest = 1;
  for (NodeId n = 0; n < sim.nodeCount(); ++n) longest = std::max(longest, displayWidth(sim.nodeName(n)));
  whoWidth_ = 2 * longest + 3;
}

void TraceWriter::line(SimTime at, const std::string& who, const std::string& what, const std::string& detail,
                       const std::string& path, const std::string& note) {
  std::string s = padLeft(formatMs(at), 10) + " ms  " + pad(who, whoWidth_) + "  " + pad(what, 8) + " " + detail;
  if (!path.empty() || !note.empty()) s = pad(s, 60) + " ";
  if (!path.empty()) s += "path " + path;
  if (!note.empty()) s += (path.empty() ? "" : "   ") + note;
  while (!s.empty() && s.back() == ' ') s.pop_back();
  out_ << s << "\n";
}

std::string TraceWriter::writeText(uint32_t w) const {
  const WriteRecord& r = sim_.writes()[w];
  std::string s = sim_.writeName(w) + " " + sim_.keyName(r.key);
  if (r.op == OpKind::Delete) return s + " (delete)";
  if (r.op == OpKind::Incr) return s + "+=" + std::to_string(r.delta) + " (incr → " + r.value + ")";
  return s + "=" + r.value + " (" + toString(r.op) + ")";
}

std::string TraceWriter::pathText(uint32_t path, int extraNode) const {
  auto nodes = sim_.paths().nodes(path);
  if (extraNode >= 0) nodes.push_back(static_cast<NodeId>(extraNode));
  std::string s;
  const size_t n = nodes.size();
  for (size_t i = 0; i < n; ++i) {
    if (n > 12 && i == 5) {  // long loops: first five, …, last five
      s += ",…(" + std::to_string(n - 10) + " more)";
      i = n - 6;
      continue;
    }
    s += (i ? "," : "") + sim_.nodeName(nodes[i]);
  }
  return s;
}

void TraceWriter::onClientOp(const ClientOpEvent& e) {
  const std::string who = sim_.nodeName(e.node);
  if (e.failed) {
    line(e.at, who, "FAILED", std::string(toString(static_cast<OpKind>(e.op))) + " " + sim_.keyName(e.key) +
                                  ": " + toString(e.reason));
    return;
  }
  if (e.write != UINT32_MAX) line(e.at, who, "write", writeText(e.write));
}

void TraceWriter::onRead(const ReadEvent& e) {
  std::string values = "[";
  for (size_t i = 0; i < e.values.size(); ++i) values += (i ? "," : "") + e.values[i];
  line(e.at, sim_.nodeName(e.node), "read", sim_.keyName(e.key) + " → " + values + "]");
}

void TraceWriter::onDelivered(const MessageEvent& e) {
  const std::string who = sim_.nodeName(e.from) + " → " + sim_.nodeName(e.to);
  std::string note;
  if (e.missingDep != UINT32_MAX) {
    note = "OVERTAKES " + sim_.writeName(e.missingDep);
    const WriteRecord& w = sim_.writes()[e.write];
    const bool exists = sim_.replica(e.to).keys[w.key].exists();
    if (w.op == OpKind::Update && !exists) note += ": update before insert at " + sim_.nodeName(e.to);
    if (e.held) note += "; held for causal order";
  }
  line(e.at, who, "deliver", writeText(e.write), pathText(e.path), note);
}

void TraceWriter::onDropped(const MessageEvent& e) {
  const std::string who = sim_.nodeName(e.from) + " → " + sim_.nodeName(e.to);
  std::string note;
  switch (e.reason) {
    case DropReason::Path: note = "loop: " + sim_.nodeName(e.to) + " already in path"; break;
    case DropReason::Origin: note = "loop: back at its origin"; break;
    case DropReason::Seen: note = "loop: " + sim_.nodeName(e.to) + " has seen this id"; break;
    case DropReason::Duplicate: note = "duplicate: arrived earlier by another route"; break;
  }
  line(e.at, who, "drop", sim_.writeName(e.write), pathText(e.path, static_cast<int>(e.to)), note);
}

void TraceWriter::onApplied(const ApplyEvent& e) {
  if (e.heldFor <= SimTime::zero()) return;
  // Under sync detection a write is invisible until committed: the wait is
  // for the commit (and any write it depends on), not only causal order.
  const bool sync = sim_.scenario().replication.conflicts.detect == Detect::Sync;
  line(e.at, sim_.nodeName(e.node), "apply", writeText(e.write), "",
       (sync ? "applied on commit, " + formatMs(e.heldFor) + (e.local ? " ms after it was issued" : " ms after it arrived")
             : "released after being held " + formatMs(e.heldFor) + " ms"));
}

void TraceWriter::onConflict(const ConflictEvent& e) {
  std::string detail = fmt::format("{} {}: ", sim_.keyName(e.key), toString(e.type));
  if (e.by == "skip") {
    detail += fmt::format("{} not applied (the key is not here)", sim_.writeName(e.writes.front()));
  } else {
    for (size_t i = 0; i < e.writes.size(); ++i) detail += fmt::format("{}{}", i ? " vs " : "", sim_.writeName(e.writes[i]));
    detail += " → kept ";
    for (size_t i = 0; i < e.kept.size(); ++i) detail += fmt::format("{}{}", i ? "," : "", sim_.writeName(e.kept[i]));
    detail += fmt::format(" ({})", e.by);
  }
  line(e.at, sim_.nodeName(e.node), "conflict", detail);
}

void TraceWriter::onFault(const FaultEvent& e) {
  const FaultSpec& f = *e.fault;
  std::string who, detail;
  switch (f.kind) {
    case FaultKind::LinkDown:
    case FaultKind::LinkUp:
      who = f.link.first + (f.both ? " ↔ " : " → ") + f.link.second;
      break;
    case FaultKind::Partition:
      for (const auto& g : f.groups) {
        detail += detail.empty() ? "" : " | ";
        for (size_t i = 0; i < g.size(); ++i) detail += (i ? "," : "") + g[i];
      }
      break;
    case FaultKind::Resume:
      for (size_t i = 0; i < f.resume.size(); ++i) detail += (i ? "," : "") + f.resume[i];
      break;
    case FaultKind::Reconfigure:
      for (const auto& [a, b] : f.add) detail += "+" + a + "→" + b + " ";
      for (const auto& [a, b] : f.remove) detail += "-" + a + "→" + b + " ";
      break;
    case FaultKind::Heal: break;
    default: who = f.node; break;
  }
  line(e.at, who, toString(f.kind), detail);
}

void TraceWriter::onLinkChange(const LinkChangeEvent& e) {
  if (e.cause != EffectCause::AutoReconfigure) return;
  // Worded as a reconfigure fault, which is what auto_reconfigure does.
  line(e.at, "", toString(FaultKind::Reconfigure),
       (e.added ? "+" : "-") + sim_.nodeName(e.from) + "→" + sim_.nodeName(e.to) + " ");
}

void TraceWriter::onStream(const StreamEvent& e) {
  line(e.at, sim_.nodeName(e.from) + " → " + sim_.nodeName(e.to), e.resumed ? "resume" : "stall",
       std::to_string(e.messages) + (e.resumed ? " message(s) re-sent from the log" : " message(s) pulled back"));
}

// Only synchronous detection makes a commit worth a line: async writes
// commit the moment their leader applies them (the "write" line).
void TraceWriter::onCommit(const CommitEvent& e) {
  if (sim_.scenario().replication.conflicts.detect != Detect::Sync) return;
  if (e.aborted)
    line(e.at, sim_.nodeName(e.node), "ABORTED", sim_.writeName(e.write) + " after " + formatMs(e.latency) + " ms",
         "conflict with " + sim_.writeName(e.winner) + " found at " + sim_.nodeName(e.detectedAt));
  else
    line(e.at, sim_.nodeName(e.node), "commit", sim_.writeName(e.write) + " after " + formatMs(e.latency) + " ms");
}

std::string TraceWriter::writeList(const std::vector<uint32_t>& writes) const {
  std::string s;
  for (size_t i = 0; i < writes.size(); ++i) s += fmt::format("{}{}", i ? "," : "", sim_.writeName(writes[i]));
  return s.empty() ? "none" : s;
}

void TraceWriter::onFailover(const FailoverEvent& e) {
  const DatacenterDirectory& dcs = *sim_.datacenters();
  std::string detail = dcs[e.datacenter].name + ": " + sim_.nodeName(e.newLeader) + " replaces " +
                       sim_.nodeName(e.oldLeader) + "; lost " + writeList(e.lost);
  if (e.discardedMessages > 0) detail += "; " + std::to_string(e.discardedMessages) + " unsent message(s) dropped";
  for (uint32_t n : e.resynced) detail += "; " + sim_.nodeName(n) + " re-synced";
  line(e.at, sim_.nodeName(e.newLeader), "failover", detail);
}

void TraceWriter::onRejoin(const RejoinEvent& e) {
  std::string detail = "follower of " + sim_.nodeName(e.leader);
  if (e.resynced) detail += "; state re-synced, gone: " + writeList(e.confirmedLost);
  else detail += "; replays " + writeList(e.replayed);
  line(e.at, sim_.nodeName(e.node), "rejoin", detail);
}

}  // namespace replsim
