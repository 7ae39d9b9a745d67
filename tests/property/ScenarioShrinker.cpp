#include "tests/property/ScenarioShrinker.h"

#include <algorithm>
#include <set>
#include <string>

namespace replsim::testing {

namespace {

using ojson = nlohmann::ordered_json;

// The names of the topology's leaders as the scenario spells them (a
// "count" list expanded to L1..Ln); empty when they come from a DOT file.
std::vector<std::string> leaderNames(const ojson& t) {
  std::vector<std::string> names;
  if (t.contains("leaders") && t["leaders"].is_array()) {
    for (const auto& n : t["leaders"]) names.push_back(n.get<std::string>());
  } else if (t.contains("leaders") && t["leaders"].is_object()) {
    const int count = t["leaders"].value("count", 0);
    for (int i = 1; i <= count; ++i) names.push_back(std::string("L").append(std::to_string(i)));
  } else if (t.contains("edges")) {
    for (const auto& e : t["edges"])
      for (int i = 0; i < 2; ++i)
        if (std::find(names.begin(), names.end(), e[i].get<std::string>()) == names.end())
          names.push_back(e[i].get<std::string>());
  }
  return names;
}

bool mentions(const ojson& fault, const std::set<std::string>& nodes, const std::set<std::string>& dcs) {
  for (const char* k : {"crash", "recover", "offline", "online"})
    if (fault.contains(k) && nodes.count(fault[k].get<std::string>())) return true;
  for (const char* k : {"crash_datacenter", "recover_datacenter"})
    if (fault.contains(k) && dcs.count(fault[k].get<std::string>())) return true;
  for (const char* k : {"link_down", "link_up"})
    if (fault.contains(k) && (nodes.count(fault[k][0].get<std::string>()) || nodes.count(fault[k][1].get<std::string>())))
      return true;
  return false;
}

// `c` without the nodes `nodes` (and the datacenters `dcs`): every write,
// fault pair, override and option that names them goes too.
ScenarioCase without(const ScenarioCase& c, const std::set<std::string>& nodes, const std::set<std::string>& dcs) {
  ScenarioCase out = c;
  ojson& s = out.scenario;
  ojson& t = s["topology"];
  if (t.contains("leaders")) {
    ojson kept = ojson::array();
    for (const auto& n : leaderNames(t))
      if (!nodes.count(n)) kept.push_back(n);
    t["leaders"] = kept;
  }
  if (t.contains("edges")) {
    ojson kept = ojson::array();
    for (const auto& e : t["edges"])
      if (!nodes.count(e[0].get<std::string>()) && !nodes.count(e[1].get<std::string>())) kept.push_back(e);
    t["edges"] = kept;
  }
  if (t.contains("datacenters")) {
    ojson kept = ojson::array();
    for (auto dc : t["datacenters"]) {
      if (dcs.count(dc["name"].get<std::string>())) continue;
      if (dc.contains("followers")) {
        ojson followers = ojson::array();
        for (const auto& f : dc["followers"])
          if (!nodes.count(f.get<std::string>())) followers.push_back(f);
        if (followers.empty()) dc.erase("followers");
        else dc["followers"] = followers;
      }
      kept.push_back(dc);
    }
    t["datacenters"] = kept;
  }
  if (s.contains("writes")) {
    ojson kept = ojson::array();
    for (const auto& w : s["writes"])
      if (!nodes.count(w.value("leader", std::string())) && !dcs.count(w.value("dc", std::string()))) kept.push_back(w);
    s["writes"] = kept;
  }
  if (s.contains("faults")) {
    ojson kept = ojson::array();
    const ojson& f = s["faults"];
    for (size_t i = 0; i + 1 < f.size(); i += 2) {
      if (mentions(f[i], nodes, dcs) || mentions(f[i + 1], nodes, dcs)) continue;
      ojson down = f[i];
      if (down.contains("partition")) {
        ojson groups = ojson::array();
        for (const auto& g : down["partition"]) {
          ojson members = ojson::array();
          for (const auto& m : g)
            if (!nodes.count(m.get<std::string>())) members.push_back(m);
          if (!members.empty()) groups.push_back(members);
        }
        if (groups.size() < 2) continue;
        down["partition"] = groups;
      }
      kept.push_back(down);
      kept.push_back(f[i + 1]);
    }
    s["faults"] = kept;
  }
  if (s.contains("links") && s["links"].contains("overrides")) {
    ojson kept = ojson::array();
    for (const auto& o : s["links"]["overrides"])
      if (!nodes.count(o["from"].get<std::string>()) && !nodes.count(o["to"].get<std::string>())) kept.push_back(o);
    s["links"]["overrides"] = kept;
  }
  if (s.contains("replication")) {
    ojson& r = s["replication"];
    if (r.contains("clocks"))
      for (const auto& n : nodes) r["clocks"].erase(n);
    if (r.contains("conflicts") && r["conflicts"].contains("priority")) {
      ojson kept = ojson::array();
      for (const auto& n : r["conflicts"]["priority"])
        if (!nodes.count(n.get<std::string>())) kept.push_back(n);
      if (kept.empty()) r["conflicts"].erase("priority");
      else r["conflicts"]["priority"] = kept;
    }
  }
  if (s.contains("workload") && s["workload"].contains("leaders") && s["workload"]["leaders"].is_array()) {
    ojson kept = ojson::array();
    for (const auto& n : s["workload"]["leaders"])
      if (!nodes.count(n.get<std::string>())) kept.push_back(n);
    if (kept.empty()) s.erase("workload");
    else s["workload"]["leaders"] = kept;
  }
  return out;
}

// Empty lists and objects left behind by a removal are dropped, so the
// result reads like a hand-written scenario (and "links": {} is not left).
void tidy(ojson& s) {
  for (const char* k : {"writes", "faults"})
    if (s.contains(k) && s[k].empty()) s.erase(k);
  if (s.contains("links")) {
    if (s["links"].contains("overrides") && s["links"]["overrides"].empty()) s["links"].erase("overrides");
    if (s["links"].empty()) s.erase("links");
  }
  if (s.contains("replication")) {
    ojson& r = s["replication"];
    if (r.contains("clocks") && r["clocks"].empty()) r.erase("clocks");
    if (r.contains("conflicts") && r["conflicts"].empty()) r.erase("conflicts");
    if (r.empty()) s.erase("replication");
  }
}

class Candidates {
 public:
  explicit Candidates(const ScenarioCase& c) : c_(c), s_(c.scenario) {}

  std::vector<ScenarioCase> all() {
    // Whole sections first.
    for (const char* k : {"faults", "writes", "workload"})
      if (s_.contains(k)) edit([k](ojson& s) { s.erase(k); });
    if (!c_.customTopology.is_null()) {
      ScenarioCase v = c_;
      v.scenario["topology"] = c_.customTopology;
      v.customTopology = nullptr;
      v.dot.clear();
      v.dotFile.clear();
      out_.push_back(std::move(v));
    }
    const ojson& t = s_["topology"];
    if (t.value("kind", std::string()) != "all-to-all" && (t.contains("leaders") || t.contains("datacenters"))) {
      edit([](ojson& s) {
        ojson& topo = s["topology"];
        topo["kind"] = "all-to-all";
        for (const char* k : {"hub", "fanout", "edges", "path"}) topo.erase(k);
        // origin ends loops only on a ring: elsewhere copies would circulate until a limit.
        if (s.contains("replication") && s["replication"].value("loop_prevention", std::string()) == "origin")
          s["replication"].erase("loop_prevention");
      });
    }
    removeNodes();
    // One fault pair, one write at a time.
    if (s_.contains("faults"))
      for (size_t i = 0; i + 1 < s_["faults"].size(); i += 2)
        edit([i](ojson& s) {
          s["faults"].erase(i + 1);
          s["faults"].erase(i);
        });
    // Writes in halves, quarters, ... then one at a time (delta debugging).
    if (s_.contains("writes"))
      for (size_t chunk = s_["writes"].size() / 2; chunk >= 1; chunk /= 2)
        for (size_t from = 0; from < s_["writes"].size(); from += chunk)
          edit([from, chunk](ojson& s) {
            ojson& w = s["writes"];
            for (size_t k = 0; k < chunk && from < w.size(); ++k) w.erase(from);
          });
    simplifyReplication();
    simplifyLinks();
    simplifyWorkload();
    return std::move(out_);
  }

 private:
  template <class F>
  void edit(F&& f) {
    ScenarioCase v = c_;
    f(v.scenario);
    tidy(v.scenario);
    if (v.scenario != s_) out_.push_back(std::move(v));
  }

  void add(ScenarioCase v) {
    tidy(v.scenario);
    if (v.scenario != s_) out_.push_back(std::move(v));
  }

  void removeNodes() {
    const ojson& t = s_["topology"];
    if (t.value("kind", std::string()) == "file" && !t.contains("datacenters")) return;
    if (t.contains("datacenters")) {
      for (const auto& dc : t["datacenters"]) {
        std::set<std::string> nodes = {dc["leader"].get<std::string>()};
        for (const auto& f : dc.value("followers", ojson::array())) nodes.insert(f.get<std::string>());
        if (t.value("hub", std::string()) != dc["leader"].get<std::string>())
          add(without(c_, nodes, {dc["name"].get<std::string>()}));
        for (const auto& f : dc.value("followers", ojson::array())) add(without(c_, {f.get<std::string>()}, {}));
      }
      return;
    }
    for (const std::string& n : leaderNames(t))
      if (t.value("hub", std::string()) != n) add(without(c_, {n}, {}));
  }

  void simplifyReplication() {
    if (!s_.contains("replication")) return;
    for (const auto& [k, v] : s_["replication"].items())
      if (k != "conflicts" && k != "ordering") edit([k = k](ojson& s) { s["replication"].erase(k); });
    if (s_["replication"].contains("conflicts"))
      for (const char* k : {"priority", "timestamps", "detect"})
        if (s_["replication"]["conflicts"].contains(k)) edit([k](ojson& s) { s["replication"]["conflicts"].erase(k); });
  }

  void simplifyLinks() {
    if (!s_.contains("links")) return;
    const ojson& l = s_["links"];
    if (l.contains("overrides"))
      for (size_t i = 0; i < l["overrides"].size(); ++i) edit([i](ojson& s) { s["links"]["overrides"].erase(i); });
    if (l.contains("default")) {
      for (const char* k : {"loss", "retry_ms", "fifo"})
        if (l["default"].contains(k)) edit([k](ojson& s) { s["links"]["default"].erase(k); });
      if (!l["default"].value("latency_ms", ojson(10)).is_number())
        edit([](ojson& s) { s["links"]["default"]["latency_ms"] = 10; });
    }
    if (l.contains("overrides"))
      for (size_t i = 0; i < l["overrides"].size(); ++i) {
        if (l["overrides"][i].contains("loss")) edit([i](ojson& s) { s["links"]["overrides"][i].erase("loss"); });
        if (!l["overrides"][i].value("latency_ms", ojson(10)).is_number())
          edit([i](ojson& s) { s["links"]["overrides"][i]["latency_ms"] = 10; });
      }
    const ojson& t = s_["topology"];
    if (t.contains("edges"))
      for (size_t i = 0; i < t["edges"].size(); ++i)
        if (t["edges"][i].size() == 3 && t["edges"][i][2].contains("latency_ms"))
          edit([i](ojson& s) {
            s["topology"]["edges"][i][2].erase("latency_ms");
            if (s["topology"]["edges"][i][2].empty()) s["topology"]["edges"][i].erase(2);
          });
  }

  void simplifyWorkload() {
    if (!s_.contains("workload")) return;
    const ojson& w = s_["workload"];
    if (w.value("duration_ms", 1000) > 20)
      edit([](ojson& s) { s["workload"]["duration_ms"] = std::max(10, s["workload"].value("duration_ms", 1000) / 2); });
    if (w.value("rate_per_s", 100.0) > 5)
      edit([](ojson& s) { s["workload"]["rate_per_s"] = std::max(2, static_cast<int>(s["workload"].value("rate_per_s", 100.0)) / 2); });
    if (w.value("keys", 50) > 1) edit([](ojson& s) { s["workload"]["keys"] = 1; });
    for (const char* k : {"key_distribution", "zipf_s", "read_fraction", "start_ms"})
      if (w.contains(k))
        edit([k](ojson& s) {
          s["workload"].erase(k);
          if (std::string(k) == "key_distribution") s["workload"].erase("zipf_s");
        });
    if (w.contains("ops") && w["ops"].size() > 1)
      for (const auto& [k, v] : w["ops"].items()) edit([k = k](ojson& s) { s["workload"]["ops"].erase(k); });
  }

  const ScenarioCase& c_;
  const ojson& s_;
  std::vector<ScenarioCase> out_;
};

}  // namespace

std::vector<ScenarioCase> ScenarioShrinker::candidates(const ScenarioCase& c) { return Candidates(c).all(); }

ScenarioCase ScenarioShrinker::shrink(ScenarioCase start, const Predicate& stillFails, int budget) {
  ScenarioCase current = std::move(start);
  bool progress = true;
  while (progress && budget > 0) {
    progress = false;
    for (ScenarioCase& candidate : candidates(current)) {
      if (budget-- <= 0) break;
      if (stillFails(candidate)) {
        current = std::move(candidate);
        progress = true;
        break;
      }
    }
  }
  return current;
}

}  // namespace replsim::testing
