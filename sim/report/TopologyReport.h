#pragma once
// TopologyReport: what `replsim topology` prints — a topology and its
// single-outage analysis (TopologyAnalysis) as text, JSON or GraphViz DOT.
//
// All three are pure functions of their arguments and list nodes, links and
// pairs in the analysis' own deterministic order, so the same topology gives
// byte-identical output on every run. Pairs are written "A→B" (text) or
// ["A", "B"] (JSON): writes made at A no longer reach B.

#include <nlohmann/json.hpp>
#include <string>

#include "sim/topology/Topology.h"
#include "sim/topology/TopologyAnalysis.h"

namespace replsim {

// A short summary, then a table of the single failures that cut pairs, each
// with the pairs it cuts (abbreviated to fit). Lines fit 100 columns.
std::string topologyText(const Topology& topology, const TopologyAnalysis& analysis);

// {"kind", "nodes", "links": [{"from", "to", "latency_ms"}], "forward",
//  "strongly_connected", "vertex_connectivity", "edge_connectivity",
//  "articulation_points", "pairs_total", "diameter_hops", "diameter_latency_ms",
//  "critical_nodes", "critical_links": [["A", "B"], ...],
//  "node_failures": [{"node", "pairs_cut", "cut": [["A", "B"], ...]}],
//  "link_failures": [{"from", "to", "pairs_cut", "cut"}]}.
// Every failure is listed, also those that cut nothing; latencies are link
// means in ms, rounded to the simulator's 1 us.
nlohmann::json topologyJson(const Topology& topology, const TopologyAnalysis& analysis);

// A digraph with each link labelled by its latency; critical nodes and links
// (whose single failure cuts a pair) drawn red and bold, with a comment and a
// tooltip saying how many pairs they cut.
std::string topologyDot(const Topology& topology, const TopologyAnalysis& analysis);
// The same drawing without the analysis: plain export of the graph.
std::string topologyDot(const Topology& topology);

}  // namespace replsim
