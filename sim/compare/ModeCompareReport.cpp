#include "sim/compare/ModeCompareReport.h"

#include <cmath>
#include <cstdio>
#include <functional>
#include <sstream>

#include <fmt/format.h>

#include "sim/report/CompareNumbers.h"

namespace replsim {
namespace {

using Json = nlohmann::ordered_json;
using compare_numbers::csvCell;
using compare_numbers::fixed;
using compare_numbers::msJson;
Json numJson(double v) { return compare_numbers::ratioJson(v); }
// Counts are means over seeds: whole numbers print without decimals.
std::string count(double v) { return v == std::floor(v) ? fixed(v, 0) : fixed(v, 1); }
std::string msText(std::optional<double> v) { return v ? fmt::format("{} ms", fixed(*v, 1)) : std::string("never"); }

Json situationJson(const SituationResult& s) {
  Json j;
  j["situation"] = s.what;
  j["writes_issued"] = numJson(s.writesIssued);
  j["writes_failed"] = numJson(s.writesFailed);
  j["writes_delayed"] = numJson(s.writesDelayed);
  j["recovered_after_ms"] = msJson(s.recoverMs);
  j["client_latency_p99_ms"] = msJson(s.latencyP99Ms);
  j["propagation_p99_ms"] = msJson(s.propagationP99Ms);
  j["conflicts"] = numJson(s.conflicts);
  j["discarded"] = numJson(s.discarded);
  j["writes_lost"] = numJson(s.writesLost);
  return j;
}

constexpr size_t kLabel = 38, kColumn = 31;

std::string row(const std::string& label, const std::vector<std::string>& cells) {
  std::string s = label;
  s.resize(std::max(kLabel, s.size()), ' ');
  for (const std::string& c : cells) {
    std::string cell = c;
    if (cell.size() < kColumn) cell.resize(kColumn, ' ');
    s += cell;
  }
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s + "\n";
}

std::vector<std::string> perMode(const ModeComparisonResult& r, const std::function<std::string(const ModeResult&)>& f) {
  std::vector<std::string> cells;
  for (const ModeResult& m : r.modes) cells.push_back(f(m));
  return cells;
}

}  // namespace

Json modeCompareJson(const ModeComparisonResult& r) {
  Json j;
  j["replsim_compare_modes"] = 1;
  j["scenario"] = r.scenario;
  j["datacenters"] = r.datacenters;
  j["first_seed"] = r.firstSeed;
  j["seeds"] = r.seeds;
  j["window_ms"] = {{"fail_at", msJson(r.failAt.ms())}, {"recover_at", msJson(r.recoverAt.ms())},
                    {"defaulted", r.windowDefaulted}};
  j["flapping_ms"] = {{"down", msJson(r.flapDown.ms())}, {"every", msJson(r.flapEvery.ms())}};
  Json modes = Json::array();
  for (const ModeResult& m : r.modes) {
    Json mj;
    mj["mode"] = toString(m.mode);
    mj["setup"] = m.setup;
    Json latency = Json::array();
    for (const DatacenterLatency& l : m.latency)
      latency.push_back({{"datacenter", l.datacenter}, {"writes", numJson(l.writes)},
                         {"p50_ms", msJson(l.p50Ms)}, {"p99_ms", msJson(l.p99Ms)}});
    mj["write_latency"] = latency;
    mj["no_trouble"] = situationJson(m.normal);
    Json outages = Json::array();
    for (const SituationResult& s : m.outages) outages.push_back(situationJson(s));
    mj["datacenter_outage"] = {{"mean", situationJson(m.outageMean)}, {"each", outages}};
    mj["network_flapping"] = situationJson(m.flapping);
    modes.push_back(mj);
  }
  j["modes"] = modes;
  return j;
}

std::string modeCompareText(const ModeComparisonResult& r) {
  std::ostringstream os;
  std::string dcs;
  for (const std::string& d : r.datacenters) dcs += fmt::format("{}{}", dcs.empty() ? "" : ", ", d);
  os << "replsim compare --modes — " << r.scenario << ": datacenters " << dcs << "; seed " << r.firstSeed
     << (r.seeds > 1 ? fmt::format(" (+{} more, averaged)", r.seeds - 1) : std::string()) << "\n";
  os << "Trouble window " << formatMs(r.failAt) << "–" << formatMs(r.recoverAt) << " ms"
     << (r.windowDefaulted ? " (25%–75% of the workload)" : "") << ";\nflapping: datacenters cut apart "
     << formatMs(r.flapDown) << " ms in every " << formatMs(r.flapEvery) << " ms\n\n";
  os << row("", perMode(r, [](const ModeResult& m) { return std::string(toString(m.mode)); }));
  os << row("", perMode(r, [](const ModeResult& m) { return m.setup.size() > kColumn - 2 ? m.setup.substr(0, kColumn - 3) + "…" : m.setup; }));

  os << "\nPerformance: client write latency p50 / p99\n";
  for (size_t d = 0; d < r.datacenters.size(); ++d)
    os << row(fmt::format("  clients in {}", r.datacenters[d]), perMode(r, [&](const ModeResult& m) {
                return fmt::format("{} / {} ms", fixed(m.latency[d].p50Ms, 1), fixed(m.latency[d].p99Ms, 1));
              }));

  auto situationRows = [&](const std::function<const SituationResult&(const ModeResult&)>& pick, bool withLatency) {
    os << row("  writes failed", perMode(r, [&](const ModeResult& m) {
                return fmt::format("{} of {}", count(pick(m).writesFailed), count(pick(m).writesIssued));
              }));
    os << row("  writes delayed", perMode(r, [&](const ModeResult& m) { return count(pick(m).writesDelayed); }));
    if (withLatency) {
      os << row("  client write latency p99",
                perMode(r, [&](const ModeResult& m) { return fmt::format("{} ms", fixed(pick(m).latencyP99Ms, 1)); }));
      os << row("  replication p99",
                perMode(r, [&](const ModeResult& m) { return fmt::format("{} ms", fixed(pick(m).propagationP99Ms, 1)); }));
    }
    os << row("  all replicas caught up after",
              perMode(r, [&](const ModeResult& m) { return msText(pick(m).recoverMs); }));
  };
  os << "\nTolerance of datacenter outages (each datacenter down for the window; mean)\n";
  situationRows([](const ModeResult& m) -> const SituationResult& { return m.outageMean; }, false);
  for (size_t d = 0; d < r.datacenters.size(); ++d)
    os << row(fmt::format("  {} down: failed / delayed", r.datacenters[d]), perMode(r, [&](const ModeResult& m) {
                return fmt::format("{} / {}", count(m.outages[d].writesFailed), count(m.outages[d].writesDelayed));
              }));
  os << "\nTolerance of network problems (inter-datacenter links flapping)\n";
  situationRows([](const ModeResult& m) -> const SituationResult& { return m.flapping; }, true);

  os << "\nConflicts / writes lost to a concurrent write\n";
  os << row("  no trouble", perMode(r, [](const ModeResult& m) {
              return fmt::format("{} / {}", count(m.normal.conflicts), count(m.normal.writesLost));
            }));
  os << row("  datacenter outage (mean)", perMode(r, [](const ModeResult& m) {
              return fmt::format("{} / {}", count(m.outageMean.conflicts), count(m.outageMean.writesLost));
            }));
  os << row("  network flapping", perMode(r, [](const ModeResult& m) {
              return fmt::format("{} / {}", count(m.flapping.conflicts), count(m.flapping.writesLost));
            }));
  os << "\nDelayed: issued in the window and slower to reach every replica than any write of the run\n"
        "without trouble. Caught up: after the window, until every replica had every earlier write.\n"
        "docs/compare.md.\n";
  return os.str();
}

std::string modeCompareCsv(const ModeComparisonResult& r) {
  std::ostringstream os;
  os << "mode,situation,clients_in,writes_issued,writes_failed,writes_delayed,recovered_after_ms,"
        "client_latency_p50_ms,client_latency_p99_ms,propagation_p99_ms,conflicts,discarded,writes_lost\n";
  auto line = [&](const ModeResult& m, const SituationResult& s) {
    const Json j = situationJson(s);
    os << toString(m.mode) << "," << s.what << ",";
    for (const char* k : {"writes_issued", "writes_failed", "writes_delayed", "recovered_after_ms"}) os << "," << csvCell(j[k]);
    os << ",," << csvCell(j["client_latency_p99_ms"]);
    for (const char* k : {"propagation_p99_ms", "conflicts", "discarded", "writes_lost"}) os << "," << csvCell(j[k]);
    os << "\n";
  };
  for (const ModeResult& m : r.modes) {
    // Per-datacenter latency rows (no trouble): writes_issued counts the
    // successful writes of that datacenter's clients.
    for (const DatacenterLatency& l : m.latency)
      os << toString(m.mode) << "," << m.normal.what << "," << l.datacenter << "," << csvCell(numJson(l.writes))
         << ",,,," << csvCell(msJson(l.p50Ms)) << "," << csvCell(msJson(l.p99Ms)) << ",,,,\n";
    line(m, m.normal);
    for (const SituationResult& s : m.outages) line(m, s);
    line(m, m.flapping);
  }
  return os.str();
}

}  // namespace replsim
