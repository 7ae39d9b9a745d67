#include "sim/report/ShivizLog.h"

#include <charconv>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "sim/replication/Simulation.h"
#include "sim/report/EventRecorder.h"
#include "sim/report/JsonText.h"
#include "sim/report/RunLabels.h"

namespace replsim {
namespace {

using Clock = std::vector<uint32_t>;  // by node index

// `quoted`: each node's name as a JSON string, made once (a clock is printed
// per event, with every node it has heard from).
void appendClockJson(std::string& s, const std::vector<std::string>& quoted, const Clock& clock) {
  s += '{';
  bool first = true;
  for (uint32_t n = 0; n < clock.size(); ++n) {
    if (clock[n] == 0) continue;
    if (!first) s += ',';
    first = false;
    s += quoted[n];
    s += ':';
    char digits[16];
    s.append(digits, std::to_chars(digits, digits + sizeof digits, clock[n]).ptr);
  }
  s += '}';
}

// Event text stays on one line: the parser's (?<event>.*) stops at a newline.
std::string oneLine(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

}  // namespace

ExportedEvents writeShivizLog(const Simulation& sim, const EventRecorder& rec, std::ostream& out,
                              uint64_t maxEvents) {
  const ExportedEvents window = rec.exportWindow(maxEvents);
  out << "(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)\n\n";
  std::vector<Clock> clocks(sim.nodeCount(), Clock(sim.nodeCount(), 0));
  std::map<uint32_t, Clock> sentWith;  // message -> clock of its send event, until it arrives
  std::vector<std::string> quoted(sim.nodeCount());
  for (NodeId n = 0; n < sim.nodeCount(); ++n) appendJsonString(quoted[n], sim.nodeName(n));
  std::string line;
  auto event = [&](uint32_t host, const std::string& text) {
    ++clocks[host][host];
    line = sim.nodeName(host);
    line += ' ';
    appendClockJson(line, quoted, clocks[host]);
    line += '\n';
    line += oneLine(text);
    line += '\n';
    out << line;
  };
  const auto& msgs = rec.messages();
  for (const Step& step : std::span(rec.steps()).first(window.written)) {
    switch (step.kind) {
      case StepKind::ClientOp: {
        const ClientOpEvent& e = rec.clientOps()[step.index];
        if (!e.failed) event(e.node, "write " + writeLabel(sim, e.write));
        break;
      }
      case StepKind::Send: {
        const RecordedMessage& m = msgs[step.index];
        if (m.quorum && !carriesCopy(m.kind))
          event(m.from, "send " + quorumLabel(sim, m.kind, m.op, m.key, m.write) + " → " + sim.nodeName(m.to));
        else
          event(m.from, "send " + (m.quorum ? quorumLabel(sim, m.kind, m.op, m.key, m.write) : writeLabel(sim, m.write)) +
                            " → " + sim.nodeName(m.to) + " (path " + pathLabel(sim, m.path) + ")");
        if (m.fate == MessageFate::Delivered || m.fate == MessageFate::Dropped) sentWith[step.index] = clocks[m.from];
        break;
      }
      case StepKind::Arrive: {
        const RecordedMessage& m = msgs[step.index];
        auto it = sentWith.find(step.index);
        Clock& mine = clocks[m.to];
        for (size_t k = 0; k < mine.size(); ++k) mine[k] = std::max(mine[k], it->second[k]);
        sentWith.erase(it);
        if (m.quorum && !carriesCopy(m.kind)) {
          event(m.to, "deliver " + quorumLabel(sim, m.kind, m.op, m.key, m.write) + " ← " + sim.nodeName(m.from));
          break;
        }
        const std::string what = m.quorum && m.kind != QuorumMessageKind::Write
                                     ? quorumLabel(sim, m.kind, m.op, m.key, m.write)
                                     : sim.writeName(m.write);
        std::string text = (m.fate == MessageFate::Dropped ? "drop " : "deliver ") + what + " ← " +
                           sim.nodeName(m.from) + " (path " + pathLabel(sim, m.path) + ")";
        if (m.fate == MessageFate::Dropped) text += ": " + std::string(toString(m.reason));
        else if (m.overtook != UINT32_MAX)
          text += "; overtakes " + sim.writeName(m.overtook) + (m.held ? ", held for causal order" : "");
        event(m.to, text);
        break;
      }
      case StepKind::Quorum: {
        const QuorumEvent& q = rec.quorums()[step.index];
        event(q.coordinator, quorumEventLabel(sim, q));
        break;
      }
      case StepKind::Hint: {
        const HintEvent& h = rec.hints()[step.index];
        event(h.node, hintLabel(sim, h));
        break;
      }
      case StepKind::Read:
      case StepKind::Apply:
      case StepKind::Conflict:
      case StepKind::Fanout:  // the sends of its requests show it
        break;  // not communication: left out to keep the graph readable
    }
  }
  return window;
}

}  // namespace replsim
