#include "sim/report/JsonReport.h"

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <optional>
#include <string_view>

#include "sim/replication/LeaderlessProtocol.h"
#include "sim/report/JsonText.h"
#include "sim/report/StopExplanation.h"

namespace replsim {

double jsonMs(SimTime t) { return static_cast<double>(t.us()) / 1000.0; }

namespace {

ReportJson percentileJson(const Percentiles& p) {
  ReportJson j;
  j["p50"] = jsonMs(p.p50);
  j["p99"] = jsonMs(p.p99);
  j["max"] = jsonMs(p.max);
  return j;
}

ReportJson writeNames(const Simulation& sim, const std::vector<uint32_t>& writes) {
  ReportJson a = ReportJson::array();
  for (uint32_t w : writes) a.push_back(sim.writeName(w));
  return a;
}

std::string hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// Keys whose values differ between live replicas, with each replica's values.
ReportJson divergenceJson(const Simulation& sim) {
  std::vector<KeyId> keys(sim.keyCount());
  for (KeyId k = 0; k < keys.size(); ++k) keys[k] = k;
  std::sort(keys.begin(), keys.end(), [&](KeyId a, KeyId b) { return sim.keyName(a) < sim.keyName(b); });
  std::vector<NodeId> everyNode;
  if (!sim.convergencePerKey()) {
    everyNode.resize(sim.nodeCount());
    for (NodeId n = 0; n < everyNode.size(); ++n) everyNode[n] = n;
  }
  ReportJson out = ReportJson::array();
  for (KeyId k : keys) {
    ReportJson perLeader = objectWithCapacity(sim.nodeCount());
    std::optional<std::vector<std::string>> first;
    bool differs = false;
    // Leaderless (n below the node count): only the key's replicas hold it.
    for (NodeId n : sim.convergencePerKey() ? sim.keyReplicas(k) : everyNode) {
      if (sim.replica(n).crashed) continue;
      auto v = sim.values(n, k);
      if (!first) first = v; else differs = differs || v != *first;
      appendMember(perLeader, sim.nodeName(n), std::move(v));
    }
    if (!differs) continue;
    if (out.size() == 100) break;
    out.push_back({{"key", sim.keyName(k)}, {"leaders", std::move(perLeader)}});
  }
  return out;
}

// Every key, in name order, so that listings do not depend on interning order.
std::vector<KeyId> keysByName(const Simulation& sim) {
  std::vector<KeyId> keys(sim.keyCount());
  for (KeyId k = 0; k < keys.size(); ++k) keys[k] = k;
  std::sort(keys.begin(), keys.end(), [&](KeyId a, KeyId b) { return sim.keyName(a) < sim.keyName(b); });
  return keys;
}

// `v` as nlohmann prints it `indent` columns in: its own dump(2) indents
// nested levels from column 0, so every line after the first is shifted.
// (Safe: a dumped string never holds a raw newline, it is escaped.)
void writeIndented(std::ostream& out, const ReportJson& v, unsigned indent) {
  const std::string text = v.dump(2);
  const std::string pad(indent, ' ');
  size_t from = 0;
  for (size_t nl; (nl = text.find('\n', from)) != std::string::npos; from = nl + 1) {
    out.write(text.data() + from, static_cast<std::streamsize>(nl + 1 - from));
    out << pad;
  }
  out.write(text.data() + from, static_cast<std::streamsize>(text.size() - from));
}

// The members of `object` (non-empty) as nlohmann prints them at `indent`,
// each value written by `value(index, key, member, indent of the member)`.
template <class WriteValue>
void writeMembers(std::ostream& out, const ReportJson& object, unsigned indent, WriteValue value) {
  if (object.empty()) {
    out << "{}";
    return;
  }
  const std::string pad(indent + 2, ' ');
  out << "{\n";
  size_t i = 0;
  for (auto it = object.begin(); it != object.end(); ++it, ++i) {
    out << pad << ReportJson(it.key()).dump() << ": ";
    value(i, it.key(), it.value(), indent + 2);
    out << (i + 1 == object.size() ? "\n" : ",\n");
  }
  out << std::string(indent, ' ') << '}';
}

// Leader n's `keys` object, member by member, as buildJsonReport builds it
// and nlohmann's dump(2) would print it `indent` columns in (pinned by the
// goldens). Written straight from the key states: a big run lists millions
// of key copies, and a JSON value and a vector of strings each cost
// several times the text.
void writeKeyListing(std::ostream& out, const Simulation& sim, NodeId n, const std::vector<KeyId>& byName,
                     unsigned indent) {
  const Replica& rep = sim.replica(n);
  const std::string pad(indent + 2, ' ');
  std::string text;
  bool any = false;
  std::vector<std::string> several;
  for (KeyId k : byName) {
    const KeyState& ks = rep.keys[k];
    if (!ks.exists()) continue;
    text += any ? ",\n" : "{\n";
    any = true;
    text += pad;
    appendJsonString(text, sim.keyName(k));
    text += ": ";
    // The values a read returns: one, the common case, read in place.
    const bool single = !ks.hasResolvedValue && ks.siblings().empty();
    if (!single) several = sim.values(n, k);
    const size_t count = single ? 1 : several.size();
    if (count == 0) {
      text += "[]";
      continue;
    }
    text += '[';
    for (size_t i = 0; i < count; ++i) {
      text += i == 0 ? "\n" : ",\n";
      text += pad;
      text += "  ";
      appendJsonString(text, single ? std::string_view(sim.writes()[ks.writer].value) : std::string_view(several[i]));
    }
    text += '\n';
    text += pad;
    text += ']';
    if (text.size() >= (1u << 16)) {  // (written in pieces: a listing can be large)
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
      text.clear();
    }
  }
  if (!any) {
    out << "{}";
    return;
  }
  text += '\n';
  text.append(indent, ' ');
  text += '}';
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

ReportJson nodeNames(const Simulation& sim, const std::vector<NodeId>& nodes) {
  ReportJson a = ReportJson::array();
  for (NodeId n : nodes) a.push_back(sim.nodeName(n));
  return a;
}

// Each datacenter in file order, with who leads it at the end.
ReportJson datacentersJson(const Simulation& sim, const DatacenterDirectory& dcs) {
  ReportJson out = ReportJson::array();
  for (uint32_t d = 0; d < dcs.size(); ++d) {
    ReportJson j;
    j["name"] = dcs[d].name;
    j["leader"] = sim.nodeName(dcs.leader(d));
    j["followers"] = nodeNames(sim, dcs.followers(d));
    j["intra_latency_ms"] = jsonMs(dcs[d].clientLatency);
    out.push_back(j);
  }
  return out;
}

// Each failover with the fate of its lost writes at the end of the run:
// came back (the datacenter's leader has them: replayed, or relayed from
// another datacenter) or still lost — and then which live nodes had
// processed them anyway (a write that reached another datacenter before the
// failover stays there: data its own datacenter never gets, unless a later
// write to the key replaces it).
ReportJson failoversJson(const Simulation& sim, const DatacenterDirectory& dcs, const FreshnessStats& fresh) {
  ReportJson out = ReportJson::array();
  for (const FreshnessStats::FailoverRecord& rec : fresh.failovers) {
    const FailoverEvent& f = rec.failover;
    ReportJson j;
    j["at_ms"] = jsonMs(f.at);
    j["datacenter"] = dcs[f.datacenter].name;
    j["old_leader"] = sim.nodeName(f.oldLeader);
    j["new_leader"] = sim.nodeName(f.newLeader);
    j["lost_writes"] = writeNames(sim, f.lost);
    j["discarded_messages"] = f.discardedMessages;
    j["resynced"] = nodeNames(sim, f.resynced);
    j["rejoin"] = f.replay ? "replay" : "discard";
    j["rejoined_at_ms"] = rec.rejoin ? ReportJson(jsonMs(rec.rejoin->at)) : ReportJson(nullptr);
    if (f.replay) j["replayed"] = writeNames(sim, rec.rejoin ? rec.rejoin->replayed : std::vector<uint32_t>{});
    std::vector<uint32_t> cameBack, stillLost;
    ReportJson reached = ReportJson::object();
    const Replica& leader = sim.replica(dcs.leader(f.datacenter));
    for (uint32_t w : f.lost) {
      const Dot d = sim.writes()[w].dot;
      if (leader.processed.contains(d)) {
        cameBack.push_back(w);
        continue;
      }
      stillLost.push_back(w);
      std::vector<NodeId> holders;
      for (NodeId n = 0; n < sim.nodeCount(); ++n)
        if (!sim.replica(n).crashed && sim.replica(n).processed.contains(d)) holders.push_back(n);
      if (!holders.empty()) reached[sim.writeName(w)] = nodeNames(sim, holders);
    }
    j["came_back"] = writeNames(sim, cameBack);
    j["still_lost"] = writeNames(sim, stillLost);
    j["reached"] = reached;
    out.push_back(j);
  }
  return out;
}

}  // namespace

void appendMember(ReportJson& object, std::string key, ReportJson value) {
  if (object.is_null()) object = ReportJson::object();
  // ordered_map is a vector of pairs: append to it directly.
  auto& members = object.get_ref<ReportJson::object_t&>();
  static_cast<std::vector<ReportJson::object_t::value_type>&>(members).emplace_back(std::move(key), std::move(value));
}

ReportJson objectWithCapacity(size_t members) {
  ReportJson object = ReportJson::object();
  object.get_ref<ReportJson::object_t&>().reserve(members);
  return object;
}

ReportJson buildJsonReport(const Simulation& sim, const RunStats& stats, const RunOutcome& outcome,
                           const FreshnessStats* fresh, KeyListings listings) {
  const Scenario& sc = sim.scenario();
  // (room for every top-level member, those runScenario adds included)
  ReportJson r = objectWithCapacity(32);
  r["replsim_report"] = 1;
  r["scenario"] = sc.name;
  if (!sc.description.empty()) r["description"] = sc.description;
  r["seed"] = sim.seed();
  r["end_ms"] = jsonMs(sim.endTime());
  r["stopped_by"] = outcome.limitReached() ? ReportJson(toString(outcome.reason)) : ReportJson(nullptr);
  if (const std::string explanation = explainStop(outcome, sim); !explanation.empty()) r["stop_message"] = explanation;
  const bool converged = sim.converged();
  r["converged"] = converged;
  if (auto since = sim.convergedSince()) r["convergence_ms"] = jsonMs(*since);
  else r["convergence_ms"] = nullptr;
  r["events"] = sim.eventsProcessed();

  ReportJson topo;
  topo["kind"] = toString(sc.topology.kind);
  topo["nodes"] = sim.topology().names();
  topo["links"] = sim.network().linkCount();
  topo["forward"] = sc.replication.forward.value_or(sim.topology().defaultForward());
  topo["loop_prevention"] = toString(sc.replication.loopPrevention);
  topo["ordering"] = sc.replication.ordering == Ordering::Causal ? "causal" : "none";
  topo["resolver"] = sim.resolverName();
  topo["detect"] = sc.replication.conflicts.detect == Detect::Sync ? "sync" : "async";
  if (sim.leaderless()) topo["mode"] = "leaderless";
  // n below the node count: "converged" is judged among each key's replicas.
  if (sim.convergencePerKey()) topo["converged_among"] = "each key's replicas";
  if (sim.leaderless() && sim.leaderless()->keepsSiblings())  // docs/leaderless.md, "Siblings"
    topo["sibling_clock"] = sc.replication.conflicts.clock == SiblingClockKind::Vnode ? "vnode" : "dotted";
  if (sim.datacenters()) {
    const auto& after = sc.topology.failoverAfter;
    topo["failover_after_ms"] = after ? ReportJson(jsonMs(*after)) : ReportJson(nullptr);
    topo["failover_rejoin"] = toString(sc.topology.failoverRejoin);
  }
  r["topology"] = topo;

  ReportJson leaders = objectWithCapacity(sim.nodeCount());
  // Keys in name order, so the report does not depend on interning order.
  const std::vector<KeyId> byName = listings == KeyListings::InReport ? keysByName(sim) : std::vector<KeyId>{};
  for (NodeId n = 0; n < sim.nodeCount(); ++n) {
    const Replica& rep = sim.replica(n);
    ReportJson l = objectWithCapacity(8);
    l["crashed"] = rep.crashed;
    l["writes_originated"] = rep.writesOriginated;
    l["writes_applied"] = rep.writesApplied;
    l["state_digest"] = hex64(rep.digest);
    if (listings == KeyListings::Streamed) {
      l["keys"] = nullptr;  // writeJsonReport writes it
    } else {
      size_t existing = 0;
      for (KeyId k : byName) existing += rep.keys[k].exists();
      ReportJson kj = objectWithCapacity(existing);
      for (KeyId k : byName)
        if (rep.keys[k].exists()) appendMember(kj, sim.keyName(k), sim.values(n, k));
      l["keys"] = std::move(kj);
    }
    l["role"] = sim.takesWrites(n) ? "leader" : "follower";
    if (const DatacenterDirectory* dcs = sim.datacenters()) l["datacenter"] = (*dcs)[dcs->dcOf(n)].name;
    if (fresh) l["lag_ms"] = percentileJson(fresh->lagUs(n).percentiles());
    appendMember(leaders, sim.nodeName(n), std::move(l));
  }
  r["leaders"] = std::move(leaders);
  if (!converged) r["divergence"] = divergenceJson(sim);

  ReportJson msg;
  msg["sent"] = stats.sent;
  msg["delivered"] = stats.delivered;
  msg["overtaken"] = stats.overtaken;
  msg["held_causal"] = stats.heldCausal;
  msg["held_ms"] = percentileJson(percentiles(stats.heldUs));
  ReportJson dropped;
  for (auto reason : {DropReason::Path, DropReason::Origin, DropReason::Seen, DropReason::Duplicate})
    dropped[toString(reason)] = stats.dropped[static_cast<size_t>(reason)];
  msg["dropped"] = dropped;
  msg["retransmitted"] = sim.network().retransmissions();
  msg["pending_at_end"] = sim.network().inFlight() + sim.network().backlogged() + sim.heldAtEnd();
  msg["discarded_by_reconfigure"] = sim.messagesDiscarded();
  msg["streams_stopped"] = stats.streamsStopped;
  msg["streams_resumed"] = stats.streamsResumed;
  r["messages"] = msg;

  ReportJson wr;
  wr["total"] = stats.writesTotal;
  wr["failed"] = stats.writesFailed;
  ReportJson failedBy;
  for (auto reason : {FailReason::Crashed, FailReason::KeyExists, FailReason::KeyMissing, FailReason::Unreachable})
    failedBy[toString(reason)] = stats.failedBy[static_cast<size_t>(reason)];
  wr["failed_by"] = failedBy;
  std::vector<int64_t> propagation;
  for (WriteIndex w = 0; w < sim.writes().size(); ++w)
    if (sim.fullyReplicated(w)) propagation.push_back((sim.lastAppliedAt(w) - sim.writes()[w].issuedAt).us());
  wr["fully_replicated"] = propagation.size();
  wr["propagation_ms"] = percentileJson(percentiles(std::move(propagation)));
  wr["client_latency_ms"] = percentileJson(percentiles(stats.clientLatencyUs));
  // Commit as the client sees it: async, when its leader applied the write;
  // sync, when the last acknowledgement reached the leader (or the abort).
  wr["committed"] = stats.writesCommitted;
  wr["commit_latency_ms"] = percentileJson(percentiles(stats.commitLatencyUs));
  wr["aborted"] = stats.writesAborted;
  wr["uncommitted"] = stats.writesTotal - stats.writesFailed - stats.writesCommitted - stats.writesAborted;
  wr["committed_then_discarded"] = stats.committedThenDiscarded();
  ReportJson aborted = ReportJson::array();
  for (const AbortRecord& a : stats.abortLog) {
    ReportJson e;
    e["write"] = sim.writeName(a.write);
    e["leader"] = sim.nodeName(a.node);
    e["key"] = sim.keyName(sim.writes()[a.write].key);
    e["at_ms"] = jsonMs(a.at);
    e["latency_ms"] = jsonMs(a.latency);
    e["detected_at"] = sim.nodeName(a.detectedAt);
    e["in_favour_of"] = sim.writeName(a.winner);
    aborted.push_back(e);
  }
  wr["aborted_writes"] = aborted;
  r["writes"] = wr;

  // Leaderless: staleness of quorum reads (LeaderlessStats.h), not of one replica's copy.
  const LeaderlessProtocol* leaderless = sim.leaderless();
  const std::vector<std::optional<SimTime>>* staleLog =
      leaderless ? &leaderless->stats().readStaleness : fresh ? &fresh->readStaleness : nullptr;
  ReportJson reads;
  reads["total"] = stats.reads;
  ReportJson readLog = ReportJson::array();
  for (size_t i = 0; i < stats.readLog.size(); ++i) {
    const ReadRecord& rd = stats.readLog[i];
    ReportJson e;
    e["at_ms"] = jsonMs(rd.at);
    e["leader"] = sim.nodeName(rd.node);
    e["key"] = sim.keyName(rd.key);
    e["values"] = rd.values;
    if (!rd.resolvedBy.empty()) {
      e["resolved_by"] = rd.resolvedBy;
      e["resolved_value"] = rd.resolvedValue;
    }
    if (staleLog && i < staleLog->size() && (*staleLog)[i]) e["stale_ms"] = jsonMs(*(*staleLog)[i]);
    readLog.push_back(e);
  }
  reads["siblings_returned"] = stats.readsWithSiblings;
  reads["resolved_on_read"] = stats.readsResolved;
  reads["log"] = readLog;
  if (leaderless) {
    const LeaderlessStats& ls = leaderless->stats();
    reads["stale"] = ls.staleReads;
    reads["stale_versions"] = ls.staleVersions;
    reads["staleness_ms"] = percentileJson(percentiles(ls.stalenessUs));
    if (leaderless->keepsSiblings()) reads["max_siblings"] = ls.maxSiblings;
  } else if (fresh) {
    reads["stale"] = fresh->staleReads;
    reads["staleness_ms"] = percentileJson(percentiles(fresh->stalenessUs));
  }
  r["reads"] = reads;
  if (leaderless) {
    const QuorumSpec& q = sim.scenario().replication.leaderless.quorum;
    const LeaderlessStats& ls = leaderless->stats();
    ReportJson quorum;
    quorum["n"] = q.n;
    quorum["w"] = q.w;
    quorum["r"] = q.r;
    quorum["read_fanout"] = q.readFanout == ReadFanout::All ? "all" : "r";
    quorum["timeout_ms"] = jsonMs(q.timeout);
    // Only when it is not the default, so reports of node coordination stay as they were.
    if (q.coordinator == QuorumCoordinator::Client) quorum["coordinator"] = "client";
    quorum["writes_committed"] = ls.writesCommitted;
    quorum["writes_failed"] = ls.writesFailed;
    quorum["partial_writes"] = leaderless->partialWrites();
    quorum["reads_answered"] = ls.readsAnswered;
    quorum["reads_failed"] = ls.readsFailed;
    quorum["requests_not_sent"] = ls.requestsNotSent;
    ReportJson failed = ReportJson::array();
    for (uint32_t w : ls.failedWrites) failed.push_back(sim.writeName(w));
    quorum["failed_writes"] = failed;
    // Each key's replicas, in preference-list order (keys by name, the first 100).
    std::vector<KeyId> keys(sim.keyCount());
    for (KeyId k = 0; k < keys.size(); ++k) keys[k] = k;
    std::sort(keys.begin(), keys.end(), [&](KeyId a, KeyId b) { return sim.keyName(a) < sim.keyName(b); });
    if (keys.size() > 100) keys.resize(100);
    ReportJson lists = ReportJson::object();
    for (KeyId k : keys) lists[sim.keyName(k)] = nodeNames(sim, leaderless->preferenceListOf(k));
    quorum["vnodes"] = sim.scenario().replication.leaderless.vnodes;
    quorum["preference_lists"] = lists;
    r["quorum"] = quorum;
    r["read_repairs"] = ls.readRepairs;
    ReportJson hints;
    hints["stored"] = ls.hintsStored;
    hints["delivered"] = ls.hintsDelivered;
    hints["expired"] = ls.hintsExpired;
    hints["held_at_end"] = leaderless->hintsHeld();
    r["hints"] = hints;
    r["tombstones_purged"] = ls.tombstonesPurged;
    r["resurrected"] = ls.resurrected;
    ReportJson ae;
    ae["rounds"] = ls.aeRounds;
    ae["pairs_compared"] = ls.aePairs;
    ae["keys_repaired"] = ls.aeKeysRepaired;
    ae["messages"] = ls.aeMessages;
    ae["bytes"] = ls.aeBytes;
    r["anti_entropy"] = ae;
  }

  ReportJson conflicts;
  conflicts["detected"] = stats.conflictsDetected;
  conflicts["resolved"] = stats.conflictsResolved;
  // Keys (not replica copies) that some live replica still holds as open siblings.
  uint64_t siblingsOpen = 0;
  for (KeyId k = 0; k < sim.keyCount(); ++k) {
    bool open = false;
    for (NodeId n = 0; n < sim.nodeCount() && !open; ++n) {
      if (sim.replica(n).crashed || k >= sim.replica(n).keys.size()) continue;
      const KeyState& ks = sim.replica(n).keys[k];
      open = ks.exists() && !ks.hasResolvedValue && ks.siblings().size() >= 2;
    }
    siblingsOpen += open;
  }
  conflicts["siblings_open"] = siblingsOpen;
  ReportJson discarded = ReportJson::array();
  ReportJson log = ReportJson::array();
  for (const ConflictRecord& c : stats.conflictLog) {
    for (uint32_t d : c.discarded) {
      ReportJson e;
      e["write"] = sim.writeName(d);
      e["replica"] = sim.nodeName(c.node);
      e["key"] = sim.keyName(c.key);
      e["in_favour_of"] = writeNames(sim, c.kept);
      e["by"] = c.by;
      e["type"] = toString(c.type);
      e["at_ms"] = jsonMs(c.at);
      discarded.push_back(e);
    }
    ReportJson e;
    e["at_ms"] = jsonMs(c.at);
    e["replica"] = sim.nodeName(c.node);
    e["key"] = sim.keyName(c.key);
    e["type"] = toString(c.type);
    e["writes"] = writeNames(sim, c.writes);
    e["kept"] = writeNames(sim, c.kept);
    e["by"] = c.by;
    if (!c.resolvedValue.empty()) e["value"] = c.resolvedValue;
    if (c.causallyLater) e["causally_later"] = true;
    log.push_back(e);
  }
  conflicts["discarded_total"] = stats.discardedTotal;
  conflicts["discarded_writes"] = stats.distinctDiscarded();
  conflicts["discarded"] = discarded;
  conflicts["log"] = log;
  conflicts["log_truncated"] = stats.conflictsDetected > stats.conflictLog.size();
  r["conflicts"] = conflicts;

  ReportJson anomalies;
  anomalies["update_before_insert"] = stats.updateBeforeInsert;
  anomalies["delete_missing"] = stats.deleteMissing;
  r["anomalies"] = anomalies;
  if (const DatacenterDirectory* dcs = sim.datacenters()) {
    r["datacenters"] = datacentersJson(sim, *dcs);
    if (fresh) r["failovers"] = failoversJson(sim, *dcs, *fresh);
  }
  return r;
}

void writeJsonReport(std::ostream& out, const ReportJson& report, const Simulation* listingsFrom) {
  if (!listingsFrom || !report.is_object()) {
    out << std::setw(2) << report;
    return;
  }
  const Simulation& sim = *listingsFrom;
  const std::vector<KeyId> byName = keysByName(sim);
  writeMembers(out, report, 0, [&](size_t, const std::string& key, const ReportJson& v, unsigned indent) {
    // leaders: one member per node, in node order (buildJsonReport)
    if (key != "leaders" || !v.is_object() || v.size() != sim.nodeCount()) return writeIndented(out, v, indent);
    writeMembers(out, v, indent, [&](size_t n, const std::string&, const ReportJson& leader, unsigned at) {
      if (!leader.is_object()) return writeIndented(out, leader, at);
      writeMembers(out, leader, at, [&](size_t, const std::string& field, const ReportJson& fv, unsigned in) {
        if (field == "keys" && fv.is_null()) writeKeyListing(out, sim, static_cast<NodeId>(n), byName, in);
        else writeIndented(out, fv, in);
      });
    });
  });
}

}  // namespace replsim
