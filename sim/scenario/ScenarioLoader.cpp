#include "sim/scenario/ScenarioLoader.h"

#include <algorithm>
#include <charconv>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "sim/conflicts/ResolverNames.h"
#include "sim/scenario/JsonReader.h"
#include "sim/model/ResourceEstimate.h"
#include "sim/topology/DotReader.h"
#include "sim/topology/Topology.h"

namespace replsim {

namespace {

using nlohmann::json;
using Keys = std::vector<std::string_view>;
using Range = JsonReader::Range;
using PathByName = std::map<std::string, std::string>;  // name -> JSON path where it first appeared

// The largest time or latency accepted, in ms (about 31 years): far inside
// SimTime's int64 microseconds, so sums of a few such values cannot overflow.
constexpr double kMaxMs = 1e12;
const Range kTime = Range::atLeast(0, kMaxMs);
const Range kPositiveTime = Range::above(0, kMaxMs);
const Range kProbability = Range::between(0, 1);
// A link is a reliable stream: loss 1 would mean no transmission ever gets
// through, which is an outage, not loss.
const char* const kLossOfOne =
    "loss must be below 1: a link that loses every transmission never delivers; use a link_down fault for an outage";
constexpr int64_t kMaxLeaderCount = 100000;
constexpr size_t kMaxNodeNameLength = 64;
// Beyond this many names, "did you mean" over node names is not worth its cost.
constexpr size_t kMaxSuggestionCandidates = 1000;
// Expected values are copied into the Scenario; a bound on their nesting
// keeps the (recursive) copy from exhausting the stack on hostile input.
constexpr int kMaxExpectationDepth = 32;
// Bounds of limits.max_memory_mb (1 PB: far above any machine) and
// limits.max_ops (a run numbers its writes with 32-bit indices).
constexpr uint64_t kMaxMemoryMb = uint64_t{1} << 30;
constexpr uint64_t kMaxOps = 1'000'000'000;

// ---------------------------------------------------------------------------
// Enumerations: each scenario word and the value it stands for.

template <class E>
struct Choice {
  std::string_view name;
  E value;
};
template <class E>
using Choices = std::vector<Choice<E>>;

// For the enums whose spelling Scenario.cpp owns (toString).
template <class E>
Choices<E> choicesOf(std::initializer_list<E> values) {
  Choices<E> out;
  for (E v : values) out.push_back({toString(v), v});
  return out;
}

const Choices<TopologyKind>& topologyKinds() {
  static const auto choices = choicesOf({TopologyKind::AllToAll, TopologyKind::Ring, TopologyKind::BidirectionalRing,
                                         TopologyKind::Star, TopologyKind::Line, TopologyKind::Tree,
                                         TopologyKind::Custom, TopologyKind::File, TopologyKind::SingleLeader});
  return choices;
}
const Choices<OpKind>& opKinds() {
  static const auto choices = choicesOf({OpKind::Set, OpKind::Insert, OpKind::Update, OpKind::Delete, OpKind::Incr,
                                         OpKind::Read});
  return choices;
}
const Choices<LoopPrevention>& loopPreventions() {
  static const auto choices =
      choicesOf({LoopPrevention::Path, LoopPrevention::Origin, LoopPrevention::Seen, LoopPrevention::None});
  return choices;
}
// In the order a "needs one action" message lists them.
const Choices<FaultKind>& faultKinds() {
  static const auto choices =
      choicesOf({FaultKind::Crash, FaultKind::Recover, FaultKind::Offline, FaultKind::Online, FaultKind::LinkDown,
                 FaultKind::LinkUp, FaultKind::Partition, FaultKind::Heal, FaultKind::Resume, FaultKind::Reconfigure,
                 FaultKind::CrashDatacenter, FaultKind::RecoverDatacenter});
  return choices;
}
const Choices<Ordering> kOrderings = {{"none", Ordering::None}, {"causal", Ordering::Causal}};
const Choices<Detect> kDetects = {{"async", Detect::Async}, {"sync", Detect::Sync}};
const Choices<Timestamps> kTimestamps = {{"lamport", Timestamps::Lamport}, {"clock", Timestamps::Clock}};
const Choices<RoutingPolicy> kRoutingPolicies = {{"direct", RoutingPolicy::Direct}, {"home", RoutingPolicy::Home}};
const Choices<DocumentGranularity>& documentGranularities() {
  static const auto choices =
      choicesOf({DocumentGranularity::Document, DocumentGranularity::Paragraph, DocumentGranularity::Character});
  return choices;
}
const Choices<FailoverRejoin> kFailoverRejoins = {{"discard", FailoverRejoin::Discard},
                                                  {"replay", FailoverRejoin::Replay}};
const Choices<bool> kKeyDistributions = {{"uniform", false}, {"zipf", true}};  // value: zipf?
const Choices<LatencyDistribution::Kind> kLatencyDistributions = {
    {"uniform", LatencyDistribution::Kind::Uniform},
    {"normal", LatencyDistribution::Kind::Normal},
    {"lognormal", LatencyDistribution::Kind::Lognormal},
    {"exponential", LatencyDistribution::Kind::Exponential}};

template <class E>
Keys namesOf(const Choices<E>& choices) {
  Keys names;
  for (const auto& c : choices) names.push_back(c.name);
  return names;
}

template <class E>
std::optional<E> readChoice(const JsonReader& r, std::string_view what, const Choices<E>& choices) {
  const auto name = r.oneOf(what, namesOf(choices));
  if (!name) return std::nullopt;
  for (const auto& c : choices)
    if (c.name == *name) return c.value;
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Small helpers.

bool isValidNodeName(const std::string& name) {
  if (name.empty() || name.size() > kMaxNodeNameLength) return false;
  // Spelt out rather than std::isalnum, which depends on the C locale.
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
  });
}
const char* const kNodeNameRule = "a name is 1 to 64 characters from A-Z a-z 0-9 _ . -";

// The right shapes, shown when a write or fault has the wrong one.
const char* const kWriteExample = R"({"at_ms": 0, "leader": "A", "key": "x", "value": "1"})";
const char* const kFaultExample = R"({"at_ms": 10, "crash": "A"})";

std::string faultExample(FaultKind kind) {
  switch (kind) {
    case FaultKind::Crash: return kFaultExample;
    case FaultKind::Recover: return R"({"at_ms": 50, "recover": "A"})";
    case FaultKind::Offline: return R"({"at_ms": 10, "offline": "phone"})";
    case FaultKind::Online: return R"({"at_ms": 50, "online": "phone"})";
    case FaultKind::LinkDown: return R"({"at_ms": 10, "link_down": ["A", "B"], "both": true})";
    case FaultKind::LinkUp: return R"({"at_ms": 50, "link_up": ["A", "B"], "both": true})";
    case FaultKind::Partition: return R"({"at_ms": 10, "partition": [["A", "B"], ["C"]]})";
    case FaultKind::Heal: return R"({"at_ms": 50, "heal": true})";
    case FaultKind::Resume: return R"({"at_ms": 50, "resume": ["A", "C"]})";
    case FaultKind::Reconfigure: return R"({"at_ms": 10, "reconfigure": {"add": [["A", "C"]], "remove": [["A", "B"]]}})";
    case FaultKind::CrashDatacenter: return R"({"at_ms": 10, "crash_datacenter": "eu"})";
    case FaultKind::RecoverDatacenter: return R"({"at_ms": 50, "recover_datacenter": "eu"})";
  }
  return kFaultExample;
}

// An expected value written "=0" (or "=>1", "=<1") means a comparison spelt
// wrong; the right spelling, or nullopt when the value is fine as it is.
std::optional<std::string> misspeltComparison(const json& expected) {
  if (!expected.is_string()) return std::nullopt;
  const std::string& s = expected.get_ref<const std::string&>();
  static const std::pair<std::string_view, std::string_view> kFixes[] = {{"=>", ">="}, {"=<", "<="}, {"=", "=="}};
  if (s.rfind("==", 0) == 0) return std::nullopt;
  for (const auto& [wrong, right] : kFixes) {
    if (s.rfind(wrong, 0) != 0) continue;
    std::string rest = s.substr(wrong.size());
    while (!rest.empty() && rest.front() == ' ') rest.erase(rest.begin());
    double number = 0;
    const auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), number);
    if (rest.empty() || ec != std::errc() || ptr != rest.data() + rest.size()) return std::nullopt;
    return std::string(right) + rest;
  }
  return std::nullopt;
}

std::optional<SimTime> readTime(const JsonReader& r, const Range& range = kTime) {
  const auto ms = r.number(range);
  if (!ms) return std::nullopt;
  return SimTime::fromMs(*ms);
}

// Records "duplicate <what> "x" (first at /path)" unless `name` is new.
bool noteFirst(PathByName& seen, const std::string& name, const JsonReader& r, std::string_view what) {
  const auto [it, inserted] = seen.try_emplace(name, r.path());
  if (!inserted) r.error(fmt::format("duplicate {} {} (first at {})", what, JsonReader::quote(name), it->second));
  return inserted;
}

bool nestedDeeperThan(const json& value, int depth) {
  if (!value.is_structured()) return false;
  if (depth == 0) return true;
  return std::any_of(value.begin(), value.end(), [depth](const json& child) { return nestedDeeperThan(child, depth - 1); });
}

// A number as DOT attributes carry it ("30", "0.5"): the whole text must be
// a finite number.
std::optional<double> parseDecimal(const std::string& text) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

// ---------------------------------------------------------------------------
// The loader proper: one instance per document; parse*() methods fill
// `scenario_` and record errors through JsonReader.

class ScenarioParser {
 public:
  ScenarioParser(const json& doc, const std::string& file, const std::string& baseDir)
      : doc_(doc), file_(file), baseDir_(baseDir) {}

  LoadResult run() {
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

 private:
  // --- nodes ---------------------------------------------------------------

  // Declares a leader (in order) / a datacenter follower.
  void addLeader(const std::string& name) {
    scenario_.topology.leaders.push_back(name);
    leaders_.insert(name);
    nodes_.insert(name);
  }

  // A node name being defined: its syntax is checked, not its existence.
  std::optional<std::string> nodeName(const JsonReader& r) const {
    auto name = r.string();
    if (name && !isValidNodeName(*name)) {
      r.error(fmt::format("invalid node name {}: {}", JsonReader::quote(*name), kNodeNameRule));
      return std::nullopt;
    }
    return name;
  }

  // A reference to a node (or, with `leadersOnly`, to a leader). Existence
  // is only checked while the set of nodes is known: after a broken leaders
  // list every reference would be reported again, which helps nobody.
  std::optional<std::string> nodeRef(const JsonReader& r, bool leadersOnly = false) const {
    auto name = r.string();
    if (!name || !nodesKnown_) return name;
    if ((leadersOnly ? leaders_ : nodes_).count(*name)) return name;
    r.error(JsonReader::unknownMessage(leadersOnly ? "leader" : "node", *name, suggestionsFor(leadersOnly)));
    return std::nullopt;
  }

  // The names "did you mean" may pick from.
  Keys suggestionsFor(bool leadersOnly) const {
    const std::set<std::string>& names = leadersOnly ? leaders_ : nodes_;
    if (names.size() > kMaxSuggestionCandidates) return {};
    return Keys(names.begin(), names.end());
  }

  // A list of distinct node references.
  std::vector<std::string> nodeList(const JsonReader& r, bool leadersOnly = false) const {
    std::vector<std::string> out;
    PathByName seen;
    const auto elements = r.elements();
    if (r.json().is_array() && elements.empty()) r.error("expected at least one node");
    for (const auto& e : elements) {
      if (auto name = nodeRef(e, leadersOnly); name && noteFirst(seen, *name, e, "node")) out.push_back(*name);
    }
    return out;
  }

  // ["A", "B"]: two different nodes, for links.
  std::optional<std::pair<std::string, std::string>> nodePair(const JsonReader& r) const {
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

  // --- root ----------------------------------------------------------------

  void parseRoot(const JsonReader& root) {
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
  }

  // --- topology ------------------------------------------------------------

  void parseTopology(const JsonReader& t) {
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

  // ["A", "B"] or {"count": n} (L1..Ln).
  void parseLeaders(const JsonReader& r) {
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

  void parseDatacenters(const JsonReader& r, bool leadersGiven) {
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

  // With datacenters, a "leaders" list may only name the datacenters'
  // leaders: every node belongs to a datacenter.
  void checkLeadersLeadDatacenters(const JsonReader& leaders) const {
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

  // [["A","B"], ["B","C", {"both": true, "latency_ms": 30}]]. Without a
  // "leaders" list the leaders are the endpoints in order of appearance.
  void parseCustomEdges(const JsonReader& t, bool leadersGiven) {
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

  std::optional<std::string> edgeEndpoint(const JsonReader& r, bool leadersGiven) {
    if (leadersGiven) return nodeRef(r, true);
    auto name = nodeName(r);
    if (name && definedAt_.try_emplace(*name, r.path()).second) addLeader(*name);
    return name;
  }

  // kind "file": a GraphViz DOT file, relative to the scenario's folder.
  void parseDotFile(const JsonReader& t, bool leadersGiven) {
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

  // A DOT edge with its link settings read from the attributes latency_ms,
  // loss, retry_ms, fifo and both; problems are reported at `path` (the
  // "path" key), naming the edge. nullopt for a self-loop.
  static std::optional<EdgeSpec> edgeFromDot(const DotEdge& d, const JsonReader& path) {
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

  // --- links ---------------------------------------------------------------

  // A number >= 0 (fixed) or {"dist": ..., parameters..., "min": floor}.
  std::optional<LatencyDistribution> parseLatency(const JsonReader& r) const {
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
      r.expectObject({"dist", "min", "max", "mean", "stddev", "median", "sigma"});
      return std::nullopt;
    }
    const size_t errorsBefore = r.errorCount();
    const auto param = [&r](std::string_view key, const Range& range) {
      const auto v = r.require(key);
      return v ? v->number(range).value_or(0.0) : 0.0;
    };
    LatencyDistribution dist{*kind, 0.0, 0.0, 0.0};
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
      case Kind::Fixed:
        break;
    }
    if (const auto floor = r.get("min"); floor && *kind != Kind::Uniform) dist.floorMs = floor->number(kTime).value_or(0.0);
    if (r.errorCount() != errorsBefore) return std::nullopt;
    return dist;
  }

  // latency_ms, fifo, loss, retry_ms of an object whose keys the caller checked.
  LinkSettings parseLinkSettings(const JsonReader& r) const {
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
    return s;
  }

  void parseLinks(const JsonReader& r) {
    if (!r.expectObject({"default", "overrides"})) return;
    if (const auto d = r.get("default"); d && d->expectObject({"latency_ms", "fifo", "loss", "retry_ms"})) {
      scenario_.links.defaults.apply(parseLinkSettings(*d));
    }
    const auto overrides = r.get("overrides");
    if (!overrides) return;
    for (const auto& o : overrides->elements()) {
      if (!o.expectObject({"from", "to", "both", "latency_ms", "fifo", "loss", "retry_ms"})) continue;
      LinkOverride link;
      link.jsonPath = o.path();
      if (const auto v = o.require("from")) link.from = nodeRef(*v).value_or("");
      if (const auto v = o.require("to")) link.to = nodeRef(*v).value_or("");
      if (const auto v = o.get("both")) link.both = v->boolean().value_or(false);
      link.settings = parseLinkSettings(o);
      scenario_.links.overrides.push_back(std::move(link));
    }
  }

  // Checks that need the built topology: link overrides and link faults must
  // name links that exist (faults: at their time, after the reconfigurations
  // before them). Runs only on an otherwise valid scenario, since
  // Topology::build requires one, and only when there is something to check.
  void checkAgainstTopology() {
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

  // --- replication ---------------------------------------------------------

  void parseReplication(const JsonReader& r) {
    ReplicationSpec& spec = scenario_.replication;
    if (!r.expectObject({"loop_prevention", "forward", "ordering", "conflicts", "clocks", "routing", "auto_reconfigure"})) {
      return;
    }
    if (const auto v = r.get("loop_prevention")) {
      spec.loopPrevention = readChoice(*v, "loop_prevention", loopPreventions()).value_or(spec.loopPrevention);
    }
    if (const auto v = r.get("forward")) spec.forward = v->boolean();
    if (const auto v = r.get("ordering")) spec.ordering = readChoice(*v, "ordering", kOrderings).value_or(spec.ordering);
    if (const auto v = r.get("conflicts")) parseConflicts(*v);
    if (const auto v = r.get("clocks")) parseClocks(*v);
    if (const auto v = r.get("routing")) parseRouting(*v);
    if (const auto a = r.get("auto_reconfigure"); a && a->expectObject({"after_ms"})) {
      if (const auto v = a->require("after_ms")) spec.autoReconfigureAfter = readTime(*v, kPositiveTime);
    }
    // Datacenters route and fail over in their own way (docs/datacenters.md).
    if (!scenario_.topology.datacenters.empty()) {
      if (const auto a = r.get("auto_reconfigure")) {
        a->error("\"auto_reconfigure\" does not apply with datacenters; use topology.failover_after_ms");
      }
      if (spec.routing.policy == RoutingPolicy::Home) {
        r.errorAt(r.pathOf("routing"), "routing policy \"home\" is not supported with datacenters yet; "
                                       "clients name their datacenter (\"dc\") or a node");
      }
    }
  }

  void parseConflicts(const JsonReader& r) {
    ConflictsSpec& spec = scenario_.replication.conflicts;
    if (!r.expectObject({"detect", "resolve", "priority", "timestamps", "on_read"})) return;
    if (const auto v = r.get("detect")) spec.detect = readChoice(*v, "detect", kDetects).value_or(spec.detect);
    // The resolver the other keys are checked against: nullopt when the
    // name itself is wrong (then those checks would only add noise).
    std::optional<std::string> resolve = spec.resolve;
    if (const auto v = r.get("resolve")) resolve = parseResolver(*v);
    if (resolve) spec.resolve = *resolve;
    if (const auto v = r.get("priority")) {
      if (resolve && *resolve != "replica-priority") v->error("\"priority\" only applies to resolve \"replica-priority\"");
      spec.priority = nodeList(*v);
    }
    if (const auto v = r.get("timestamps")) spec.timestamps = readChoice(*v, "timestamps", kTimestamps).value_or(spec.timestamps);
    if (const auto v = r.get("on_read")) {
      if (resolve && *resolve != "siblings") v->error("\"on_read\" only applies to resolve \"siblings\"");
      spec.onRead = v->nonEmptyString().value_or("");
      if (!spec.onRead.empty() && !isReadResolver(spec.onRead)) {
        v->error(fmt::format("unknown read resolver {} (none of that name is registered)", JsonReader::quote(spec.onRead)));
      }
    }
  }

  // The canonical name of a known resolver (even one of the spec that is
  // not implemented yet, which is an error of its own), or nullopt for a
  // wrong name. Registered custom resolvers count as implemented.
  std::optional<std::string> parseResolver(const JsonReader& r) const {
    const auto name = r.nonEmptyString();
    if (!name) return std::nullopt;
    if (isImplementedResolver(*name)) return canonicalResolverName(*name);
    const auto& specNames = specResolverNames();
    const auto available = implementedResolverNames();
    if (std::find(specNames.begin(), specNames.end(), *name) == specNames.end()) {
      Keys candidates(specNames.begin(), specNames.end());
      for (const std::string& a : available)
        if (std::find(specNames.begin(), specNames.end(), a) == specNames.end()) candidates.push_back(a);
      std::string message = fmt::format("unknown resolver {}", JsonReader::quote(*name));
      if (const auto alias = resolverForAlias(*name)) message += fmt::format("; did you mean \"{}\"?", *alias);
      else if (const auto close = JsonReader::closestMatch(*name, candidates))
        message += fmt::format("; did you mean \"{}\"?", *close);
      r.error(fmt::format("{} (known resolvers: {})", message, JsonReader::join(candidates)));
      return std::nullopt;
    }
    r.error(fmt::format("resolver {} is not implemented yet; available: {}", JsonReader::quote(*name),
                        JsonReader::join(Keys(available.begin(), available.end()))));
    return canonicalResolverName(*name);
  }

  // {"A": {"offset_ms": 50, "drift_ppm": 100}}
  void parseClocks(const JsonReader& r) {
    for (const auto& [name, clock] : r.members()) {
      if (nodesKnown_ && !nodes_.count(name)) {
        clock.error(JsonReader::unknownMessage("node", name, suggestionsFor(false)));
      }
      if (!clock.expectObject({"offset_ms", "drift_ppm"})) continue;
      ClockSpec spec;
      if (const auto v = clock.get("offset_ms")) spec.offsetMs = v->number(Range::between(-kMaxMs, kMaxMs)).value_or(0.0);
      // A drift of -1e6 ppm stops the clock; beyond that it would run backwards.
      if (const auto v = clock.get("drift_ppm")) spec.driftPpm = v->number(Range::between(-1e6, 1e6)).value_or(0.0);
      scenario_.replication.clocks[name] = spec;
    }
  }

  void parseRouting(const JsonReader& r) {
    RoutingSpec& spec = scenario_.replication.routing;
    if (!r.expectObject({"policy", "home", "failover"})) return;
    std::optional<RoutingPolicy> policy = spec.policy;
    if (const auto v = r.get("policy")) {
      policy = readChoice(*v, "policy", kRoutingPolicies);
      spec.policy = policy.value_or(spec.policy);
    }
    for (const std::string_view key : {"home", "failover"}) {
      if (r.has(key) && policy == RoutingPolicy::Direct) {
        r.errorAt(r.pathOf(key), fmt::format("{} only applies to policy \"home\"", JsonReader::quote(key)));
      }
    }
    if (const auto v = r.get("home")) {
      for (const auto& [key, leader] : v->members()) {
        if (key.empty()) leader.error("a key name must not be empty");
        if (const auto name = nodeRef(leader, true)) spec.home[key] = *name;
      }
    }
    if (const auto v = r.get("failover")) spec.failover = v->boolean().value_or(false);
  }

  // --- client operations ---------------------------------------------------

  void parseWrites(const JsonReader& r) {
    for (const auto& w : r.elements()) {
      if (!w.json().is_object()) {
        w.error(fmt::format("expected a write object such as {}, got {}", kWriteExample, JsonReader::describeType(w.json())));
        continue;
      }
      w.expectObject({"at_ms", "leader", "dc", "key", "op", "value"});
      ClientOp op;
      op.jsonPath = w.path();
      const std::string shape = fmt::format(" (a write looks like {})", kWriteExample);
      if (const auto v = w.get("at_ms")) op.at = readTime(*v).value_or(SimTime::zero());
      else w.error(fmt::format("missing required key \"at_ms\"{}", shape));
      const auto leader = w.get("leader");
      const auto dc = w.get("dc");
      if (leader && dc) w.error("give either \"leader\" or \"dc\", not both");
      if (!leader && !dc) w.error(fmt::format("missing required key \"leader\" (or \"dc\"){}", shape));
      if (leader) op.leader = nodeRef(*leader).value_or("");
      if (dc) op.dc = datacenterRef(*dc).value_or("");
      if (const auto v = w.get("key")) op.key = v->nonEmptyString().value_or("");
      else w.error(fmt::format("missing required key \"key\"{}", shape));
      std::optional<OpKind> kind = OpKind::Set;
      if (const auto v = w.get("op")) kind = readChoice(*v, "op", opKinds());
      if (kind) {  // whether "value" belongs depends on the op
        op.op = *kind;
        op.value = parseValue(w, *kind);
      }
      scenario_.writes.push_back(std::move(op));
    }
  }

  // A datacenter name in an operation or fault.
  std::optional<std::string> datacenterRef(const JsonReader& r) const {
    auto name = r.string();
    if (!name) return std::nullopt;
    if (scenario_.topology.datacenters.empty()) {
      r.error(fmt::format("unknown datacenter {}: the topology defines no \"datacenters\"", JsonReader::quote(*name)));
      return std::nullopt;
    }
    if (!datacenters_.count(*name)) {
      // Only while the datacenter list parsed cleanly: otherwise the name may well be right.
      if (nodesKnown_) r.error(JsonReader::unknownMessage("datacenter", *name, Keys(datacenters_.begin(), datacenters_.end())));
      return std::nullopt;
    }
    return name;
  }

  // The operation's value as text: a string as is, a number as its JSON
  // text (5 -> "5"); for incr the integer delta, "1" by default.
  std::string parseValue(const JsonReader& w, OpKind op) const {
    const auto v = w.get("value");
    const std::string opName = JsonReader::quote(toString(op));
    switch (op) {
      case OpKind::Set:
      case OpKind::Insert:
      case OpKind::Update:
        if (!v) {
          w.error(fmt::format("missing required key \"value\" (op {} writes a value)", opName));
          return "";
        }
        if (v->json().is_string()) return v->json().get<std::string>();
        if (v->json().is_number()) return JsonReader::describeValue(v->json());
        v->error(fmt::format("expected a string or a number, got {}", JsonReader::describeType(v->json())));
        return "";
      case OpKind::Delete:
      case OpKind::Read:
        if (v) v->error(fmt::format("\"value\" is not allowed with op {}", opName));
        return "";
      case OpKind::Incr: {
        if (!v) return "1";
        if (v->json().is_number()) {
          const auto delta = v->integer();
          return delta ? std::to_string(*delta) : "";
        }
        if (v->json().is_string()) {
          const auto& text = v->json().get_ref<const std::string&>();
          int64_t delta = 0;
          const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), delta);
          if (ec == std::errc() && ptr == text.data() + text.size()) return std::to_string(delta);
        }
        v->error(fmt::format("expected an integer delta (a number or a numeric string), got {}", JsonReader::describeValue(v->json())));
        return "";
      }
    }
    return "";
  }

  void parseWorkload(const JsonReader& r) {
    if (!r.expectObject({"leaders", "rate_per_s", "start_ms", "duration_ms", "keys", "key_distribution", "zipf_s",
                         "read_fraction", "ops", "document"})) {
      return;
    }
    WorkloadSpec spec;
    spec.leaders = scenario_.topology.leaders;  // "all", the default
    if (const auto v = r.get("leaders")) {
      if (v->json().is_array()) {
        spec.leaders = nodeList(*v, true);
      } else if (v->json() != "all") {
        v->error(fmt::format("expected \"all\" or a list of leaders, got {}", JsonReader::describeValue(v->json())));
      }
    }
    if (const auto v = r.get("rate_per_s")) spec.ratePerS = v->number(Range::above(0)).value_or(spec.ratePerS);
    // start_ms is an extension of the format: when the generated operations
    // begin (default 0), so that a workload can follow scripted writes.
    if (const auto v = r.get("start_ms")) spec.start = readTime(*v).value_or(spec.start);
    if (const auto v = r.get("duration_ms")) spec.duration = readTime(*v, kPositiveTime).value_or(spec.duration);
    if (const auto v = r.get("keys")) spec.keys = static_cast<int>(v->integer(1, INT_MAX).value_or(spec.keys));
    std::optional<bool> zipf = false;
    if (const auto v = r.get("key_distribution")) zipf = readChoice(*v, "key_distribution", kKeyDistributions);
    spec.zipf = zipf.value_or(false);
    if (const auto v = r.get("zipf_s")) {
      // Beside a document, the error below (does not combine) says it better.
      if (zipf == false && !r.has("document")) v->error("\"zipf_s\" only applies to key_distribution \"zipf\"");
      spec.zipfS = v->number(Range::above(0)).value_or(spec.zipfS);
    }
    if (const auto v = r.get("read_fraction")) spec.readFraction = v->number(kProbability).value_or(0.0);
    if (const auto v = r.get("ops")) spec.ops = parseOpWeights(*v);
    // document is an extension of the format (docs/collaborative-editing.md):
    // the keys are the document's units, so the key settings cannot apply.
    if (const auto v = r.get("document")) {
      spec.document = parseDocument(*v);
      for (const std::string_view key : {"keys", "key_distribution", "zipf_s"})
        if (const auto k = r.get(key))
          k->error(fmt::format("\"{}\" does not combine with \"document\": a document workload's keys are its units "
                               "(doc, doc/p<i> or doc/p<i>/c<j>, by granularity)",
                               key));
    }
    scenario_.workload = std::move(spec);
  }

  // {"paragraphs": 8, "chars_per_paragraph": 40, "granularity": "character"}:
  // sizes are positive (default 8 and 40); granularity is required, since
  // it is what a document workload is about.
  DocumentSpec parseDocument(const JsonReader& r) const {
    DocumentSpec doc;
    if (!r.expectObject({"paragraphs", "chars_per_paragraph", "granularity"})) return doc;
    if (const auto v = r.get("paragraphs")) doc.paragraphs = static_cast<int>(v->integer(1, INT_MAX).value_or(doc.paragraphs));
    if (const auto v = r.get("chars_per_paragraph"))
      doc.charsPerParagraph = static_cast<int>(v->integer(1, INT_MAX).value_or(doc.charsPerParagraph));
    if (const auto v = r.require("granularity"))
      doc.granularity = readChoice(*v, "granularity", documentGranularities()).value_or(doc.granularity);
    return doc;
  }

  // {"set": 0.8, "incr": 0.2}: weights >= 0, not all zero, kept in the
  // order set, insert, update, delete, incr without the zero ones.
  std::vector<std::pair<OpKind, double>> parseOpWeights(const JsonReader& r) const {
    std::vector<std::pair<OpKind, double>> ops;
    if (!r.expectObject({"set", "insert", "update", "delete", "incr"})) return ops;
    const size_t errorsBefore = r.errorCount();
    for (const OpKind op : {OpKind::Set, OpKind::Insert, OpKind::Update, OpKind::Delete, OpKind::Incr}) {
      const auto v = r.get(toString(op));
      const auto weight = v ? v->number(Range::atLeast(0)) : std::nullopt;
      if (weight && *weight > 0) ops.emplace_back(op, *weight);
    }
    if (ops.empty() && r.errorCount() == errorsBefore) r.error("expected at least one op with a weight > 0");
    return ops;
  }

  // --- faults --------------------------------------------------------------

  void parseFaults(const JsonReader& r) {
    Keys allowed = {"at_ms", "both"};
    for (const auto& c : faultKinds()) allowed.push_back(c.name);
    for (const auto& f : r.elements()) {
      if (!f.json().is_object()) {
        f.error(fmt::format("expected a fault object such as {}, got {}", kFaultExample, JsonReader::describeType(f.json())));
        continue;
      }
      f.expectObject(allowed);
      FaultSpec spec;
      spec.jsonPath = f.path();
      if (const auto v = f.get("at_ms")) spec.at = readTime(*v).value_or(SimTime::zero());
      else f.error(fmt::format("missing required key \"at_ms\" (a fault looks like {})", kFaultExample));
      Keys actions;
      for (const auto& c : faultKinds()) {
        if (f.has(c.name)) {
          actions.push_back(c.name);
          spec.kind = c.value;
        }
      }
      if (actions.empty()) {
        f.error(fmt::format("a fault needs an action, one of: {}; for example {}", JsonReader::join(namesOf(faultKinds())),
                            kFaultExample));
        continue;
      }
      if (actions.size() > 1) {
        f.error(fmt::format("a fault takes exactly one action, got {}: {}", actions.size(), JsonReader::join(actions, " and ")));
        continue;
      }
      const bool isLinkFault = spec.kind == FaultKind::LinkDown || spec.kind == FaultKind::LinkUp;
      if (const auto v = f.get("both")) {
        if (isLinkFault) spec.both = v->boolean().value_or(false);
        else v->error("\"both\" only applies to link_down and link_up");
      }
      const size_t errorsBefore = errors_.size();
      parseFaultAction(*f.get(actions.front()), spec);
      // A wrongly shaped action is answered with the right shape.
      for (size_t i = errorsBefore; i < errors_.size(); ++i)
        errors_[i].message += fmt::format(" (a {} fault looks like {})", actions.front(), faultExample(spec.kind));
      scenario_.faults.push_back(std::move(spec));
    }
  }

  void parseFaultAction(const JsonReader& a, FaultSpec& spec) const {
    switch (spec.kind) {
      case FaultKind::Crash:
      case FaultKind::Recover:
      case FaultKind::Offline:
      case FaultKind::Online:
        spec.node = nodeRef(a).value_or("");
        break;
      case FaultKind::CrashDatacenter:
      case FaultKind::RecoverDatacenter:
        spec.node = datacenterRef(a).value_or("");
        break;
      case FaultKind::LinkDown:
      case FaultKind::LinkUp:
        if (const auto link = nodePair(a)) spec.link = *link;
        break;
      case FaultKind::Partition: {
        const auto groups = a.elements();
        if (a.json().is_array() && groups.size() < 2) a.error("expected at least 2 groups of nodes");
        PathByName groupOf;  // a node may be in one group only
        for (const auto& g : groups) {
          std::vector<std::string> group;
          const auto members = g.elements();
          if (g.json().is_array() && members.empty()) g.error("expected at least one node");
          for (const auto& m : members) {
            if (const auto name = nodeRef(m); name && noteFirst(groupOf, *name, m, "node")) group.push_back(*name);
          }
          spec.groups.push_back(std::move(group));
        }
        break;
      }
      case FaultKind::Heal:
        if (a.boolean() == false) a.error("\"heal\" must be true");
        break;
      case FaultKind::Resume:
        spec.resume = nodeList(a);
        break;
      case FaultKind::Reconfigure:
        if (!a.expectObject({"add", "remove"})) break;
        if (!a.has("add") && !a.has("remove")) a.error("\"reconfigure\" needs \"add\" or \"remove\"");
        for (const auto& [key, out] : {std::pair{"add", &spec.add}, std::pair{"remove", &spec.remove}}) {
          const auto list = a.get(key);
          if (!list) continue;
          for (const auto& e : list->elements()) {
            if (const auto link = nodePair(e)) out->push_back(*link);
          }
        }
        break;
    }
  }

  // --- limits and expectations ---------------------------------------------

  void parseLimits(const JsonReader& r) {
    LimitsSpec& spec = scenario_.limits;
    if (!r.expectObject({"max_events", "max_hops", "max_memory_mb", "max_ops"})) return;
    if (const auto v = r.get("max_events")) spec.maxEvents = v->unsignedInteger(1).value_or(spec.maxEvents);
    // Caps on what the scenario may need, checked by ResourceEstimate before it runs.
    if (const auto v = r.get("max_memory_mb")) spec.maxMemoryMb = v->unsignedInteger(1, kMaxMemoryMb).value_or(spec.maxMemoryMb);
    if (const auto v = r.get("max_ops")) spec.maxOps = v->unsignedInteger(1, kMaxOps).value_or(spec.maxOps);
    if (const auto v = r.get("max_hops")) {
      spec.maxHops = static_cast<uint32_t>(v->unsignedInteger(1, UINT32_MAX).value_or(spec.maxHops));
    }
  }

  void parseExpect(const JsonReader& r) {
    for (const auto& [path, value] : r.members()) {
      if (path.empty()) {
        value.error("an expectation needs a report path such as \"converged\"");
        continue;
      }
      if (nestedDeeperThan(value.json(), kMaxExpectationDepth)) {
        value.error(fmt::format("the expected value is nested more than {} levels deep", kMaxExpectationDepth));
        continue;
      }
      if (const auto fixed = misspeltComparison(value.json())) {
        value.error(fmt::format("unknown comparison {}; did you mean {}? (comparisons are ==, !=, >=, <=, > and <)",
                                JsonReader::describeValue(value.json()), JsonReader::quote(*fixed)));
        continue;
      }
      scenario_.expect.push_back(Expectation{path, value.json(), value.path()});
    }
  }

  const json& doc_;
  const std::string file_;
  const std::string baseDir_;
  ScenarioErrors errors_;
  Scenario scenario_;
  std::set<std::string> leaders_;      // the topology's leaders
  std::set<std::string> nodes_;        // leaders and datacenter followers
  PathByName definedAt_;               // every node name defined so far
  std::set<std::string> datacenters_;  // datacenter names
  bool nodesKnown_ = false;            // nodes_ is complete and trustworthy
};

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
    const auto doc = JsonReader::parse(text, file, parseErrors);
    if (!doc) return LoadResult{std::nullopt, std::move(parseErrors)};
    LoadResult result = loadScenarioJson(*doc, file, baseDir);
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
    char buffer[1 << 16];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, in.get())) > 0) text.append(buffer, n);
    // A directory opens on Linux and then fails to read (EISDIR).
    if (std::ferror(in.get())) return fail(errno != 0 ? errno : EIO);
    return loadScenarioText(text, path, std::filesystem::path(path).parent_path().string());
  });
}

}  // namespace replsim
