#include "sim/scenario/ScenarioParser.h"

namespace replsim {
namespace scenario_detail {

void ScenarioParser::parseReplication(const JsonReader& r) {
  ReplicationSpec& spec = scenario_.replication;
  if (!r.expectObject({"mode", "loop_prevention", "forward", "ordering", "conflicts", "clocks", "routing",
                       "auto_reconfigure", "quorum", "placement", "read_repair", "anti_entropy", "tombstones"})) {
    return;
  }
  parseLeaderless(r);  // mode and the leaderless sections (LeaderlessParser.cpp)
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

void ScenarioParser::parseConflicts(const JsonReader& r) {
  ConflictsSpec& spec = scenario_.replication.conflicts;
  if (!r.expectObject({"detect", "resolve", "priority", "timestamps", "on_read", "clock"})) return;
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
  if (const auto v = r.get("clock")) {  // leaderless siblings: checked in checkLeaderless
    if (resolve && *resolve != "siblings") v->error("\"clock\" only applies to resolve \"siblings\"");
    else if (scenario_.replication.mode != ProtocolKind::Leaderless)
      v->error("\"clock\" only applies to replication.mode \"leaderless\" (multi-leader siblings keep the writes' "
               "own contexts)");
    spec.clock = readChoice(*v, "clock", kSiblingClocks).value_or(spec.clock);
    spec.clockSet = true;
  }
  if (const auto v = r.get("on_read")) {
    if (resolve && *resolve != "siblings") v->error("\"on_read\" only applies to resolve \"siblings\"");
    spec.onRead = v->nonEmptyString().value_or("");
    if (!spec.onRead.empty() && !isReadResolver(spec.onRead)) {
      v->error(fmt::format("unknown read resolver {} (none of that name is registered)", JsonReader::quote(spec.onRead)));
    }
  }
}

std::optional<std::string> ScenarioParser::parseResolver(const JsonReader& r) const {
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

void ScenarioParser::parseClocks(const JsonReader& r) {
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

void ScenarioParser::parseRouting(const JsonReader& r) {
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

// The keys of a plain write, in the order of FlatField.
namespace {
enum FlatField : uint8_t { kFlatAt, kFlatLeader, kFlatKey, kFlatValue, kFlatOp };
}

FlatObjectArray ScenarioParser::flatWritesTable() {
  // ("dc" is not among them: a write that names a datacenter takes the ordinary path)
  return FlatObjectArray("writes", {"at_ms", "leader", "key", "value", "op"});
}

void ScenarioParser::parseWrites(const JsonReader& r) {
  if (!r.expectArray()) return;
  const size_t n = r.json().size();
  scenario_.writes.reserve(scenario_.writes.size() + n);  // (64,000 writes: no regrowth, no copies)
  for (size_t i = 0; i < n; ++i) {
    if (!flatWrites_ || !flatWrites_->holds(i)) {
      parseWrite(r.elementAs(i, r.json()[i]));
    } else if (auto op = plainFlatWrite(r, i)) {
      scenario_.writes.push_back(std::move(*op));
    } else {
      const json rebuilt = flatWrites_->toJson(i);
      parseWrite(r.elementAs(i, rebuilt));
    }
  }
}

std::optional<ClientOp> ScenarioParser::plainFlatWrite(const JsonReader& writes, size_t index) const {
  // Each check below accepts exactly what parseWrite accepts without an
  // error, and yields the same ClientOp; anything else returns nullopt.
  const FlatObjectArray& flat = *flatWrites_;
  const auto at = flat.get(index, kFlatAt), leader = flat.get(index, kFlatLeader), key = flat.get(index, kFlatKey),
             value = flat.get(index, kFlatValue), opName = flat.get(index, kFlatOp);
  using Type = FlatObjectArray::Type;
  if (!at || !at->isNumber() || !leader || leader->type != Type::String || !key || key->type != Type::String ||
      key->text.empty())
    return std::nullopt;
  const double ms = at->asDouble();  // (readTime)
  if (!std::isfinite(ms) || !kTime.contains(ms)) return std::nullopt;
  if (nodesKnown_ && !nodes_.count(std::string(leader->text))) return std::nullopt;  // (nodeRef)
  ClientOp op;
  if (opName) {  // (readChoice: an exact name)
    if (opName->type != Type::String) return std::nullopt;
    bool known = false;
    for (const auto& c : opKinds())
      if (c.name == opName->text) op.op = c.value, known = true;
    if (!known) return std::nullopt;
  }
  switch (op.op) {  // (parseValue)
    case OpKind::Set:
    case OpKind::Insert:
    case OpKind::Update:
      if (!value) return std::nullopt;
      if (value->type == Type::String) op.value = value->text;
      else if (value->isNumber()) op.value = JsonReader::describeValue(value->toJson());
      else return std::nullopt;
      break;
    case OpKind::Delete:
    case OpKind::Read:
      if (value) return std::nullopt;
      break;
    case OpKind::Incr:
      if (value) return std::nullopt;  // (a delta is read by parseWrite)
      op.value = "1";
      break;
  }
  op.at = SimTime::fromMs(ms);
  op.leader = leader->text;
  op.key = key->text;
  op.jsonPath = writes.pathOf(index);
  return op;
}

void ScenarioParser::parseWrite(const JsonReader& w) {
  if (!w.json().is_object()) {
    w.error(fmt::format("expected a write object such as {}, got {}", kWriteExample, JsonReader::describeType(w.json())));
    return;
  }
  w.expectObject({"at_ms", "leader", "dc", "key", "op", "value"});
  ClientOp op;
  op.jsonPath = w.path();
  static const std::string shape = fmt::format(" (a write looks like {})", kWriteExample);
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

std::optional<std::string> ScenarioParser::datacenterRef(const JsonReader& r) const {
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

std::string ScenarioParser::parseValue(const JsonReader& w, OpKind op) const {
  const auto v = w.get("value");
  const auto opName = [op] { return JsonReader::quote(toString(op)); };  // (for messages only)
  switch (op) {
    case OpKind::Set:
    case OpKind::Insert:
    case OpKind::Update:
      if (!v) {
        w.error(fmt::format("missing required key \"value\" (op {} writes a value)", opName()));
        return "";
      }
      if (v->json().is_string()) return v->json().get<std::string>();
      if (v->json().is_number()) return JsonReader::describeValue(v->json());
      v->error(fmt::format("expected a string or a number, got {}", JsonReader::describeType(v->json())));
      return "";
    case OpKind::Delete:
    case OpKind::Read:
      if (v) v->error(fmt::format("\"value\" is not allowed with op {}", opName()));
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

void ScenarioParser::parseWorkload(const JsonReader& r) {
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

DocumentSpec ScenarioParser::parseDocument(const JsonReader& r) const {
  DocumentSpec doc;
  if (!r.expectObject({"paragraphs", "chars_per_paragraph", "granularity"})) return doc;
  if (const auto v = r.get("paragraphs")) doc.paragraphs = static_cast<int>(v->integer(1, INT_MAX).value_or(doc.paragraphs));
  if (const auto v = r.get("chars_per_paragraph"))
    doc.charsPerParagraph = static_cast<int>(v->integer(1, INT_MAX).value_or(doc.charsPerParagraph));
  if (const auto v = r.require("granularity"))
    doc.granularity = readChoice(*v, "granularity", documentGranularities()).value_or(doc.granularity);
  return doc;
}

std::vector<std::pair<OpKind, double>> ScenarioParser::parseOpWeights(const JsonReader& r) const {
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

void ScenarioParser::parseFaults(const JsonReader& r) {
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

void ScenarioParser::parseFaultAction(const JsonReader& a, FaultSpec& spec) const {
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

void ScenarioParser::parseLimits(const JsonReader& r) {
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

void ScenarioParser::parseExpect(const JsonReader& r) {
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
}  // namespace scenario_detail
}  // namespace replsim
