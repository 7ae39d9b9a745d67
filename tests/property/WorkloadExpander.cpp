#include "tests/property/WorkloadExpander.h"

#include <map>
#include <vector>

#include "sim/core/Random.h"
#include "sim/replication/WorkloadGenerator.h"
#include "sim/topology/Topology.h"

namespace replsim::testing {

namespace {

struct Down {
  SimTime from, to;  // [from, to): a crash at `from` is in force, a recover at `to` is not
};

// When each node cannot take a client operation, from the crash faults.
std::map<std::string, std::vector<Down>> crashWindows(const Scenario& s) {
  std::map<std::string, std::vector<Down>> out;
  std::map<std::string, SimTime> since;
  std::map<std::string, std::string> leaderOf;  // datacenter -> its leader
  for (const DatacenterSpec& dc : s.topology.datacenters) leaderOf[dc.name] = dc.leader;
  std::vector<const FaultSpec*> faults;
  for (const FaultSpec& f : s.faults) faults.push_back(&f);
  std::stable_sort(faults.begin(), faults.end(), [](const FaultSpec* a, const FaultSpec* b) { return a->at < b->at; });
  for (const FaultSpec* f : faults) {
    const bool dc = f->kind == FaultKind::CrashDatacenter || f->kind == FaultKind::RecoverDatacenter;
    const std::string node = dc ? "dc:" + f->node : f->node;
    if (f->kind == FaultKind::Crash || f->kind == FaultKind::CrashDatacenter) since[node] = f->at;
    if ((f->kind == FaultKind::Recover || f->kind == FaultKind::RecoverDatacenter) && since.count(node)) {
      out[dc ? leaderOf[f->node] : node].push_back({since[node], f->at});
      since.erase(node);
    }
  }
  for (const auto& [node, from] : since) out[node.rfind("dc:", 0) == 0 ? leaderOf[node.substr(3)] : node].push_back({from, SimTime::fromMs(1e12)});
  return out;
}

bool downAt(const std::vector<Down>& windows, SimTime at) {
  for (const Down& d : windows)
    if (!(at < d.from) && at < d.to) return true;
  return false;
}

}  // namespace

std::optional<ScenarioCase> WorkloadExpander::expand(const ScenarioCase& c, const std::string& dir) {
  if (!c.scenario.contains("workload")) return std::nullopt;
  const LoadResult loaded = c.load(dir);
  if (!loaded.ok() || !loaded.scenario->workload || loaded.scenario->workload->document) return std::nullopt;
  const Scenario& s = *loaded.scenario;
  const Topology topology = Topology::build(s.topology, s.links);
  std::vector<std::string> keys;
  std::map<std::string, KeyId> keyIds;
  Random rng(s.seed);
  rng.fork();  // the network's stream (Simulation forks it first)
  Random workloadRng = rng.fork();
  const std::vector<PlannedOp> ops = planClientOps(s, topology, workloadRng, [&](const std::string& k) {
    const auto [it, added] = keyIds.try_emplace(k, static_cast<KeyId>(keys.size()));
    if (added) keys.push_back(k);
    return it->second;
  });
  const auto down = crashWindows(s);
  std::map<std::string, std::string> leaderOf;
  for (const DatacenterSpec& dc : s.topology.datacenters) {
    leaderOf[dc.leader] = dc.leader;
    for (const std::string& f : dc.followers) leaderOf[f] = dc.leader;
  }
  nlohmann::ordered_json writes = nlohmann::ordered_json::array();
  for (const PlannedOp& op : ops) {
    const std::string node = topology.name(op.node);
    const std::string executor = leaderOf.count(node) && op.op != OpKind::Read ? leaderOf[node] : node;
    if (down.count(executor) && downAt(down.at(executor), op.at)) continue;
    nlohmann::ordered_json w;
    w["at_ms"] = static_cast<double>(op.at.us()) / 1000.0;
    if (op.dc != UINT32_MAX) w["dc"] = s.topology.datacenters[op.dc].name;
    else w["leader"] = node;
    w["key"] = keys[op.key];
    if (op.op != OpKind::Set) w["op"] = toString(op.op);
    if (op.op == OpKind::Incr) w["value"] = std::stoll(op.value);
    else if (op.op != OpKind::Delete && op.op != OpKind::Read) w["value"] = op.value;
    writes.push_back(w);
  }
  ScenarioCase out = c;
  out.scenario.erase("workload");
  if (writes.empty()) out.scenario.erase("writes");
  else out.scenario["writes"] = writes;
  return out;
}

}  // namespace replsim::testing
