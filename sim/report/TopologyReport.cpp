#include "sim/report/TopologyReport.h"

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim/core/SimTime.h"

namespace replsim {

namespace {

constexpr size_t kWidth = 100;     // columns of the text report
constexpr size_t kKeyWidth = 22;   // the summary's left column
constexpr size_t kPairWidth = 31;  // "X→Y" in lists and labels, names cut beyond that

// Display width of UTF-8 text: one column per code point (→ and … included).
size_t displayWidth(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string pad(const std::string& s, size_t width) {
  const size_t w = displayWidth(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

// `s` cut to `width` columns, ending in "…" when it was cut.
std::string fit(const std::string& s, size_t width) {
  if (displayWidth(s) <= width) return s;
  if (width == 0) return "";
  std::string out;
  size_t w = 0;
  for (char c : s) {
    if ((c & 0xC0) != 0x80 && w++ == width - 1) break;
    out += c;
  }
  return out + "…";
}

// "1 node", "3 nodes".
std::string counted(size_t count, const std::string& noun) {
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

// Latency in ms as the rest of replsim prints it ("12.345"), at 1 us.
std::string ms(double value) { return formatMs(SimTime::fromMs(value)); }
double roundedMs(double value) { return SimTime::fromMs(value).ms(); }

// "A→B"; when that is wider than `width`, each name is cut to half of it so
// that both ends stay recognisable.
std::string pairText(const Topology& t, NodeId from, NodeId to, size_t width) {
  const std::string full = fmt::format("{}→{}", t.name(from), t.name(to));
  if (displayWidth(full) <= width) return full;
  return fmt::format("{}→{}", fit(t.name(from), (width - 1) / 2), fit(t.name(to), (width - 1) / 2));
}
std::string linkText(const Topology& t, uint32_t link, size_t width) {
  return pairText(t, t.links()[link].from, t.links()[link].to, width);
}

// The first items of a list of `count` (item(i) gives the i-th) joined with
// ", " within `width` columns; when not all fit, as many as do and then
// "… +N more". Stops building as soon as the width is used up, so a list of
// thousands of pairs costs no more than the few that are shown.
template <class Item>
std::string joinWithin(size_t count, Item item, size_t width) {
  if (count == 0) return "none";
  std::vector<std::string> shown;
  size_t used = 0;
  for (size_t i = 0; i < count && used <= width; ++i) {
    shown.push_back(item(i));
    used += (i > 0 ? 2 : 0) + displayWidth(shown.back());
  }
  auto join = [&](size_t k) {
    std::string s;
    for (size_t i = 0; i < k; ++i) s += fmt::format("{}{}", i > 0 ? ", " : "", shown[i]);
    return s;
  };
  if (shown.size() == count && used <= width) return join(count);
  // Drop items until the rest plus the "… +N more" tail fit; at least the
  // first item is shown, cut if it must be.
  auto tail = [&](size_t k) {
    return count == k ? std::string() : fmt::format(", … +{} more", count - k);
  };
  for (size_t k = shown.size(); k > 1; --k) {
    if (displayWidth(join(k - 1)) + displayWidth(tail(k - 1)) <= width) return join(k - 1) + tail(k - 1);
  }
  return fit(shown[0], width - std::min(width, displayWidth(tail(1)))) + tail(1);
}

void summaryLine(std::ostream& os, const std::string& key, const std::string& value) {
  os << "  " << pad(key, kKeyWidth) << value << "\n";
}

std::string linkLatencies(const Topology& t) {
  if (t.links().empty()) return "no links";
  double lo = t.links().front().params().latency.meanMs(), hi = lo;
  for (const TopologyLink& l : t.links()) {
    lo = std::min(lo, l.params().latency.meanMs());
    hi = std::max(hi, l.params().latency.meanMs());
  }
  if (ms(lo) == ms(hi)) return fmt::format("{} ms mean on every link", ms(lo));  // equal to the microsecond
  return fmt::format("{} .. {} ms mean per link", ms(lo), ms(hi));
}

// One row of the failure table: label, count, and the pairs cut.
struct FailureRow {
  std::string label;
  const std::vector<ReplicationPair>* cut;
};

// Quotes a DOT ID; node names need no more than escaping quotes.
std::string dotId(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string cutPhrase(size_t pairs) {
  return fmt::format("critical: its failure stops {} from replicating", counted(pairs, "pair"));
}

std::string dot(const Topology& t, const TopologyAnalysis* analysis) {
  std::ostringstream os;
  os << "// replsim topology: " << toString(t.kind()) << ", " << counted(t.nodeCount(), "node") << ", "
     << counted(t.links().size(), "link") << ", labelled with their latency.\n";
  if (analysis)
    os << "// Red and bold: critical, i.e. a single failure of that node or link stops at least one\n"
          "// origin->replica pair from replicating (forwarding "
       << (analysis->forward ? "on" : "off") << ").\n";
  os << "digraph replsim {\n  node [shape=circle];\n";
  for (NodeId v = 0; v < t.nodeCount(); ++v) {
    os << "  " << dotId(t.name(v));
    const size_t cut = analysis ? analysis->nodeFailures[v].cut.size() : 0;
    if (cut > 0)
      os << " [color=red, fontcolor=red, style=bold, tooltip=" << dotId(cutPhrase(cut)) << "];  // "
         << cutPhrase(cut);
    else
      os << ";";
    os << "\n";
  }
  for (uint32_t i = 0; i < t.links().size(); ++i) {
    const TopologyLink& l = t.links()[i];
    os << "  " << dotId(t.name(l.from)) << " -> " << dotId(t.name(l.to))
       << " [label=" << dotId(l.params().latency.describe());
    const size_t cut = analysis ? analysis->linkFailures[i].cut.size() : 0;
    if (cut > 0)
      os << ", color=red, fontcolor=red, style=bold, tooltip=" << dotId(cutPhrase(cut)) << "];  // "
         << cutPhrase(cut);
    else
      os << "];";
    os << "\n";
  }
  os << "}\n";
  return os.str();
}

}  // namespace

std::string topologyText(const Topology& t, const TopologyAnalysis& a) {
  std::ostringstream os;
  const size_t n = t.nodeCount();
  os << "Topology " << toString(t.kind()) << ": " << counted(n, "node") << ", "
     << counted(t.links().size(), "link") << ", forwarding "
     << (a.forward ? "on" : "off (only direct links replicate)") << "\n";

  const size_t valueWidth = kWidth - 2 - kKeyWidth;
  auto ofAll = [](size_t part, size_t all) { return fmt::format("{} of {}", part, all); };

  summaryLine(os, "nodes",
              joinWithin(
                  n, [&](size_t i) { return t.name(static_cast<NodeId>(i)); }, valueWidth));
  summaryLine(os, "link latency", linkLatencies(t));
  const bool someWrite = a.writers.size() < n;
  if (someWrite)
    summaryLine(os, "writers",
                joinWithin(
                    a.writers.size(), [&](size_t i) { return t.name(a.writers[i]); }, valueWidth));
  summaryLine(os, "strongly connected",
              fmt::format("{}{}", a.stronglyConnected ? "yes" : "no", someWrite ? " (among the writers)" : ""));
  summaryLine(os, "connectivity", fmt::format("vertex {}, edge {}", a.vertexConnectivity, a.edgeConnectivity));
  summaryLine(os, "articulation points",
              joinWithin(
                  a.articulationPoints.size(), [&](size_t i) { return t.name(a.articulationPoints[i]); },
                  valueWidth));
  summaryLine(os, "replicating pairs",
              fmt::format("{}{}", ofAll(a.pairsTotal, n == 0 ? 0 : a.writers.size() * (n - 1)),
                          someWrite ? " ordered pairs from a writer" : " ordered pairs"));
  summaryLine(os, "diameter",
              a.pairsTotal == 0 ? "none (no pair replicates)"
                                : fmt::format("{}; {} ms by mean link latency",
                                              counted(static_cast<size_t>(a.diameterHops), "hop"),
                                              ms(a.diameterLatencyMs)));
  const std::vector<NodeId> criticalNodes = a.criticalNodes();
  const std::vector<uint32_t> criticalLinks = a.criticalLinks();
  // "2 of 5: A, B" (or "none"), the list abbreviated to what fits.
  auto critical = [&](size_t count, size_t all, auto item) {
    if (count == 0) return std::string("none");
    const std::string head = fmt::format("{}: ", ofAll(count, all));
    return head + joinWithin(count, item, valueWidth - displayWidth(head));
  };
  summaryLine(os, "critical nodes",
              critical(criticalNodes.size(), n, [&](size_t i) { return t.name(criticalNodes[i]); }));
  summaryLine(os, "critical links", critical(criticalLinks.size(), t.links().size(), [&](size_t i) {
                return linkText(t, criticalLinks[i], kPairWidth);
              }));

  std::vector<FailureRow> rows;
  for (NodeId v : criticalNodes)
    rows.push_back({fmt::format("node {}", fit(t.name(v), kPairWidth)), &a.nodeFailures[v].cut});
  for (uint32_t l : criticalLinks)
    rows.push_back({fmt::format("link {}", linkText(t, l, kPairWidth)), &a.linkFailures[l].cut});
  os << "\n";
  if (rows.empty()) {
    os << "No single node or link failure stops any pair from replicating.\n";
    return os.str();
  }

  size_t labelWidth = displayWidth("failed");
  for (const FailureRow& r : rows) labelWidth = std::max(labelWidth, displayWidth(r.label));
  size_t countWidth = displayWidth("cut");
  for (const FailureRow& r : rows) countWidth = std::max(countWidth, std::to_string(r.cut->size()).size());
  const size_t pairsWidth = kWidth - 2 - labelWidth - 2 - countWidth - 2;

  os << "Single failures that stop origin→replica pairs from replicating:\n";
  os << "  " << pad("failed", labelWidth) << "  " << pad("cut", countWidth) << "  pairs\n";
  for (const FailureRow& r : rows) {
    const std::string count = std::to_string(r.cut->size());
    os << "  " << pad(r.label, labelWidth) << "  " << std::string(countWidth - count.size(), ' ') << count
       << "  "
       << joinWithin(
              r.cut->size(),
              [&](size_t i) { return pairText(t, (*r.cut)[i].origin, (*r.cut)[i].replica, kPairWidth); },
              pairsWidth)
       << "\n";
  }
  return os.str();
}

nlohmann::json topologyJson(const Topology& t, const TopologyAnalysis& a) {
  using nlohmann::json;
  // Built as array_t directly: a long ring cuts millions of pairs (7.9M for
  // a ring of 200), and this takes about 40% less time than json's
  // initializer lists.
  auto pairs = [&](const std::vector<ReplicationPair>& cut) {
    json::array_t out;
    out.reserve(cut.size());
    for (const ReplicationPair& p : cut) out.push_back(json::array_t{t.name(p.origin), t.name(p.replica)});
    return out;
  };
  auto nodeNames = [&](const std::vector<NodeId>& ids) {
    json out = json::array();
    for (NodeId v : ids) out.push_back(t.name(v));
    return out;
  };

  json j;
  j["kind"] = toString(t.kind());
  j["nodes"] = t.names();
  j["links"] = json::array();
  for (const TopologyLink& l : t.links())
    j["links"].push_back({{"from", t.name(l.from)},
                          {"to", t.name(l.to)},
                          {"latency_ms", roundedMs(l.params().latency.meanMs())}});
  j["forward"] = a.forward;
  j["strongly_connected"] = a.stronglyConnected;
  j["vertex_connectivity"] = a.vertexConnectivity;
  j["edge_connectivity"] = a.edgeConnectivity;
  j["articulation_points"] = nodeNames(a.articulationPoints);
  j["writers"] = nodeNames(a.writers);
  j["pairs_total"] = a.pairsTotal;
  j["pairs_possible"] = t.nodeCount() == 0 ? 0 : a.writers.size() * (t.nodeCount() - 1);
  j["diameter_hops"] = a.diameterHops;
  j["diameter_latency_ms"] = roundedMs(a.diameterLatencyMs);
  j["critical_nodes"] = nodeNames(a.criticalNodes());
  j["critical_links"] = json::array();
  for (uint32_t l : a.criticalLinks())
    j["critical_links"].push_back({t.name(t.links()[l].from), t.name(t.links()[l].to)});
  j["node_failures"] = json::array();
  for (const NodeFailure& f : a.nodeFailures)
    j["node_failures"].push_back(
        {{"node", t.name(f.node)}, {"pairs_cut", f.cut.size()}, {"cut", pairs(f.cut)}});
  j["link_failures"] = json::array();
  for (const LinkFailure& f : a.linkFailures) {
    const TopologyLink& l = t.links()[f.link];
    j["link_failures"].push_back(
        {{"from", t.name(l.from)}, {"to", t.name(l.to)}, {"pairs_cut", f.cut.size()}, {"cut", pairs(f.cut)}});
  }
  return j;
}

std::string topologyDot(const Topology& topology, const TopologyAnalysis& analysis) {
  return dot(topology, &analysis);
}

std::string topologyDot(const Topology& topology) { return dot(topology, nullptr); }

}  // namespace replsim
