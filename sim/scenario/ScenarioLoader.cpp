#include "sim/scenario/ScenarioLoader.h"

#include "sim/scenario/ScenarioParser.h"

#include <sys/stat.h>

namespace replsim {

namespace scenario_detail {

LoadResult ScenarioParser::run() {
  scenario_.file = file_;
  parseRoot(JsonReader(doc_, file_, errors_));
  // Before anything in proportion to the scenario is built (the check
  // below builds its topology): a scenario too big is refused here.
  if (errors_.empty()) {
    const ScenarioErrors refused = ResourceEstimate(scenario_).refusals();
    errors_.insert(errors_.end(), refused.begin(), refused.end());
  }
  if (errors_.empty()) checkAgainstTopology();
  LoadResult result;
  result.errors = std::move(errors_);
  if (result.errors.empty()) result.scenario = std::move(scenario_);
  return result;
}

void ScenarioParser::addLeader(const std::string& name) {
  scenario_.topology.leaders.push_back(name);
  leaders_.insert(name);
  nodes_.insert(name);
}

std::optional<std::string> ScenarioParser::nodeName(const JsonReader& r) const {
  auto name = r.string();
  if (name && !isValidNodeName(*name)) {
    r.error(fmt::format("invalid node name {}: {}", JsonReader::quote(*name), kNodeNameRule));
    return std::nullopt;
  }
  return name;
}

std::optional<std::string> ScenarioParser::nodeRef(const JsonReader& r, bool leadersOnly) const {
  auto name = r.string();
  if (!name || !nodesKnown_) return name;
  if ((leadersOnly ? leaders_ : nodes_).count(*name)) return name;
  r.error(JsonReader::unknownMessage(leadersOnly ? "leader" : "node", *name, suggestionsFor(leadersOnly)));
  return std::nullopt;
}

Keys ScenarioParser::suggestionsFor(bool leadersOnly) const {
  const std::set<std::string>& names = leadersOnly ? leaders_ : nodes_;
  if (names.size() > kMaxSuggestionCandidates) return {};
  return Keys(names.begin(), names.end());
}

std::vector<std::string> ScenarioParser::nodeList(const JsonReader& r, bool leadersOnly) const {
  std::vector<std::string> out;
  PathByName seen;
  const auto elements = r.elements();
  if (r.json().is_array() && elements.empty()) r.error("expected at least one node");
  for (const auto& e : elements) {
    if (auto name = nodeRef(e, leadersOnly); name && noteFirst(seen, *name, e, "node")) out.push_back(*name);
  }
  return out;
}

std::optional<std::pair<std::string, std::string>> ScenarioParser::nodePair(const JsonReader& r) const {
  if (!r.expectArray()) return std::nullopt;
  if (r.json().size() != 2) {
    r.error(fmt::format("expected two nodes [\"A\", \"B\"], got {} elements", r.json().size()));
    return std::nullopt;
  }
  const auto ends = r.elements();
  const auto from = nodeRef(ends[0]), to = nodeRef(ends[1]);
  if (!from || !to) return std::nullopt;
  if (*from == *to) {
    r.error(fmt::format("a link connects two different nodes, got {} twice", JsonReader::quote(*from)));
    return std::nullopt;
  }
  return std::pair{*from, *to};
}

void ScenarioParser::parseRoot(const JsonReader& root) {
  // "$schema" lets an editor find docs/scenario.schema.json; replsim ignores its value.
  if (!root.expectObject({"replsim", "name", "description", "seed", "until_ms", "topology", "links", "replication",
                          "writes", "workload", "faults", "limits", "expect", "$schema"})) {
    return;
  }
  if (const auto v = root.get("$schema")) v->string();
  if (!root.has("replsim")) root.error("missing required key \"replsim\": the format version, always 1 (\"replsim\": 1)");
  if (const auto v = root.get("replsim")) {
    if (const auto version = v->integer(); version && *version != 1) {
      v->error(fmt::format("unsupported format version {}; this replsim reads version 1", *version));
    }
  }
  if (const auto v = root.require("name")) scenario_.name = v->nonEmptyString().value_or("");
  if (const auto v = root.get("description")) scenario_.description = v->string().value_or("");
  if (const auto v = root.get("seed")) scenario_.seed = v->unsignedInteger().value_or(1);
  if (const auto v = root.get("until_ms")) scenario_.until = readTime(*v);

  if (const auto v = root.require("topology")) parseTopology(*v);
  else nodesKnown_ = false;
  if (const auto v = root.get("links")) parseLinks(*v);
  if (const auto v = root.get("replication")) parseReplication(*v);
  if (const auto v = root.get("writes")) parseWrites(*v);
  if (const auto v = root.get("workload")) parseWorkload(*v);
  if (const auto v = root.get("faults")) parseFaults(*v);
  if (const auto v = root.get("limits")) parseLimits(*v);
  if (const auto v = root.get("expect")) parseExpect(*v);
  checkLeaderless(root);
}

void ScenarioParser::parseTopology(const JsonReader& t) {
  TopologySpec& spec = scenario_.topology;
  nodesKnown_ = false;
  if (!t.expectObject({"kind", "leaders", "hub", "fanout", "edges", "path", "leader", "datacenters",
                       "failover_after_ms", "failover_rejoin"})) {
    return;
  }
  std::optional<TopologyKind> kind;
  if (const auto k = t.require("kind")) kind = readChoice(*k, "kind", topologyKinds());
  if (kind) {
    spec.kind = *kind;
    static const std::pair<std::string_view, TopologyKind> kKindOnlyKeys[] = {
        {"hub", TopologyKind::Star}, {"fanout", TopologyKind::Tree}, {"edges", TopologyKind::Custom},
        {"path", TopologyKind::File}, {"leader", TopologyKind::SingleLeader}};
    for (const auto& [key, owner] : kKindOnlyKeys) {
      if (t.has(key) && *kind != owner) {
        t.errorAt(t.pathOf(key), fmt::format("{} only applies to kind {}", JsonReader::quote(key), toString(owner)));
      }
    }
  }

  // Every error from here to the end of the node-defining steps leaves the
  // set of nodes in doubt (see nodeRef).
  const size_t errorsBefore = t.errorCount();
  const auto leaders = t.get("leaders");
  if (leaders) parseLeaders(*leaders);
  nodesKnown_ = t.errorCount() == errorsBefore;
  const auto datacenters = t.get("datacenters");
  if (datacenters) parseDatacenters(*datacenters, leaders.has_value());
  if (datacenters && leaders) checkLeadersLeadDatacenters(*leaders);
  // With datacenters the leaders are the datacenters' leaders, so edges
  // and a DOT file refer to them rather than define them.
  const bool leadersGiven = leaders.has_value() || datacenters.has_value();
  if (kind == TopologyKind::Custom) parseCustomEdges(t, leadersGiven);
  if (kind == TopologyKind::File) parseDotFile(t, leadersGiven);
  const bool leadersDetermined =
      leaders || datacenters || kind == TopologyKind::Custom || kind == TopologyKind::File;
  if (kind && !leadersDetermined) t.require("leaders");
  nodesKnown_ = kind && leadersDetermined && t.errorCount() == errorsBefore;
  // Where the number of nodes comes from (ResourceEstimate names it).
  if (datacenters) spec.nodesPath = datacenters->path();
  else if (leaders) spec.nodesPath = leaders->json().is_object() ? leaders->pathOf("count") : leaders->path();
  else spec.nodesPath = t.pathOf(kind == TopologyKind::File ? "path" : "edges");

  if (const auto f = t.get("failover_after_ms")) {
    if (datacenters) spec.failoverAfter = readTime(*f);
    else f->error("\"failover_after_ms\" only applies with \"datacenters\"");
  }
  if (const auto r = t.get("failover_rejoin")) {
    // An extension (docs/datacenters.md): what a failed-over leader's
    // unreplicated writes become when it returns.
    spec.failoverRejoin = readChoice(*r, "failover_rejoin", kFailoverRejoins).value_or(spec.failoverRejoin);
    if (!t.has("failover_after_ms")) r->error("\"failover_rejoin\" only applies with \"failover_after_ms\"");
  }
  if (!kind) return;

  // The generated shapes need two leaders to mean anything; custom and
  // file graphs are what their edges make them.
  const bool generated = *kind != TopologyKind::SingleLeader && *kind != TopologyKind::Custom &&
                         *kind != TopologyKind::File;
  const size_t minimum = generated ? 2 : 1;
  if (nodesKnown_ && spec.leaders.size() < minimum) {
    const char* what = datacenters ? " datacenters" : " leaders";
    (leaders ? *leaders : datacenters ? *datacenters : t)
        .error(fmt::format("kind {} needs at least {}{}, got {}", toString(*kind), minimum, what, spec.leaders.size()));
  }
  switch (*kind) {
    case TopologyKind::Star:
      if (const auto h = t.require("hub")) spec.hub = nodeRef(*h, true).value_or("");
      break;
    case TopologyKind::Tree:
      // A fanout beyond the number of leaders adds nothing; the bound keeps it an int.
      if (const auto f = t.require("fanout")) spec.fanout = static_cast<int>(f->integer(1, kMaxLeaderCount).value_or(1));
      break;
    case TopologyKind::SingleLeader:
      if (const auto l = t.require("leader")) spec.leader = nodeRef(*l, true).value_or("");
      break;
    default:
      break;
  }
}

void ScenarioParser::parseLeaders(const JsonReader& r) {
  if (r.json().is_object()) {
    r.expectObject({"count"});
    const auto c = r.require("count");
    const auto count = c ? c->integer(1, kMaxLeaderCount) : std::nullopt;
    for (int64_t i = 1; count && i <= *count; ++i) addLeader(fmt::format("L{}", i));
    return;
  }
  if (!r.json().is_array()) {
    r.error(fmt::format("expected a list of leader names or {{\"count\": n}}, got {}", JsonReader::describeType(r.json())));
    return;
  }
  if (r.json().empty()) r.error("expected at least one leader");
  for (const auto& e : r.elements()) {
    if (const auto name = nodeName(e); name && noteFirst(definedAt_, *name, e, "leader")) addLeader(*name);
  }
}

void ScenarioParser::parseDatacenters(const JsonReader& r, bool leadersGiven) {
  TopologySpec& spec = scenario_.topology;
  PathByName dcNames, dcLeaders;
  for (const auto& d : r.elements()) {
    if (!d.expectObject({"name", "leader", "followers", "intra_latency_ms"})) continue;
    DatacenterSpec dc;
    dc.jsonPath = d.path();
    if (const auto n = d.require("name")) {
      if (const auto name = nodeName(*n); name && noteFirst(dcNames, *name, *n, "datacenter")) {
        dc.name = *name;
        datacenters_.insert(*name);
      }
    }
    if (const auto l = d.require("leader")) {
      if (const auto name = nodeName(*l); name && noteFirst(dcLeaders, *name, *l, "datacenter leader")) {
        dc.leader = *name;
        if (!leadersGiven) {
          if (noteFirst(definedAt_, *name, *l, "node")) addLeader(*name);
        } else if (nodesKnown_ && !leaders_.count(*name)) {
          l->error(fmt::format("{} is not one of the topology's leaders", JsonReader::quote(*name)));
        }
      }
    }
    if (const auto f = d.get("followers")) {
      for (const auto& e : f->elements()) {
        if (const auto name = nodeName(e); name && noteFirst(definedAt_, *name, e, "node")) {
          dc.followers.push_back(*name);
          nodes_.insert(*name);
        }
      }
    }
    if (const auto l = d.get("intra_latency_ms")) dc.intraLatency = parseLatency(*l);
    spec.datacenters.push_back(std::move(dc));
  }
  if (r.json().is_array() && r.json().empty()) r.error("expected at least one datacenter");
}

void ScenarioParser::checkLeadersLeadDatacenters(const JsonReader& leaders) const {
  std::set<std::string> dcLeaders;
  for (const DatacenterSpec& dc : scenario_.topology.datacenters) dcLeaders.insert(dc.leader);
  const auto complain = [](const JsonReader& at, const std::string& name) {
    at.error(fmt::format("{} leads no datacenter: with \"datacenters\" every node belongs to one "
                         "(leave \"leaders\" out, or list the datacenters' leaders)",
                         JsonReader::quote(name)));
  };
  if (leaders.json().is_array()) {
    for (const auto& e : leaders.elements())
      if (e.json().is_string() && !dcLeaders.count(e.json().get<std::string>())) complain(e, e.json().get<std::string>());
    return;
  }
  for (const std::string& name : scenario_.topology.leaders)  // {"count": n}
    if (!dcLeaders.count(name)) complain(leaders, name);
}

void ScenarioParser::parseCustomEdges(const JsonReader& t, bool leadersGiven) {
  const auto edges = t.require("edges");
  if (!edges) return;
  const auto elements = edges->elements();
  if (edges->json().is_array() && elements.empty()) edges->error("expected at least one edge");
  for (const auto& e : elements) {
    const json& value = e.json();
    if (!value.is_array() || value.size() < 2 || value.size() > 3) {
      e.error(fmt::format("expected an edge [from, to] or [from, to, {{settings}}], got {}",
                          value.is_array() ? fmt::format("a list of length {}", value.size())
                                           : JsonReader::describeType(value)));
      continue;
    }
    const auto parts = e.elements();
    const auto from = edgeEndpoint(parts[0], leadersGiven);
    const auto to = edgeEndpoint(parts[1], leadersGiven);
    EdgeSpec edge;
    edge.jsonPath = e.path();
    if (parts.size() == 3 && parts[2].expectObject({"both", "latency_ms", "fifo", "loss", "retry_ms"})) {
      if (const auto b = parts[2].get("both")) edge.both = b->boolean().value_or(false);
      edge.settings = parseLinkSettings(parts[2]);
    }
    if (!from || !to) continue;
    if (*from == *to) {
      e.error(fmt::format("an edge cannot connect {} to itself", JsonReader::quote(*from)));
      continue;
    }
    edge.from = *from;
    edge.to = *to;
    scenario_.topology.edges.push_back(std::move(edge));
  }
}

std::optional<std::string> ScenarioParser::edgeEndpoint(const JsonReader& r, bool leadersGiven) {
  if (leadersGiven) return nodeRef(r, true);
  auto name = nodeName(r);
  if (name && definedAt_.try_emplace(*name, r.path()).second) addLeader(*name);
  return name;
}

void ScenarioParser::parseDotFile(const JsonReader& t, bool leadersGiven) {
  TopologySpec& spec = scenario_.topology;
  const auto p = t.require("path");
  const auto relative = p ? p->nonEmptyString() : std::nullopt;
  if (!relative) return;
  std::filesystem::path path(*relative);
  if (path.is_relative()) path = std::filesystem::path(baseDir_) / path;
  spec.filePath = path.lexically_normal().string();
  const DotReadResult dot = readDotFile(spec.filePath);
  if (!dot.ok()) {
    p->error(dot.error);
    return;
  }
  if (dot.graph.nodes.empty()) p->error("the DOT file has no nodes");
  std::set<std::string> dotNodes;
  for (const std::string& name : dot.graph.nodes) {
    if (!isValidNodeName(name)) p->error(fmt::format("invalid node name {} in the DOT file: {}", JsonReader::quote(name), kNodeNameRule));
    dotNodes.insert(name);
  }
  if (leadersGiven && !t.has("leaders")) {
    // Datacenters: the DOT file draws the topology between their leaders.
    for (const std::string& name : dot.graph.nodes) {
      if (nodesKnown_ && !leaders_.count(name)) {
        p->error(fmt::format("the DOT file's node {} is not a datacenter's leader", JsonReader::quote(name)));
      }
    }
    for (const std::string& name : spec.leaders) {
      if (nodesKnown_ && !dotNodes.count(name)) {
        p->error(fmt::format("the datacenter leader {} is missing from the DOT file", JsonReader::quote(name)));
      }
    }
  } else if (leadersGiven) {
    // "leaders" then only fixes the order: it must name exactly the DOT's nodes.
    const auto leaders = t.get("leaders");
    for (size_t i = 0; nodesKnown_ && i < spec.leaders.size(); ++i) {
      if (!dotNodes.count(spec.leaders[i])) {
        leaders->errorAt(leaders->json().is_array() ? leaders->pathOf(i) : leaders->path(),
                         fmt::format("{} is not a node of the DOT file", JsonReader::quote(spec.leaders[i])));
      }
    }
    for (const std::string& name : dot.graph.nodes) {
      if (nodesKnown_ && !leaders_.count(name)) {
        leaders->error(fmt::format("the DOT file's node {} is missing from the list", JsonReader::quote(name)));
      }
    }
  } else {
    for (const std::string& name : dot.graph.nodes) {
      if (!leaders_.count(name)) addLeader(name);
    }
  }
  for (const DotEdge& d : dot.graph.edges) {
    if (auto edge = edgeFromDot(d, *p)) spec.edges.push_back(std::move(*edge));
  }
}

std::optional<EdgeSpec> ScenarioParser::edgeFromDot(const DotEdge& d, const JsonReader& path) {
  const std::string label = fmt::format("edge {}: ", JsonReader::quote(fmt::format("{} -> {}", d.from, d.to)));
  if (d.from == d.to) {
    path.error(fmt::format("{}an edge cannot connect a node to itself", label));
    return std::nullopt;
  }
  EdgeSpec edge{d.from, d.to, d.both, {}, path.path()};
  const auto number = [&](const std::string& key, const std::string& text, const Range& range) -> std::optional<double> {
    const auto v = parseDecimal(text);
    if (v && range.contains(*v)) return v;
    path.error(fmt::format("{}{}: expected a number {}, got {}", label, key, range.describe(), JsonReader::quote(text)));
    return std::nullopt;
  };
  const auto flag = [&](const std::string& key, const std::string& text) -> std::optional<bool> {
    if (text == "true") return true;
    if (text == "false") return false;
    path.error(fmt::format("{}{}: expected true or false, got {}", label, key, JsonReader::quote(text)));
    return std::nullopt;
  };
  for (const auto& [key, text] : d.attributes) {
    if (key == "latency_ms") {
      if (const auto v = number(key, text, kTime)) edge.settings.latency = LatencyDistribution::fixed(*v);
    } else if (key == "loss") {
      edge.settings.loss = number(key, text, kProbability);
      if (edge.settings.loss && *edge.settings.loss >= 1.0) {
        path.error(label + kLossOfOne);
        edge.settings.loss.reset();
      }
    } else if (key == "retry_ms") {
      if (const auto v = number(key, text, kPositiveTime)) edge.settings.retry = SimTime::fromMs(*v);
    } else if (key == "fifo") {
      edge.settings.fifo = flag(key, text);
    } else if (key == "both") {
      edge.both = flag(key, text).value_or(false) || d.both;  // an undirected graph's edges stay both ways
    }
    // Any other attribute (label, color, weight, ...) is for drawing.
  }
  return edge;
}

std::optional<LatencyDistribution> ScenarioParser::parseLatency(const JsonReader& r, int depth) const {
  using Kind = LatencyDistribution::Kind;
  if (r.json().is_number()) {
    const auto ms = r.number(kTime);
    return ms ? std::optional(LatencyDistribution::fixed(*ms)) : std::nullopt;
  }
  if (!r.json().is_object()) {
    r.error("expected a number or a distribution object such as {\"dist\": \"uniform\", \"min\": 5, \"max\": 20}, got " +
            JsonReader::describeType(r.json()));
    return std::nullopt;
  }
  const auto d = r.require("dist");
  const auto kind = d ? readChoice(*d, "distribution", kLatencyDistributions) : std::nullopt;
  if (!kind) {
    r.expectObject({"dist", "min", "max", "mean", "stddev", "median", "sigma", "xm", "alpha", "of"});
    return std::nullopt;
  }
  const size_t errorsBefore = r.errorCount();
  const auto param = [&r](std::string_view key, const Range& range) {
    const auto v = r.require(key);
    return v ? v->number(range).value_or(0.0) : 0.0;
  };
  LatencyDistribution dist{*kind, 0.0, 0.0, 0.0, {}};
  switch (*kind) {
    case Kind::Uniform:
      r.expectObject({"dist", "min", "max"});
      dist.a = param("min", kTime);
      dist.b = param("max", kTime);
      if (r.errorCount() == errorsBefore && dist.b < dist.a) {
        r.errorAt(r.pathOf("max"), fmt::format("\"max\" ({}) must be >= \"min\" ({})", JsonReader::formatNumber(dist.b),
                                               JsonReader::formatNumber(dist.a)));
      }
      break;
    case Kind::Normal:
      r.expectObject({"dist", "mean", "stddev", "min"});
      dist.a = param("mean", kTime);
      dist.b = param("stddev", kTime);
      break;
    case Kind::Lognormal:
      r.expectObject({"dist", "median", "sigma", "min"});
      dist.a = param("median", kPositiveTime);
      dist.b = param("sigma", Range::atLeast(0));
      break;
    case Kind::Exponential:
      r.expectObject({"dist", "mean", "min"});
      dist.a = param("mean", kPositiveTime);
      break;
    case Kind::Pareto:
      r.expectObject({"dist", "xm", "alpha", "min"});
      dist.a = param("xm", kPositiveTime);
      // alpha <= 1 has no finite mean, which route analysis by mean latency needs.
      dist.b = param("alpha", Range::above(1, 1e6));
      break;
    case Kind::Mixture:
      r.expectObject({"dist", "of"});
      if (!parseMixture(r, dist, depth)) return std::nullopt;
      break;
    case Kind::Fixed:
      break;
  }
  if (const auto floor = r.get("min"); floor && *kind != Kind::Uniform) dist.floorMs = floor->number(kTime).value_or(0.0);
  if (r.errorCount() != errorsBefore) return std::nullopt;
  return dist;
}

bool ScenarioParser::parseMixture(const JsonReader& r, LatencyDistribution& dist, int depth) const {
  const auto of = r.require("of");
  if (!of) return false;
  if (depth >= kMaxMixtureDepth) {
    of->error(fmt::format("mixtures nest at most {} deep", kMaxMixtureDepth));
    return false;
  }
  const auto parts = of->elements();
  if (of->json().is_array() && (parts.empty() || parts.size() > kMaxMixtureParts)) {
    of->error(fmt::format("expected 1 to {} parts such as {{\"weight\": 0.9, \"dist\": 10}}", kMaxMixtureParts));
    return false;
  }
  const size_t errorsBefore = r.errorCount();
  double sum = 0.0;
  for (const auto& p : parts) {
    if (!p.expectObject({"weight", "dist"})) continue;
    LatencyMixturePart part;
    if (const auto w = p.require("weight")) part.weight = w->number(Range::above(0, 1)).value_or(0.0);
    if (const auto d = p.require("dist")) {
      if (auto inner = parseLatency(*d, depth + 1)) part.dist = std::move(*inner);
    }
    sum += part.weight;
    dist.parts.push_back(std::move(part));
  }
  if (r.errorCount() != errorsBefore) return false;
  if (std::abs(sum - 1.0) > 1e-9) {
    of->error(fmt::format("the weights sum to {}; they must sum to 1", JsonReader::formatNumber(sum)));
    return false;
  }
  return true;
}

LinkSettings ScenarioParser::parseLinkSettings(const JsonReader& r) const {
  LinkSettings s;
  if (const auto v = r.get("latency_ms")) s.latency = parseLatency(*v);
  if (const auto v = r.get("fifo")) s.fifo = v->boolean();
  if (const auto v = r.get("loss")) {
    s.loss = v->number(kProbability);
    if (s.loss && *s.loss >= 1.0) {
      v->error(kLossOfOne);
      s.loss.reset();
    }
  }
  if (const auto v = r.get("retry_ms")) s.retry = readTime(*v, kPositiveTime);
  // by_kind: {"write": D, "ack": D, ...}, D any latency form; an unknown
  // kind is an unknown key (with a did-you-mean), a bad D errs at its path.
  const std::vector<std::string_view> kinds(kMessageKindNames.begin() + 1, kMessageKindNames.end());
  if (const auto v = r.get("by_kind"); v && v->expectObject(kinds)) {
    for (const auto& [name, d] : v->members()) {
      const auto it = std::find(kinds.begin(), kinds.end(), name);
      if (it == kinds.end()) continue;  // reported by expectObject
      if (auto dist = parseLatency(d))
        s.byKind.push_back(KindLatency{static_cast<MessageKind>(it - kinds.begin() + 1), std::move(*dist)});
    }
    std::sort(s.byKind.begin(), s.byKind.end(),
              [](const KindLatency& a, const KindLatency& b) { return a.kind < b.kind; });
  }
  return s;
}

void ScenarioParser::parseLinks(const JsonReader& r) {
  if (!r.expectObject({"default", "overrides"})) return;
  if (const auto d = r.get("default"); d && d->expectObject({"latency_ms", "by_kind", "fifo", "loss", "retry_ms"})) {
    scenario_.links.defaults.apply(parseLinkSettings(*d));
    if (d->has("by_kind")) byKindPaths_.push_back(d->pathOf("by_kind"));
  }
  const auto overrides = r.get("overrides");
  if (!overrides) return;
  for (const auto& o : overrides->elements()) {
    if (!o.expectObject({"from", "to", "both", "latency_ms", "by_kind", "fifo", "loss", "retry_ms"})) continue;
    if (o.has("by_kind")) byKindPaths_.push_back(o.pathOf("by_kind"));
    LinkOverride link;
    link.jsonPath = o.path();
    if (const auto v = o.require("from")) link.from = nodeRef(*v).value_or("");
    if (const auto v = o.require("to")) link.to = nodeRef(*v).value_or("");
    if (const auto v = o.get("both")) link.both = v->boolean().value_or(false);
    link.settings = parseLinkSettings(o);
    scenario_.links.overrides.push_back(std::move(link));
  }
}

void ScenarioParser::checkAgainstTopology() {
  bool linkFaults = false;
  for (const FaultSpec& f : scenario_.faults)
    linkFaults = linkFaults || f.kind == FaultKind::LinkDown || f.kind == FaultKind::LinkUp ||
                 f.kind == FaultKind::Reconfigure;
  if (scenario_.links.overrides.empty() && !linkFaults) return;
  // Topology::build throws only on a broken precondition (an unknown node
  // name, a link to itself): the checks above reject those as errors with
  // their paths, so an exception here is a bug and is not caught.
  const Topology topology = Topology::build(scenario_.topology, scenario_.links);
  std::set<std::pair<std::string, std::string>> links;
  for (const TopologyLink& l : topology.links()) links.emplace(topology.name(l.from), topology.name(l.to));
  const auto missing = [&](const std::string& from, const std::string& to) {
    return links.count({from, to}) == 0 ? fmt::format("no link {} → {} in this topology", from, to) : std::string();
  };
  for (const LinkOverride& o : scenario_.links.overrides)
    for (const auto& [from, to] : {std::pair{o.from, o.to}, std::pair{o.to, o.from}}) {
      if (auto m = missing(from, to); !m.empty()) errors_.push_back({file_, o.jsonPath, m});
      if (!o.both) break;
    }
  std::vector<const FaultSpec*> faults;
  for (const FaultSpec& f : scenario_.faults) faults.push_back(&f);
  std::stable_sort(faults.begin(), faults.end(), [](const FaultSpec* a, const FaultSpec* b) { return a->at < b->at; });
  for (const FaultSpec* f : faults) {
    if (f->kind == FaultKind::LinkDown || f->kind == FaultKind::LinkUp) {
      const auto& [a, b] = f->link;
      if (auto m = missing(a, b); !m.empty()) errors_.push_back({file_, f->jsonPath, fmt::format("{} at that time", m)});
      else if (f->both)
        if (auto m2 = missing(b, a); !m2.empty()) errors_.push_back({file_, f->jsonPath, fmt::format("{} at that time", m2)});
    } else if (f->kind == FaultKind::Reconfigure) {
      for (const auto& [a, b] : f->remove)
        if (links.erase({a, b}) == 0)
          errors_.push_back({file_, f->jsonPath + "/reconfigure/remove",
                             fmt::format("cannot remove {} → {}: no such link at that time", a, b)});
      for (const auto& [a, b] : f->add) {
        if (a == b)
          errors_.push_back({file_, f->jsonPath + "/reconfigure/add", fmt::format("a link cannot connect {} to itself", a)});
        links.emplace(a, b);
      }
    }
  }
}
}  // namespace scenario_detail

namespace {

using scenario_detail::ScenarioParser;

// No input makes the parser throw: every problem becomes a ScenarioError.
// An exception is a bug or memory running out, not a problem of the file,
// so it is not turned into one (that would exit 1, as for bad input): it
// goes on to the command line's internal-error handler (exit 70).
template <class F>
LoadResult guarded(const std::string& /*file*/, F&& load) {
  return load();
}

}  // namespace

LoadResult loadScenarioJson(const nlohmann::json& doc, const std::string& file, const std::string& baseDir) {
  return guarded(file, [&] { return ScenarioParser(doc, file, baseDir).run(); });
}

LoadResult loadScenarioText(const std::string& text, const std::string& file, const std::string& baseDir) {
  return guarded(file, [&] {
    ScenarioErrors parseErrors;
    FlatObjectArray flatWrites = ScenarioParser::flatWritesTable();
    const auto doc = JsonReader::parse(text, file, parseErrors, &flatWrites);
    if (!doc) return LoadResult{std::nullopt, std::move(parseErrors)};
    LoadResult result = ScenarioParser(*doc, file, baseDir, &flatWrites).run();
    if (!parseErrors.empty()) {  // duplicate keys: the document loaded, but it is not valid
      result.scenario.reset();
      result.errors.insert(result.errors.begin(), parseErrors.begin(), parseErrors.end());
    }
    return result;
  });
}

LoadResult loadScenarioFile(const std::string& path) {
  return guarded(path, [&] {
    const auto fail = [&path](int error) {
      return LoadResult{std::nullopt, {{path, "", std::string("cannot read file: ") + std::strerror(error)}}};
    };
    errno = 0;
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!in) return fail(errno);
    std::string text;
    // One allocation for a regular file (growing by appends copied a 4 MB
    // scenario several times over, into fresh pages each time).
    struct stat info {};
    if (::fstat(::fileno(in.get()), &info) == 0 && S_ISREG(info.st_mode)) text.reserve(static_cast<size_t>(info.st_size));
    char buffer[1 << 16];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, in.get())) > 0) text.append(buffer, n);
    // A directory opens on Linux and then fails to read (EISDIR).
    if (std::ferror(in.get())) return fail(errno != 0 ? errno : EIO);
    return loadScenarioText(text, path, std::filesystem::path(path).parent_path().string());
  });
}

}  // namespace replsim
