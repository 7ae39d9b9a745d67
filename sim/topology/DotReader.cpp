#include "sim/topology/DotReader.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/make_shared.hpp>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <type_traits>
#include <typeinfo>

#include <fmt/format.h>

namespace replsim {

namespace {

// ---------------------------------------------------------------------------
// The light scan. boost::read_graphviz keeps its nodes in a std::map, so the
// graph it builds lists them by name, not in file order; this pass over the
// tokens recovers the order of first appearance. It only has to agree with
// Boost on files Boost accepts: Boost still does the real parsing and
// reports every error.

struct DotToken {
  enum class Kind { Id, Punct } kind;
  std::string text;     // an ID's value (quotes removed), or the punctuation
  bool quoted = false;  // a quoted "node" is a name, not a keyword
};

bool isPunct(char c) { return std::strchr("{}[];,=:", c) != nullptr; }

// DOT tokens: IDs (names, numerals, "quoted" and <html> strings), the edge
// operators -> and --, and the punctuation above. Comments are skipped.
std::vector<DotToken> tokenize(const std::string& s) {
  std::vector<DotToken> out;
  size_t i = 0;
  auto startsWith = [&](const char* p) { return s.compare(i, std::strlen(p), p) == 0; };
  while (i < s.size()) {
    const char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (startsWith("//")) {
      i = s.find('\n', i);
    } else if (startsWith("/*")) {
      i = s.find("*/", i + 2);
      if (i != std::string::npos) i += 2;
    } else if (startsWith("->") || startsWith("--")) {
      out.push_back({DotToken::Kind::Punct, s.substr(i, 2)});
      i += 2;
    } else if (isPunct(c)) {
      out.push_back({DotToken::Kind::Punct, std::string(1, c)});
      ++i;
    } else if (c == '"') {
      // As in Boost: \" is a quote, a backslash-newline continues the line,
      // every other backslash stays.
      std::string value;
      for (++i; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == '"' || s[i + 1] == '\n')) {
          if (s[++i] == '"') value += '"';
        } else {
          value += s[i];
        }
      }
      ++i;
      out.push_back({DotToken::Kind::Id, value, true});
    } else if (c == '<') {
      // An HTML string, brackets nested; Boost keeps the outer brackets.
      const size_t start = i;
      int depth = 0;
      do {
        if (s[i] == '<') ++depth;
        if (s[i] == '>') --depth;
        ++i;
      } while (i < s.size() && depth > 0);
      out.push_back({DotToken::Kind::Id, s.substr(start, i - start)});
    } else {
      const size_t start = i;
      while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i])) && !isPunct(s[i]) &&
             s[i] != '"' && s[i] != '<' && !startsWith("->") && !startsWith("--") && !startsWith("//") &&
             !startsWith("/*"))
        ++i;
      out.push_back({DotToken::Kind::Id, s.substr(start, i - start)});
    }
  }
  return out;
}

bool isKeyword(const DotToken& t, const char* keyword) {
  if (t.kind != DotToken::Kind::Id || t.quoted || t.text.size() != std::strlen(keyword)) return false;
  for (size_t i = 0; i < t.text.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(t.text[i])) != keyword[i]) return false;
  return true;
}

bool isPunct(const std::vector<DotToken>& tokens, size_t i, const char* p) {
  return i < tokens.size() && tokens[i].kind == DotToken::Kind::Punct && tokens[i].text == p;
}

struct DotOutline {
  std::optional<bool> directed;        // unset when the header is not graph/digraph
  std::vector<std::string> nodeOrder;  // node IDs by first appearance
};

DotOutline outline(const std::vector<DotToken>& tokens) {
  DotOutline result;
  size_t i = 0;
  if (i < tokens.size() && isKeyword(tokens[i], "strict")) ++i;
  if (i < tokens.size() && (isKeyword(tokens[i], "graph") || isKeyword(tokens[i], "digraph")))
    result.directed = isKeyword(tokens[i], "digraph");
  while (i < tokens.size() && !isPunct(tokens, i, "{")) ++i;  // skips the graph's own name

  std::set<std::string> seen;
  for (; i < tokens.size(); ++i) {
    const DotToken& t = tokens[i];
    if (isPunct(tokens, i, "[")) {  // an attribute list: never nested
      while (i < tokens.size() && !isPunct(tokens, i, "]")) ++i;
    } else if (isPunct(tokens, i, ":")) {  // a port or compass point follows
      ++i;
    } else if (t.kind == DotToken::Kind::Id) {
      if (isKeyword(t, "subgraph")) {
        if (i + 1 < tokens.size() && tokens[i + 1].kind == DotToken::Kind::Id) ++i;  // its name
      } else if (isKeyword(t, "node") || isKeyword(t, "edge") || isKeyword(t, "graph")) {
        // default attributes: the list that follows is skipped as such
      } else if (isPunct(tokens, i + 1, "=")) {  // a graph attribute, ID = ID
        i += 2;
      } else if (seen.insert(t.text).second) {
        result.nodeOrder.push_back(t.text);
      }
    }
  }
  return result;
}

// ---------------------------------------------------------------------------
// The Boost side.

struct DotVertexProps {
  std::string name;
};
struct DotEdgeProps {
  std::map<std::string, std::string> attributes;
};

// A dynamic property map that stores any one edge attribute, as a string,
// into the edge's own attribute map. read_graphviz asks for one of these
// (through the dynamic_properties generator) for each attribute name it meets.
template <class Graph>
class EdgeAttributeMap : public boost::dynamic_property_map {
  using Edge = typename boost::graph_traits<Graph>::edge_descriptor;

 public:
  EdgeAttributeMap(Graph& g, std::string name) : g_(g), name_(std::move(name)) {}

  boost::any get(const boost::any& key) override { return get_string(key); }
  std::string get_string(const boost::any& key) override {
    const auto& attributes = g_[boost::any_cast<Edge>(key)].attributes;
    auto it = attributes.find(name_);
    return it == attributes.end() ? std::string() : it->second;
  }
  void put(const boost::any& key, const boost::any& value) override {
    g_[boost::any_cast<Edge>(key)].attributes[name_] = boost::any_cast<std::string>(value);
  }
  const std::type_info& key() const override { return typeid(Edge); }
  const std::type_info& value() const override { return typeid(std::string); }

 private:
  Graph& g_;
  std::string name_;
};

// Parses `text` as a directed or undirected graph (Directedness is
// boost::bidirectionalS or boost::undirectedS). Throws what read_graphviz
// throws: boost::bad_graphviz_syntax, or another boost::graph_exception when
// the file's graph/digraph does not match.
template <class Directedness>
DotGraph parseWithBoost(const std::string& text, const std::vector<std::string>& nodeOrder) {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, Directedness, DotVertexProps, DotEdgeProps>;
  using Edge = typename boost::graph_traits<Graph>::edge_descriptor;
  Graph g;
  // Node and graph attributes (label, rankdir, ...) are for drawing only.
  boost::dynamic_properties dp([&g](const std::string& name, const boost::any& key,
                                    const boost::any&) -> boost::shared_ptr<boost::dynamic_property_map> {
    if (key.type() != typeid(Edge)) return {};
    return boost::make_shared<EdgeAttributeMap<Graph>>(g, name);
  });
  dp.property("node_id", boost::get(&DotVertexProps::name, g));
  if (!boost::read_graphviz(text, g, dp)) throw boost::bad_graphviz_syntax("the DOT text could not be read");

  DotGraph result;
  result.directed = !std::is_same_v<Directedness, boost::undirectedS>;
  std::set<std::string> names;
  for (auto v : boost::make_iterator_range(boost::vertices(g))) names.insert(g[v].name);
  for (const std::string& name : nodeOrder)
    if (names.erase(name) > 0) result.nodes.push_back(name);
  // A node the scan could not match (a "concatenated" + "string" name, say)
  // still belongs to the graph: it goes last, in name order.
  result.nodes.insert(result.nodes.end(), names.begin(), names.end());

  // adjacency_list keeps a bidirectional or undirected graph's edge list in
  // insertion order, which is read_graphviz's file order; the source of an
  // undirected edge is the node written first.
  for (auto e : boost::make_iterator_range(boost::edges(g)))
    result.edges.push_back(
        DotEdge{g[boost::source(e, g)].name, g[boost::target(e, g)].name, !result.directed, g[e].attributes});
  return result;
}

}  // namespace

DotReadResult readDotText(const std::string& text) {
  DotReadResult result;
  const DotOutline shape = outline(tokenize(text));
  try {
    result.graph = shape.directed.value_or(true)
                       ? parseWithBoost<boost::bidirectionalS>(text, shape.nodeOrder)
                       : parseWithBoost<boost::undirectedS>(text, shape.nodeOrder);
  } catch (const boost::bad_graphviz_syntax& e) {
    result.error = fmt::format("DOT syntax error: {}", e.what());
    // Boost 1.74 rejects the common shorthand for a group of nodes.
    if (result.error.find("Wanted left brace to start subgraph") != std::string::npos)
      result.error += "; note: write a group of nodes as `subgraph { B C }`, not `{ B C }`";
  } catch (const boost::graph_exception& e) {
    // What else read_graphviz says about the file: a graph read as the other
    // kind (directed_graph_error / undirected_graph_error), and the like.
    result.error = e.what();
  }
  // Anything else (std::bad_alloc, a bug) is not a problem of the file: it
  // goes on to the command line's internal error (exit status 70).
  return result;
}

DotReadResult readDotFile(const std::string& path) {
  DotReadResult result;
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) {
    result.error = fmt::format("{}: no such DOT file", path);
    return result;
  }
  // A directory opens like a file on Linux and then reads as nothing, which
  // would surface as a baffling syntax error.
  if (!std::filesystem::is_regular_file(status)) {
    result.error = fmt::format("{}: not a regular file", path);
    return result;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    result.error = fmt::format("{}: cannot open the DOT file ({})", path, std::strerror(errno));
    return result;
  }
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) {
    result.error = fmt::format("{}: cannot read the DOT file ({})", path, std::strerror(errno));
    return result;
  }
  result = readDotText(text);
  if (!result.ok()) result.error = fmt::format("{}: {}", path, result.error);
  return result;
}

}  // namespace replsim
