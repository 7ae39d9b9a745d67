#include "tests/property/PropertyChecker.h"

#include <algorithm>
#include <deque>
#include <exception>
#include <map>
#include <set>

#include "sim/cli/RunCommand.h"
#include "sim/topology/Topology.h"

namespace replsim::testing {

namespace {

using ReportValue = ReportJson;

const std::set<std::string> kConvergentResolvers = {"lww", "merge", "siblings", "replica-priority"};

// "A#12" -> {"A", 12}; {"", 0} when it is not a write id.
std::pair<std::string, long long> splitWriteId(const std::string& id) {
  const auto hash = id.rfind('#');
  if (hash == std::string::npos) return {"", 0};
  try {
    return {id.substr(0, hash), std::stoll(id.substr(hash + 1))};
  } catch (const std::exception&) {
    return {"", 0};
  }
}

std::string str(const ReportValue& v) { return v.dump(); }

class Checker {
 public:
  Checker(const Scenario& s, const ReportValue& report, int status)
      : s_(s), r_(report), status_(status) {}

  std::vector<Violation> run() {
    fromReport();
    if (status_ == 1) add("run.status", "the run ended with exit status 1 (bad input) on a scenario that loaded");
    else if (status_ == 2) add("run.limit", "a limit stopped the run: " + str(r_.value("stopped_by", ReportValue())));
    else if (status_ != 0 && status_ != 3 && status_ != 4) add("run.status", "exit status " + std::to_string(status_));
    if (!r_.is_object() || !r_.contains("writes")) return std::move(out_);

    const bool quiescent = r_.value("stopped_by", ReportValue()).is_null() && !s_.until;
    const ReportValue& writes = r_["writes"];
    const long long total = writes.value("total", 0LL), failed = writes.value("failed", 0LL);

    if (quiescent && r_["messages"].value("pending_at_end", 0LL) != 0)
      add("pending_at_end", "quiescent with every fault healed, yet messages.pending_at_end = " +
                                str(r_["messages"]["pending_at_end"]));
    if (s_.replication.ordering == Ordering::Causal && r_["anomalies"].value("update_before_insert", 0LL) != 0)
      add("causal.update_before_insert",
          "ordering causal, yet anomalies.update_before_insert = " + str(r_["anomalies"]["update_before_insert"]));
    checkSync(quiescent, total - failed);
    const bool everyWriteReachesEveryNode = quiescent && reachesEveryNode();
    if (everyWriteReachesEveryNode && convergent()) checkConvergence();
    if (everyWriteReachesEveryNode) checkCounters();
    checkDiscards();
    for (const auto& [name, leader] : r_["leaders"].items()) {
      if (leader.value("writes_applied", 0LL) > total - failed)
        add("applied_once", name + " applied " + str(leader["writes_applied"]) + " writes, but only " +
                                std::to_string(total - failed) + " were issued");
    }
    return std::move(out_);
  }

 private:
  void add(const std::string& invariant, const std::string& message) { out_.push_back({invariant, message}); }

  // The engine's own invariant checker, when it exists (issue 10).
  void fromReport() {
    if (!r_.is_object()) return;
    const ReportValue violations = r_.value("invariants", ReportValue::object()).value("violations", ReportValue::array());
    for (const auto& v : violations)
      add(v.value("invariant", std::string("invariants")), v.value("message", std::string()));
  }

  void checkSync(bool quiescent, long long issued) {
    if (s_.replication.conflicts.detect != Detect::Sync) return;
    const ReportValue& w = r_["writes"];
    const long long committed = w.value("committed", 0LL), aborted = w.value("aborted", 0LL),
                    uncommitted = w.value("uncommitted", 0LL), lost = w.value("committed_then_discarded", 0LL);
    if (lost != 0)
      add("sync.committed_then_discarded", "detect sync, yet writes.committed_then_discarded = " + std::to_string(lost));
    if (committed + aborted + uncommitted != issued || uncommitted < 0)
      add("sync.accounting", "committed " + std::to_string(committed) + " + aborted " + std::to_string(aborted) +
                                 " + uncommitted " + std::to_string(uncommitted) + " != issued " + std::to_string(issued));
    if (quiescent && uncommitted != 0)
      add("sync.uncommitted_at_quiescence", "quiescent with every fault healed, yet " + std::to_string(uncommitted) +
                                                " writes are still waiting to commit");
  }

  // Every node ends up with every write: with forwarding the leaders'
  // links (plus each datacenter's leader → follower links) reach every node
  // from every leader; without it every leader links to every other.
  bool reachesEveryNode() const {
    const Topology t = Topology::build(s_.topology, s_.links);
    const bool forward = s_.replication.forward.value_or(t.defaultForward());
    std::vector<std::vector<NodeId>> out(t.nodeCount());
    std::set<std::pair<NodeId, NodeId>> links;
    for (const TopologyLink& l : t.links()) {
      out[l.from].push_back(l.to);
      links.emplace(l.from, l.to);
    }
    std::set<NodeId> leaders;
    for (const std::string& name : s_.topology.leaders)
      if (const auto id = t.find(name)) leaders.insert(*id);
    for (NodeId from : leaders) {
      if (!forward) {
        for (NodeId to : leaders)
          if (to != from && !links.count({from, to})) return false;
        continue;
      }
      std::vector<bool> seen(t.nodeCount(), false);
      std::deque<NodeId> queue = {from};
      seen[from] = true;
      while (!queue.empty()) {
        const NodeId n = queue.front();
        queue.pop_front();
        for (NodeId m : out[n])
          if (!seen[m]) {
            seen[m] = true;
            queue.push_back(m);
          }
      }
      if (std::find(seen.begin(), seen.end(), false) != seen.end()) return false;
    }
    return true;
  }

  // The resolver converges on these operations (docs/semantics.md): no
  // update/delete that may overtake its insert under ordering none, and
  // under merge no key that is both a counter and text.
  bool convergent() const {
    const std::string& resolver = s_.replication.conflicts.resolve;
    const bool causal = s_.replication.ordering == Ordering::Causal;
    if (!kConvergentResolvers.count(resolver) && !(resolver == "first-update-wins" && causal)) return false;
    std::vector<OpKind> workloadOps;
    if (s_.workload)
      for (const auto& [op, weight] : s_.workload->ops) workloadOps.push_back(op);
    const auto risky = [causal](OpKind op) { return !causal && (op == OpKind::Update || op == OpKind::Delete); };
    for (const ClientOp& op : s_.writes)
      if (risky(op.op)) return false;
    for (OpKind op : workloadOps)
      if (risky(op)) return false;
    if (resolver == "merge") {
      std::map<std::string, std::set<bool>> counterByKey;  // key -> {is incr}
      for (const ClientOp& op : s_.writes)
        if (op.op != OpKind::Read) counterByKey[op.key].insert(op.op == OpKind::Incr);
      for (const auto& [key, kinds] : counterByKey)
        if (kinds.size() > 1) return false;
      const bool workloadIncr = std::count(workloadOps.begin(), workloadOps.end(), OpKind::Incr) > 0;
      if (workloadIncr && workloadOps.size() > 1) return false;
    }
    return true;
  }

  std::vector<std::string> liveNodes() const {
    std::vector<std::string> live;
    for (const auto& [name, leader] : r_["leaders"].items())
      if (!leader.value("crashed", false)) live.push_back(name);
    return live;
  }

  void checkConvergence() {
    const ReportValue& leaders = r_["leaders"];
    const std::vector<std::string> live = liveNodes();
    if (!r_.value("converged", false)) {
      std::string where;
      for (size_t i = 1; i < live.size() && where.empty(); ++i) {
        const ReportValue& a = leaders[live[0]]["keys"];
        const ReportValue& b = leaders[live[i]]["keys"];
        std::set<std::string> keys;
        for (const auto& [k, v] : a.items()) keys.insert(k);
        for (const auto& [k, v] : b.items()) keys.insert(k);
        for (const std::string& k : keys) {
          const ReportValue va = a.value(k, ReportValue()), vb = b.value(k, ReportValue());
          if (va != vb) {
            where = "key " + k + ": " + live[0] + "=" + str(va) + " " + live[i] + "=" + str(vb);
            break;
          }
        }
      }
      add("convergence", "quiescent, every fault healed, every write can reach every node, resolver " +
                             s_.replication.conflicts.resolve + ", yet not converged" +
                             (where.empty() ? std::string() : ": " + where));
      return;
    }
    for (const std::string& name : live)
      if (leaders[name]["state_digest"] != leaders[live.front()]["state_digest"])
        add("convergence.digests", "converged, yet " + name + "'s state digest differs from " + live.front() + "'s");
  }

  // Under merge: a key that only explicit incr writes touch ends, at every
  // live node, at the sum of their deltas (no explicit incr is sent to a
  // node that is down, so none fails). Under sync, a key with an aborted
  // write is left out (which delta was aborted is not in the report).
  void checkCounters() {
    if (s_.replication.conflicts.resolve != "merge") return;
    std::map<std::string, long long> sum;
    std::set<std::string> notCounters;
    for (const ClientOp& op : s_.writes) {
      if (op.op == OpKind::Read) continue;
      if (op.op != OpKind::Incr) {
        notCounters.insert(op.key);
        continue;
      }
      sum[op.key] += std::stoll(op.value);
    }
    if (s_.workload) {
      for (int i = 1; i <= s_.workload->keys; ++i) notCounters.insert(std::string("k").append(std::to_string(i)));
      if (s_.workload->document) return;
    }
    for (const auto& a : r_["writes"].value("aborted_writes", ReportValue::array()))
      notCounters.insert(a.value("key", std::string()));
    for (const auto& [key, expected] : sum) {
      if (notCounters.count(key)) continue;
      const ReportValue want = ReportValue::array({std::to_string(expected)});
      for (const std::string& node : liveNodes()) {
        const ReportValue got = r_["leaders"][node]["keys"].value(key, ReportValue());
        if (got != want) {
          add("merge.counter", "counter " + key + " at " + node + " is " + str(got) + ", expected " + str(want) +
                                   " (the sum of its increments)");
          break;
        }
      }
    }
  }

  void checkDiscards() {
    const ReportValue discarded = r_["conflicts"].value("discarded", ReportValue::array());
    int ownOverwrites = 0, siblingDiscards = 0;
    std::string firstOwn, firstSibling;
    for (const auto& d : discarded) {
      const std::string by = d.value("by", std::string());
      if (by == "skip") continue;
      const auto [origin, seq] = splitWriteId(d.value("write", std::string()));
      const ReportValue favour = d.value("in_favour_of", ReportValue::array());
      bool own = !favour.empty() && !origin.empty();
      for (const auto& w : favour) {
        const auto [o, s] = splitWriteId(w.is_string() ? w.get<std::string>() : std::string());
        own = own && o == origin && s > seq;
      }
      const std::string what = d.value("write", std::string()) + " at " + d.value("replica", std::string()) +
                               " (key " + d.value("key", std::string()) + ") in favour of " + str(favour) + " by " + by;
      if (own && ownOverwrites++ == 0) firstOwn = what;
      if (s_.replication.conflicts.resolve == "siblings" && by != "sync" && siblingDiscards++ == 0) firstSibling = what;
    }
    if (ownOverwrites)
      add("lost_writes.own_overwrite", std::to_string(ownOverwrites) +
                                           " discards of a write in favour only of later writes of its own origin "
                                           "(an overwrite, not a lost write), first: " + firstOwn);
    if (siblingDiscards)
      add("siblings.discards", "resolver siblings keeps every concurrent version, yet " +
                                   std::to_string(siblingDiscards) + " discards, first: " + firstSibling);
  }

  const Scenario& s_;
  const ReportValue& r_;
  const int status_;
  std::vector<Violation> out_;
};

}  // namespace

std::vector<Violation> PropertyChecker::check(const ScenarioCase& c, const std::string& dir) {
  const LoadResult loaded = c.load(dir);
  if (!loaded.ok()) {
    std::string all;
    for (const auto& e : loaded.errors) all += e.render() + "\n";
    return {{"run.loads", "the scenario does not load:\n" + all}};
  }
  try {
    const RunResult result = runScenario(*loaded.scenario, RunOptions{}, nullptr);
    return checkReport(*loaded.scenario, result.report, result.exitStatus);
  } catch (const std::exception& e) {
    return {{"run.exception", std::string("the run threw: ") + e.what()}};
  }
}

std::vector<Violation> PropertyChecker::checkReport(const Scenario& scenario, const ReportJson& report,
                                                    int exitStatus) {
  return Checker(scenario, report, exitStatus).run();
}

std::vector<std::string> PropertyChecker::names(const std::vector<Violation>& violations) {
  std::vector<std::string> out;
  for (const Violation& v : violations)
    if (std::find(out.begin(), out.end(), v.invariant) == out.end()) out.push_back(v.invariant);
  return out;
}

}  // namespace replsim::testing
