#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/topology/DotReader.h"

using namespace replsim;

namespace {

using Edges = std::vector<std::pair<std::string, std::string>>;

Edges edgesOf(const DotGraph& g) {
  Edges out;
  for (const DotEdge& e : g.edges) out.emplace_back(e.from, e.to);
  return out;
}

}  // namespace

TEST_CASE("topology::DotReader: digraph and graph", "[topology][dot]") {
  SECTION("digraph edges are one-way, in file order") {
    const DotReadResult r = readDotText("digraph { B -> A; A -> B; C -> A }");
    REQUIRE(r.ok());
    CHECK(r.graph.directed);
    CHECK(edgesOf(r.graph) == Edges{{"B", "A"}, {"A", "B"}, {"C", "A"}});
    for (const DotEdge& e : r.graph.edges) CHECK_FALSE(e.both);
  }
  SECTION("graph edges stand for both directions, written end first") {
    const DotReadResult r = readDotText("graph g { z -- a; a -- m }");
    REQUIRE(r.ok());
    CHECK_FALSE(r.graph.directed);
    CHECK(edgesOf(r.graph) == Edges{{"z", "a"}, {"a", "m"}});
    for (const DotEdge& e : r.graph.edges) CHECK(e.both);
  }
  SECTION("keywords are case-insensitive and strict merges repeated edges") {
    const DotReadResult r = readDotText("STRICT DiGraph { A -> B; A -> B }");
    REQUIRE(r.ok());
    CHECK(edgesOf(r.graph) == Edges{{"A", "B"}});
  }
  SECTION("without strict a repeated edge is kept twice, for the topology to merge") {
    const DotReadResult r = readDotText("digraph { A -> B [latency_ms=1]; A -> B [latency_ms=2] }");
    REQUIRE(r.ok());
    REQUIRE(r.graph.edges.size() == 2);
    CHECK(r.graph.edges[1].attributes.at("latency_ms") == "2");
  }
  SECTION("edge chains and subgraph groups expand to single edges") {
    const DotReadResult r = readDotText("digraph { A -> B -> C; D -> subgraph { E F } }");
    REQUIRE(r.ok());
    CHECK(edgesOf(r.graph) == Edges{{"A", "B"}, {"B", "C"}, {"D", "E"}, {"D", "F"}});
  }
}

TEST_CASE("topology::DotReader: node order is the order of first appearance", "[topology][dot]") {
  SECTION("not alphabetical: nodes as the file mentions them") {
    const DotReadResult r = readDotText("digraph { zeta -> alpha; mid; alpha -> beta }");
    REQUIRE(r.ok());
    CHECK(r.graph.nodes == std::vector<std::string>{"zeta", "alpha", "mid", "beta"});
  }
  SECTION("attributes, ports, graph settings, comments and subgraph names are not nodes") {
    const DotReadResult r = readDotText(R"(
      digraph "net" {
        rankdir = LR;             // a graph attribute
        graph [label="W"];
        node [shape=box, color=Y];
        /* X -> V would be a node in code, not in a comment */
        subgraph cluster_q { "q" [label="Z"] }
        C:east -> B:w:n [latency_ms=5, label=A];
        B -> q;
      })");
    REQUIRE(r.ok());
    CHECK(r.graph.nodes == std::vector<std::string>{"q", "C", "B"});
    CHECK(edgesOf(r.graph) == Edges{{"C", "B"}, {"B", "q"}});
  }
  SECTION("quoted names are the same nodes as unquoted ones") {
    const DotReadResult r = readDotText(R"(graph { "b-1" -- a; a -- "b-1"; "c" })");
    REQUIRE(r.ok());
    CHECK(r.graph.nodes == std::vector<std::string>{"b-1", "a", "c"});
  }
  SECTION("the same text always gives the same result") {
    const std::string text = "digraph { n3 -> n1; n2 -> n3; n10 -> n2 }";
    CHECK(readDotText(text).graph.nodes == readDotText(text).graph.nodes);
    CHECK(readDotText(text).graph.nodes == std::vector<std::string>{"n3", "n1", "n2", "n10"});
  }
}

TEST_CASE("topology::DotReader: edge attributes are kept as strings", "[topology][dot]") {
  SECTION("every attribute, quoted or not, with edge defaults applied") {
    const DotReadResult r = readDotText(R"(
      digraph {
        edge [fifo=false];
        A -> B [latency_ms=30, loss="0.1", retry_ms=250, color=red];
        B -> A;
      })");
    REQUIRE(r.ok());
    REQUIRE(r.graph.edges.size() == 2);
    CHECK(
        r.graph.edges[0].attributes ==
        std::map<std::string, std::string>{
            {"color", "red"}, {"fifo", "false"}, {"latency_ms", "30"}, {"loss", "0.1"}, {"retry_ms", "250"}});
    CHECK(r.graph.edges[1].attributes == std::map<std::string, std::string>{{"fifo", "false"}});
  }
  SECTION("node attributes do not leak into edges") {
    const DotReadResult r = readDotText("digraph { A [latency_ms=9]; A -> B }");
    REQUIRE(r.ok());
    CHECK(r.graph.edges.at(0).attributes.empty());
  }
  SECTION("both is left to the caller to interpret") {
    const DotReadResult r = readDotText("digraph { A -> B [both=true] }");
    REQUIRE(r.ok());
    CHECK_FALSE(r.graph.edges.at(0).both);
    CHECK(r.graph.edges.at(0).attributes.at("both") == "true");
  }
}

TEST_CASE("topology::DotReader: errors are reported, never thrown", "[topology][dot]") {
  SECTION("syntax error") {
    DotReadResult r;
    REQUIRE_NOTHROW(r = readDotText("digraph { A -> ; }"));
    CHECK_FALSE(r.ok());
    CHECK_THAT(r.error, Catch::Contains("DOT syntax error"));
  }
  SECTION("an unfinished attribute list") {
    const DotReadResult r = readDotText("digraph {\n A -> B [latency_ms=\n}");
    CHECK_FALSE(r.ok());
    CHECK_THAT(r.error, Catch::Contains("DOT syntax error"));
  }
  SECTION("not a graph at all") {
    CHECK_FALSE(readDotText("").ok());
    CHECK_THAT(readDotText("digrap { A -> B }").error, Catch::Contains("\"digraph\""));
  }
  SECTION("an edge operator that does not match the graph type") {
    CHECK_FALSE(readDotText("graph { A -> B }").ok());
    CHECK_FALSE(readDotText("digraph { A -- B }").ok());
  }
  SECTION("an anonymous { } group gets a hint, since Boost's reader needs the keyword") {
    const DotReadResult r = readDotText("digraph { A -> { B C } }");
    CHECK_FALSE(r.ok());
    CHECK_THAT(r.error, Catch::Contains("subgraph { B C }"));
  }
  SECTION("a missing file names the file") {
    const DotReadResult r = readDotFile("/nonexistent/replsim/x.dot");
    CHECK_FALSE(r.ok());
    CHECK_THAT(r.error, Catch::Contains("/nonexistent/replsim/x.dot") && Catch::Contains("no such"));
  }
  SECTION("Boost's other graph errors are the file's too, as values") {
    // The light scan takes "# digraph" for a header-less file (directed), and
    // read_graphviz, which skips # lines, then finds an undirected graph: a
    // boost::graph_exception that is not a syntax error, still reported.
    DotReadResult r;
    REQUIRE_NOTHROW(r = readDotText("# digraph\ngraph { A -- B }"));
    CHECK_FALSE(r.ok());
    CHECK(r.error == "read_graphviz: Tried to read an undirected graph into a directed graph.");
  }
  SECTION("a directory is not a DOT file") {
    const DotReadResult r = readDotFile(REPLSIM_SOURCE_DIR "/topologies");
    CHECK_FALSE(r.ok());
    CHECK_THAT(r.error, Catch::Contains("not a regular file"));
  }
}

TEST_CASE("topology::DotReader: the shipped topologies parse", "[topology][dot]") {
  SECTION("three-datacenters.dot: an undirected triangle with latencies") {
    const DotReadResult r = readDotFile(REPLSIM_SOURCE_DIR "/topologies/three-datacenters.dot");
    REQUIRE(r.ok());
    CHECK_FALSE(r.graph.directed);
    CHECK(r.graph.nodes == std::vector<std::string>{"eu", "us", "asia"});
    CHECK(edgesOf(r.graph) == Edges{{"eu", "us"}, {"us", "asia"}, {"eu", "asia"}});
    for (const DotEdge& e : r.graph.edges) CHECK(e.attributes.count("latency_ms") == 1);
  }
  SECTION("hub-and-spokes-with-backup.dot: a digraph with two hubs") {
    const DotReadResult r = readDotFile(REPLSIM_SOURCE_DIR "/topologies/hub-and-spokes-with-backup.dot");
    REQUIRE(r.ok());
    CHECK(r.graph.directed);
    CHECK(r.graph.nodes ==
          std::vector<std::string>{"primary", "backup", "branch1", "branch2", "branch3", "branch4"});
    CHECK(r.graph.edges.size() == 18);
    for (const DotEdge& e : r.graph.edges) CHECK(e.attributes.count("latency_ms") == 1);
  }
}
