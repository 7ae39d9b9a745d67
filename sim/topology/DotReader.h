#pragma once
// DotReader: reads a GraphViz DOT file into plain node and edge lists, with
// boost::read_graphviz underneath.
//
// `digraph` edges are directed; in an undirected `graph` every edge stands
// for both directions (both = true). Node order is the order of first
// appearance in the file (deterministic). Edge attributes are kept as
// strings (e.g. latency_ms="30"); interpreting them is the caller's job.

#include <map>
#include <string>
#include <vector>

namespace replsim {

struct DotEdge {
  std::string from, to;
  bool both = false;
  std::map<std::string, std::string> attributes;
};

struct DotGraph {
  bool directed = true;
  std::vector<std::string> nodes;
  std::vector<DotEdge> edges;
};

struct DotReadResult {
  DotGraph graph;
  // Empty on success; otherwise what is wrong with the file, for the user
  // (not found, syntax error), prefixed "PATH: " by readDotFile. A bad file is
  // never an exception: one escaping these functions is a bug (or memory
  // running out) and reaches the command line's internal error.
  std::string error;
  bool ok() const { return error.empty(); }
};

DotReadResult readDotFile(const std::string& path);
DotReadResult readDotText(const std::string& text);

}  // namespace replsim
