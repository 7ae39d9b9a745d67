#pragma once
// ScenarioParser: the loader proper (ScenarioLoader.h is its API): one
// instance per document; its parse*() methods fill a Scenario and record
// every problem, with its JSON path, through JsonReader. Internal to
// sim/scenario: ScenarioLoader.cpp (nodes, topology, links) and
// ScenarioParser.cpp (replication, writes, workload, faults, limits, expect)
// define its members; the helpers and choice tables above it serve both.

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

#include "sim/scenario/ScenarioLoader.h"

namespace replsim {
namespace scenario_detail {

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

inline const Choices<TopologyKind>& topologyKinds() {
  static const auto choices = choicesOf({TopologyKind::AllToAll, TopologyKind::Ring, TopologyKind::BidirectionalRing,
                                         TopologyKind::Star, TopologyKind::Line, TopologyKind::Tree,
                                         TopologyKind::Custom, TopologyKind::File, TopologyKind::SingleLeader});
  return choices;
}
inline const Choices<OpKind>& opKinds() {
  static const auto choices = choicesOf({OpKind::Set, OpKind::Insert, OpKind::Update, OpKind::Delete, OpKind::Incr,
                                         OpKind::Read});
  return choices;
}
inline const Choices<LoopPrevention>& loopPreventions() {
  static const auto choices =
      choicesOf({LoopPrevention::Path, LoopPrevention::Origin, LoopPrevention::Seen, LoopPrevention::None});
  return choices;
}
// In the order a "needs one action" message lists them.
inline const Choices<FaultKind>& faultKinds() {
  static const auto choices =
      choicesOf({FaultKind::Crash, FaultKind::Recover, FaultKind::Offline, FaultKind::Online, FaultKind::LinkDown,
                 FaultKind::LinkUp, FaultKind::Partition, FaultKind::Heal, FaultKind::Resume, FaultKind::Reconfigure,
                 FaultKind::CrashDatacenter, FaultKind::RecoverDatacenter});
  return choices;
}
const Choices<Ordering> kOrderings = {{"none", Ordering::None}, {"causal", Ordering::Causal}};
const Choices<Detect> kDetects = {{"async", Detect::Async}, {"sync", Detect::Sync}};
const Choices<Timestamps> kTimestamps = {{"lamport", Timestamps::Lamport}, {"clock", Timestamps::Clock}};
const Choices<SiblingClockKind> kSiblingClocks = {{"dotted", SiblingClockKind::Dotted}, {"vnode", SiblingClockKind::Vnode}};
const Choices<RoutingPolicy> kRoutingPolicies = {{"direct", RoutingPolicy::Direct}, {"home", RoutingPolicy::Home}};
inline const Choices<DocumentGranularity>& documentGranularities() {
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
    {"exponential", LatencyDistribution::Kind::Exponential},
    {"pareto", LatencyDistribution::Kind::Pareto},
    {"mixture", LatencyDistribution::Kind::Mixture}};
// A mixture's parts: at most this many, and nested at most this deep.
constexpr size_t kMaxMixtureParts = 64;
constexpr int kMaxMixtureDepth = 4;

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

inline bool isValidNodeName(const std::string& name) {
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

inline std::string faultExample(FaultKind kind) {
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
inline std::optional<std::string> misspeltComparison(const json& expected) {
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

inline std::optional<SimTime> readTime(const JsonReader& r, const Range& range = kTime) {
  const auto ms = r.number(range);
  if (!ms) return std::nullopt;
  return SimTime::fromMs(*ms);
}

// Records "duplicate <what> "x" (first at /path)" unless `name` is new.
inline bool noteFirst(PathByName& seen, const std::string& name, const JsonReader& r, std::string_view what) {
  const auto [it, inserted] = seen.try_emplace(name, r.path());
  if (!inserted) r.error(fmt::format("duplicate {} {} (first at {})", what, JsonReader::quote(name), it->second));
  return inserted;
}

inline bool nestedDeeperThan(const json& value, int depth) {
  if (!value.is_structured()) return false;
  if (depth == 0) return true;
  return std::any_of(value.begin(), value.end(), [depth](const json& child) { return nestedDeeperThan(child, depth - 1); });
}

// A number as DOT attributes carry it ("30", "0.5"): the whole text must be
// a finite number.
inline std::optional<double> parseDecimal(const std::string& text) {
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
  // `flatWrites`: the writes JsonReader::parse kept out of `doc` (null in
  // their place), if any; made by flatWritesTable().
  ScenarioParser(const json& doc, const std::string& file, const std::string& baseDir,
                 const FlatObjectArray* flatWrites = nullptr)
      : doc_(doc), file_(file), baseDir_(baseDir), flatWrites_(flatWrites) {}

  // The table JsonReader::parse fills with a scenario's plain writes.
  static FlatObjectArray flatWritesTable();

  LoadResult run();

 private:
  // --- nodes ---------------------------------------------------------------

  // Declares a leader (in order) / a datacenter follower.
  void addLeader(const std::string& name);

  // A node name being defined: its syntax is checked, not its existence.
  std::optional<std::string> nodeName(const JsonReader& r) const;

  // A reference to a node (or, with `leadersOnly`, to a leader). Existence
  // is only checked while the set of nodes is known: after a broken leaders
  // list every reference would be reported again, which helps nobody.
  std::optional<std::string> nodeRef(const JsonReader& r, bool leadersOnly = false) const;

  // The names "did you mean" may pick from.
  Keys suggestionsFor(bool leadersOnly) const;

  // A list of distinct node references.
  std::vector<std::string> nodeList(const JsonReader& r, bool leadersOnly = false) const;

  // ["A", "B"]: two different nodes, for links.
  std::optional<std::pair<std::string, std::string>> nodePair(const JsonReader& r) const;

  // --- root ----------------------------------------------------------------

  void parseRoot(const JsonReader& root);

  // --- topology ------------------------------------------------------------

  void parseTopology(const JsonReader& t);

  // ["A", "B"] or {"count": n} (L1..Ln).
  void parseLeaders(const JsonReader& r);

  void parseDatacenters(const JsonReader& r, bool leadersGiven);

  // With datacenters, a "leaders" list may only name the datacenters'
  // leaders: every node belongs to a datacenter.
  void checkLeadersLeadDatacenters(const JsonReader& leaders) const;

  // [["A","B"], ["B","C", {"both": true, "latency_ms": 30}]]. Without a
  // "leaders" list the leaders are the endpoints in order of appearance.
  void parseCustomEdges(const JsonReader& t, bool leadersGiven);

  std::optional<std::string> edgeEndpoint(const JsonReader& r, bool leadersGiven);

  // kind "file": a GraphViz DOT file, relative to the scenario's folder.
  void parseDotFile(const JsonReader& t, bool leadersGiven);

  // A DOT edge with its link settings read from the attributes latency_ms,
  // loss, retry_ms, fifo and both; problems are reported at `path` (the
  // "path" key), naming the edge. nullopt for a self-loop.
  static std::optional<EdgeSpec> edgeFromDot(const DotEdge& d, const JsonReader& path);

  // --- links ---------------------------------------------------------------

  // A number >= 0 (fixed) or {"dist": ..., parameters..., "min": floor}.
  std::optional<LatencyDistribution> parseLatency(const JsonReader& r, int depth = 0) const;
  // {"dist": "mixture", "of": [{"weight": P, "dist": D}, ...]}: the parts (r is the mixture object).
  bool parseMixture(const JsonReader& r, LatencyDistribution& dist, int depth) const;

  // latency_ms, by_kind, fifo, loss, retry_ms of an object whose keys the caller checked.
  LinkSettings parseLinkSettings(const JsonReader& r) const;

  void parseLinks(const JsonReader& r);

  // Checks that need the built topology: link overrides and link faults must
  // name links that exist (faults: at their time, after the reconfigurations
  // before them). Runs only on an otherwise valid scenario, since
  // Topology::build requires one, and only when there is something to check.
  void checkAgainstTopology();

  // --- replication ---------------------------------------------------------

  void parseReplication(const JsonReader& r);

  void parseConflicts(const JsonReader& r);

  // The canonical name of a known resolver (even one of the spec that is
  // not implemented yet, which is an error of its own), or nullopt for a
  // wrong name. Registered custom resolvers count as implemented.
  std::optional<std::string> parseResolver(const JsonReader& r) const;

  // {"A": {"offset_ms": 50, "drift_ppm": 100}}
  void parseClocks(const JsonReader& r);

  void parseRouting(const JsonReader& r);

  // replication.mode and what mode "leaderless" adds (quorum, placement,
  // read_repair, anti_entropy, tombstones); LeaderlessParser.cpp.
  void parseLeaderless(const JsonReader& replication);
  void parseQuorum(const JsonReader& r);
  // After the whole document: what a leaderless scenario may not combine
  // with (topology kinds, multi-leader options, ops, faults).
  void checkLeaderless(const JsonReader& root);
  // Its topology half: all-to-all only; with datacenters, sets
  // topology.datacenterMesh and refuses failover; refuses reconfigure/resume.
  void checkLeaderlessTopology(const JsonReader& root);

  // --- client operations ---------------------------------------------------

  void parseWrites(const JsonReader& r);
  // One write object (any JSON value), with every problem reported.
  void parseWrite(const JsonReader& w);
  // Write `index` of flatWrites_ when it is a plain, valid write (the
  // common case, checked without building JSON); nullopt when it needs
  // parseWrite, which then finds and words its problems.
  std::optional<ClientOp> plainFlatWrite(const JsonReader& writes, std::size_t index) const;

  // A datacenter name in an operation or fault.
  std::optional<std::string> datacenterRef(const JsonReader& r) const;

  // The operation's value as text: a string as is, a number as its JSON
  // text (5 -> "5"); for incr the integer delta, "1" by default.
  std::string parseValue(const JsonReader& w, OpKind op) const;

  void parseWorkload(const JsonReader& r);

  // {"paragraphs": 8, "chars_per_paragraph": 40, "granularity": "character"}:
  // sizes are positive (default 8 and 40); granularity is required, since
  // it is what a document workload is about.
  DocumentSpec parseDocument(const JsonReader& r) const;

  // {"set": 0.8, "incr": 0.2}: weights >= 0, not all zero, kept in the
  // order set, insert, update, delete, incr without the zero ones.
  std::vector<std::pair<OpKind, double>> parseOpWeights(const JsonReader& r) const;

  // --- faults --------------------------------------------------------------

  void parseFaults(const JsonReader& r);

  void parseFaultAction(const JsonReader& a, FaultSpec& spec) const;

  // --- limits and expectations ---------------------------------------------

  void parseLimits(const JsonReader& r);

  void parseExpect(const JsonReader& r);

  const json& doc_;
  const std::string file_;
  const std::string baseDir_;
  const FlatObjectArray* flatWrites_;
  ScenarioErrors errors_;
  Scenario scenario_;
  std::set<std::string> leaders_;      // the topology's leaders
  std::set<std::string> nodes_;        // leaders and datacenter followers
  PathByName definedAt_;               // every node name defined so far
  std::set<std::string> datacenters_;  // datacenter names
  bool nodesKnown_ = false;            // nodes_ is complete and trustworthy
  std::vector<std::string> byKindPaths_;  // every links "by_kind" given (leaderless only)
};

}  // namespace scenario_detail
}  // namespace replsim
