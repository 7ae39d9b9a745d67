// ScenarioParser, leaderless half: replication.mode and the sections mode
// "leaderless" adds (docs/leaderless.md), and the checks that need the
// whole document (what leaderless replication cannot be combined with).
//
// Rule for options of the issue that are not implemented yet: they are
// parsed (so a misspelling is still "unknown key") and refused with "... is
// not supported yet", never silently ignored.
#include "sim/scenario/ScenarioParser.h"

namespace replsim {
namespace scenario_detail {
namespace {

const Choices<ProtocolKind> kModes = {{"multi-leader", ProtocolKind::MultiLeader},
                                         {"leaderless", ProtocolKind::Leaderless}};
const Choices<ReadFanout> kReadFanouts = {{"all", ReadFanout::All}, {"r", ReadFanout::R}};
const Choices<QuorumCoordinator> kCoordinators = {{"node", QuorumCoordinator::Node},
                                                  {"client", QuorumCoordinator::Client}};
const Choices<ReadRepair> kReadRepairs = {{"off", ReadRepair::Off}, {"blocking", ReadRepair::Blocking},
                                          {"async", ReadRepair::Async}};
// The leaderless-only sections of "replication".
const Keys kLeaderlessKeys = {"quorum", "placement", "read_repair", "anti_entropy", "tombstones"};
// Multi-leader options that mean nothing without leaders.
const Keys kMultiLeaderKeys = {"loop_prevention", "forward", "ordering", "routing", "auto_reconfigure"};
constexpr int64_t kMaxVnodes = 1024;

bool isLeaderless(const Scenario& s) { return s.replication.mode == ProtocolKind::Leaderless; }

}  // namespace

void ScenarioParser::parseLeaderless(const JsonReader& r) {
  ReplicationSpec& spec = scenario_.replication;
  if (const auto v = r.get("mode")) {
    if (v->json().is_string() && v->json().get<std::string>() == "single-leader") {
      v->error("single-leader is chosen with topology.kind \"single-leader\" (and topology.leader), not "
               "replication.mode; mode is \"multi-leader\" (the default) or \"leaderless\"");
    } else {
      spec.mode = readChoice(*v, "mode", kModes).value_or(spec.mode);
    }
  }
  if (!isLeaderless(scenario_)) {
    for (const std::string_view key : kLeaderlessKeys)
      if (r.has(key))
        r.errorAt(r.pathOf(key), fmt::format("{} applies only to replication.mode \"leaderless\"", JsonReader::quote(key)));
    return;
  }
  for (const std::string_view key : kMultiLeaderKeys)
    if (r.has(key))
      r.errorAt(r.pathOf(key),
                fmt::format("{} does not apply to replication.mode \"leaderless\" (there are no leaders to "
                            "replicate between)",
                            JsonReader::quote(key)));
  LeaderlessSpec& ll = spec.leaderless;
  if (const auto v = r.get("quorum")) parseQuorum(*v);
  if (const auto p = r.get("placement"); p && p->expectObject({"vnodes"})) {
    if (const auto v = p->get("vnodes")) ll.vnodes = static_cast<int>(v->integer(1, kMaxVnodes).value_or(ll.vnodes));
  }
  if (const auto v = r.get("read_repair")) ll.readRepair = readChoice(*v, "read_repair", kReadRepairs).value_or(ll.readRepair);
  if (const auto a = r.get("anti_entropy"); a && a->expectObject({"interval_ms"})) {
    if (const auto v = a->require("interval_ms")) ll.antiEntropyInterval = readTime(*v, kPositiveTime);
    if (!scenario_.until)
      a->error("anti_entropy needs until_ms at the root: its rounds go on for ever, so the run must be told when to "
               "stop");
  }
  if (const auto t = r.get("tombstones"); t && t->expectObject({"gc_grace_ms"})) {
    if (const auto v = t->require("gc_grace_ms")) ll.gcGrace = readTime(*v);
  }
}

void ScenarioParser::parseQuorum(const JsonReader& r) {
  QuorumSpec& q = scenario_.replication.leaderless.quorum;
  if (!r.expectObject({"n", "w", "r", "read_fanout", "coordinator", "sloppy", "hinted_handoff", "hint_window_ms",
                       "timeout_ms"})) {
    return;
  }
  // n against the node count, once the nodes are known.
  const int64_t nodes = static_cast<int64_t>(scenario_.topology.leaders.size());
  if (const auto v = r.get("n")) {
    if (const auto n = v->integer(1, kMaxLeaderCount)) {
      q.n = static_cast<int>(*n);
      if (nodesKnown_ && *n > nodes)
        v->error(fmt::format("n {} exceeds the {} nodes of the topology: each key needs n distinct replicas", *n,
                             nodes));
    }
  } else if (nodesKnown_ && nodes < q.n) {
    r.error(fmt::format("n defaults to 3 but the topology has {} node(s); give \"n\" (at most {})", nodes, nodes));
  }
  for (const std::string_view key : {"w", "r"}) {
    const auto v = r.get(key);
    if (!v) continue;
    const auto value = v->integer(1, kMaxLeaderCount);
    if (!value) continue;
    (key == "w" ? q.w : q.r) = static_cast<int>(*value);
    if (*value > q.n)
      v->error(fmt::format("{} {} exceeds n {}: {} cannot wait for more replicas than a key has", key, *value, q.n,
                           key == "w" ? "a write" : "a read"));
  }
  if (!r.has("w") && q.w > q.n) r.error(fmt::format("w defaults to 2 but n is {}; give \"w\" (1 to {})", q.n, q.n));
  if (!r.has("r") && q.r > q.n) r.error(fmt::format("r defaults to 2 but n is {}; give \"r\" (1 to {})", q.n, q.n));
  if (const auto v = r.get("read_fanout")) q.readFanout = readChoice(*v, "read_fanout", kReadFanouts).value_or(q.readFanout);
  if (const auto v = r.get("coordinator")) {
    q.coordinator = readChoice(*v, "coordinator", kCoordinators).value_or(q.coordinator);
    if (q.coordinator == QuorumCoordinator::Client)
      v->error("coordinator \"client\" is not supported yet; only \"node\" (the contacted node coordinates)");
  }
  if (const auto v = r.get("sloppy")) q.sloppy = v->boolean().value_or(false);
  if (const auto v = r.get("hinted_handoff")) q.hintedHandoff = v->boolean().value_or(q.hintedHandoff);
  if (const auto v = r.get("hint_window_ms")) {
    if (const auto t = readTime(*v, kPositiveTime)) q.hintWindow = *t;
    if (!q.hintedHandoff) v->error("hint_window_ms only applies with \"hinted_handoff\": true (the default)");
  }
  if (q.sloppy && !q.hintedHandoff)
    r.errorAt(r.pathOf("sloppy"), "a sloppy quorum needs \"hinted_handoff\": true, the default (fallback nodes take "
                                  "the writes of unreachable replicas as hints)");
  if (const auto v = r.get("timeout_ms")) q.timeout = readTime(*v, kPositiveTime).value_or(q.timeout);
}

void ScenarioParser::checkLeaderless(const JsonReader& root) {
  if (!isLeaderless(scenario_)) return;
  const TopologySpec& topo = scenario_.topology;
  if (topo.kind != TopologyKind::AllToAll)
    root.errorAt("/topology/kind",
                 fmt::format("replication.mode \"leaderless\" needs topology kind \"all-to-all\" (a coordinator "
                             "talks to each replica directly), got {}",
                             JsonReader::quote(toString(topo.kind))));
  if (!topo.datacenters.empty())
    root.errorAt("/topology/datacenters", "datacenters are not supported yet with replication.mode \"leaderless\"");
  const ConflictsSpec& c = scenario_.replication.conflicts;
  if (c.detect != Detect::Async)
    root.errorAt("/replication/conflicts/detect", "detect \"sync\" does not apply to replication.mode \"leaderless\" "
                                                  "(quorums are how a leaderless write is confirmed)");
  // lww (the default) or siblings with dotted version vectors (or, for the
  // contrast, per-vnode clocks): docs/leaderless.md, "Siblings".
  if (c.resolve != "lww" && c.resolve != "siblings")
    root.errorAt("/replication/conflicts/resolve",
                 fmt::format("resolve {} is not supported with replication.mode \"leaderless\"; only \"lww\" and "
                             "\"siblings\"",
                             JsonReader::quote(c.resolve)));
  if (c.resolve == "siblings") {
    if (!c.onRead.empty())
      root.errorAt("/replication/conflicts/on_read",
                   "on_read is not supported yet with replication.mode \"leaderless\": a read returns every sibling "
                   "and the client's next write (with the read's context) settles them");
    if (scenario_.replication.leaderless.gcGrace)
      root.errorAt("/replication/tombstones/gc_grace_ms",
                   "tombstones are never purged with resolve \"siblings\" (a tombstone is a sibling until a write "
                   "whose context covers it replaces it); remove tombstones.gc_grace_ms");
  }
  const auto opAllowed = [](OpKind op) { return op == OpKind::Set || op == OpKind::Delete || op == OpKind::Read; };
  for (const ClientOp& op : scenario_.writes)
    if (!opAllowed(op.op))
      root.errorAt(op.jsonPath + "/op",
                   fmt::format("op {} is not supported yet with replication.mode \"leaderless\"; only \"set\", "
                               "\"delete\" and \"read\"",
                               JsonReader::quote(toString(op.op))));
  if (scenario_.workload) {
    for (const auto& [op, weight] : scenario_.workload->ops)
      if (!opAllowed(op) && weight > 0)
        root.errorAt("/workload/ops/" + std::string(toString(op)),
                     fmt::format("op {} is not supported yet with replication.mode \"leaderless\"; only \"set\" "
                                 "and \"delete\" (and read_fraction for reads)",
                                 JsonReader::quote(toString(op))));
    if (scenario_.workload->document)
      root.errorAt("/workload/document", "a document workload is not supported yet with replication.mode "
                                         "\"leaderless\"");
  }
  for (const FaultSpec& f : scenario_.faults) {
    const bool supported = f.kind == FaultKind::Crash || f.kind == FaultKind::Recover ||
                           f.kind == FaultKind::LinkDown || f.kind == FaultKind::LinkUp ||
                           f.kind == FaultKind::Partition || f.kind == FaultKind::Heal ||
                           f.kind == FaultKind::Offline || f.kind == FaultKind::Online;
    if (!supported)
      root.errorAt(f.jsonPath, fmt::format("fault {} is not supported yet with replication.mode \"leaderless\"",
                                           JsonReader::quote(toString(f.kind))));
  }
}

}  // namespace scenario_detail
}  // namespace replsim
