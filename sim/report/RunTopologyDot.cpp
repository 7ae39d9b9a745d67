#include "sim/report/RunTopologyDot.h"

#include <algorithm>
#include <utility>

#include "sim/replication/Simulation.h"
#include "sim/report/TopologyReport.h"
#include "sim/topology/TopologyAnalysis.h"

namespace replsim {
namespace {

// Node names match [A-Za-z0-9_.-]{1,64} (scenario format), so a quoted name
// needs no escaping and is exactly how TopologyReport writes it.
std::string quoted(const std::string& name) { return "\"" + name + "\""; }

std::string downReasons(uint8_t down) {
  static constexpr std::pair<uint8_t, const char*> kReasons[] = {
      {kLinkDownFault, "link_down"}, {kPartitioned, "partitioned"}, {kReceiverCrashed, "receiver crashed"},
      {kSenderCrashed, "sender crashed"}, {kEndOffline, "offline"}, {kHalted, "halted by a conflict"}};
  std::string s;
  for (const auto& [bit, text] : kReasons)
    if (down & bit) s += (s.empty() ? "" : ", ") + std::string(text);
  return s;
}

// Adds `extra` to the label and `attrs` at the end of the attribute list of
// the edge statement `from -> to` in `dot` (every link of the topology has
// one).
void restyleEdge(std::string& dot, const std::string& from, const std::string& to, const std::string& extra,
                 const std::string& attrs) {
  const std::string head = "  " + quoted(from) + " -> " + quoted(to) + " [label=\"";
  const size_t at = dot.find(head);
  if (at == std::string::npos) return;
  size_t close = at + head.size();
  while (close < dot.size() && dot[close] != '"') close += dot[close] == '\\' ? 2 : 1;
  dot.insert(close, "\\n" + extra);
  // The last "]" of the statement (a trailing comment holds none).
  const size_t eol = dot.find('\n', at);
  const size_t bracket = dot.rfind(']', eol);
  dot.insert(bracket, ", " + attrs);
}

}  // namespace

std::string runTopologyDot(const Simulation& sim) {
  const Topology& topology = sim.topology();
  const bool forward = sim.scenario().replication.forward.value_or(topology.defaultForward());
  std::string dot = topologyDot(topology, analyzeTopology(topology, forward));
  std::string extra;  // statements added before the closing brace

  for (NodeId n = 0; n < sim.nodeCount(); ++n) {
    const Replica& r = sim.replica(n);
    if (!r.crashed && !r.offline) continue;
    extra += "  " + quoted(sim.nodeName(n)) + " [style=\"filled,dashed\", fillcolor=\"" +
             (r.crashed ? "#d9d9d9" : "#dbe9f6") + "\", xlabel=\"" + (r.crashed ? "crashed" : "offline") + "\"];\n";
  }
  const Network& net = sim.network();
  for (LinkId id = 0; id < net.linkCount(); ++id) {
    const Link& l = net.link(id);
    const std::string& from = sim.nodeName(l.from);
    const std::string& to = sim.nodeName(l.to);
    // The network made the topology's links first, in order (Network's
    // constructor), and a link added later gets a new id unless it revives one.
    const bool inTopology = id < topology.links().size();
    if (l.down & kRemoved) {
      if (inTopology)
        restyleEdge(dot, from, to, "removed", "style=dotted, color=\"#9a9a9a\", fontcolor=\"#9a9a9a\"");
      continue;  // an added link removed again is simply gone
    }
    if (!inTopology) {
      extra += "  " + quoted(from) + " -> " + quoted(to) + " [label=\"" + net.params(id).latency.describe() +
               "\\nadded\", color=\"#2e8b57\", fontcolor=\"#2e8b57\", penwidth=2];  // added by reconfiguration\n";
      continue;
    }
    if (l.down != 0)
      restyleEdge(dot, from, to, "down: " + downReasons(l.down),
                  "style=dashed, color=\"#9a9a9a\", fontcolor=\"#7a7a7a\"");
  }
  extra += "  labelloc=b; fontsize=10; label=\"At the end of the run (" + formatMs(sim.endTime()) +
           " ms): grey dashed = link down, dotted = removed, green = added by reconfiguration, grey fill = "
           "crashed\";\n";
  const size_t brace = dot.rfind('}');
  dot.insert(brace, extra);
  return dot;
}

}  // namespace replsim
