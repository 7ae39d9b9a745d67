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
  j["reads"] = numJson(s.reads);
  j["reads_failed"] = numJson(s.readsFailed);
  j["stale_reads"] = numJson(s.staleReads);
  return j;
}

// Columns as displayed: UTF-8 code points, not bytes (a cell may end in "…").
size_t displayWidth(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Column widths: one or two modes keep the roomy layout; three need
// narrower columns to fit 100 columns (31 + 3 x 23 = 100).
struct Layout {
  size_t label, column;
  explicit Layout(size_t modes) : label(modes <= 2 ? 38 : 31), column(modes <= 2 ? 31 : 23) {}

  std::string row(const std::string& title, const std::vector<std::string>& cells) const {
    std::string s = title;
    s.resize(std::max(label, s.size()), ' ');
    for (const std::string& c : cells) {
      std::string cell = c;
      const size_t width = displayWidth(cell);
      if (width < column) cell.append(column - width, ' ');
      s += cell;
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s + "\n";
  }
};

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
                         {"p50_ms", msJson(l.p50Ms)}, {"p99_ms", msJson(l.p99Ms)}, {"reads", numJson(l.reads)},
                         {"read_p50_ms", msJson(l.readP50Ms)}, {"read_p99_ms", msJson(l.readP99Ms)}});
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
  const Layout lay(r.modes.size());
  std::string dcs;
  for (const std::string& d : r.datacenters) dcs += fmt::format("{}{}", dcs.empty() ? "" : ", ", d);
  os << "replsim compare --modes — " << r.scenario << ": datacenters " << dcs << "; seed " << r.firstSeed
     << (r.seeds > 1 ? fmt::format(" (+{} more, averaged)", r.seeds - 1) : std::string()) << "\n";
  os << "Trouble window " << formatMs(r.failAt) << "–" << formatMs(r.recoverAt) << " ms"
     << (r.windowDefaulted ? " (25%–75% of the workload)" : "") << ";\nflapping: datacenters cut apart "
     << formatMs(r.flapDown) << " ms in every " << formatMs(r.flapEvery) << " ms\n\n";
  os << lay.row("", perMode(r, [](const ModeResult& m) { return std::string(toString(m.mode)); }));
  os << lay.row("", perMode(r, [&](const ModeResult& m) { return m.setup.size() > lay.column - 2 ? m.setup.substr(0, lay.column - 3) + "…" : m.setup; }));

  os << "\nPerformance: client write latency p50 / p99\n";
  for (size_t d = 0; d < r.datacenters.size(); ++d)
    os << lay.row(fmt::format("  clients in {}", r.datacenters[d]), perMode(r, [&](const ModeResult& m) {
                return fmt::format("{} / {} ms", fixed(m.latency[d].p50Ms, 1), fixed(m.latency[d].p99Ms, 1));
              }));

  auto situationRows = [&](const std::function<const SituationResult&(const ModeResult&)>& pick, bool withLatency) {
    os << lay.row("  writes failed", perMode(r, [&](const ModeResult& m) {
                return fmt::format("{} of {}", count(pick(m).writesFailed), count(pick(m).writesIssued));
              }));
    os << lay.row("  writes delayed", perMode(r, [&](const ModeResult& m) { return count(pick(m).writesDelayed); }));
    if (withLatency) {
      os << lay.row("  client write latency p99",
                perMode(r, [&](const ModeResult& m) { return fmt::format("{} ms", fixed(pick(m).latencyP99Ms, 1)); }));
      os << lay.row("  replication p99",
                perMode(r, [&](const ModeResult& m) { return fmt::format("{} ms", fixed(pick(m).propagationP99Ms, 1)); }));
    }
    os << lay.row("  all replicas caught up after",
              perMode(r, [&](const ModeResult& m) { return msText(pick(m).recoverMs); }));
  };
  bool anyReads = false;
  for (const ModeResult& m : r.modes)
    for (const DatacenterLatency& l : m.latency) anyReads = anyReads || l.reads > 0;
  if (anyReads) {
    os << "\nPerformance: client read latency p50 / p99\n";
    for (size_t d = 0; d < r.datacenters.size(); ++d)
      os << lay.row(fmt::format("  clients in {}", r.datacenters[d]), perMode(r, [&](const ModeResult& m) {
                  return fmt::format("{} / {} ms", fixed(m.latency[d].readP50Ms, 1), fixed(m.latency[d].readP99Ms, 1));
                }));
  }

  os << "\nTolerance of datacenter outages (each datacenter down for the window; mean)\n";
  situationRows([](const ModeResult& m) -> const SituationResult& { return m.outageMean; }, false);
  for (size_t d = 0; d < r.datacenters.size(); ++d)
    os << lay.row(fmt::format("  {} down: failed / delayed", r.datacenters[d]), perMode(r, [&](const ModeResult& m) {
                return fmt::format("{} / {}", count(m.outages[d].writesFailed), count(m.outages[d].writesDelayed));
              }));
  os << "\nTolerance of network problems (inter-datacenter links flapping)\n";
  situationRows([](const ModeResult& m) -> const SituationResult& { return m.flapping; }, true);

  os << "\nConflicts / writes lost to a concurrent write\n";
  os << lay.row("  no trouble", perMode(r, [](const ModeResult& m) {
              return fmt::format("{} / {}", count(m.normal.conflicts), count(m.normal.writesLost));
            }));
  os << lay.row("  datacenter outage (mean)", perMode(r, [](const ModeResult& m) {
              return fmt::format("{} / {}", count(m.outageMean.conflicts), count(m.outageMean.writesLost));
            }));
  os << lay.row("  network flapping", perMode(r, [](const ModeResult& m) {
              return fmt::format("{} / {}", count(m.flapping.conflicts), count(m.flapping.writesLost));
            }));
  os << "\nStale reads / reads failed, of reads issued\n";
  const auto readsCell = [](const SituationResult& s) {
    return fmt::format("{} / {} of {}", count(s.staleReads), count(s.readsFailed), count(s.reads));
  };
  os << lay.row("  no trouble", perMode(r, [&](const ModeResult& m) { return readsCell(m.normal); }));
  os << lay.row("  datacenter outage (mean)", perMode(r, [&](const ModeResult& m) { return readsCell(m.outageMean); }));
  os << lay.row("  network flapping", perMode(r, [&](const ModeResult& m) { return readsCell(m.flapping); }));
  os << "\nDelayed: issued in the window and slower to reach every replica than any write of the run\n"
        "without trouble. Caught up: after the window, until every replica had every earlier write\n"
        "(leaderless: every replica of its key). Lost: confirmed to its client, then overridden by a\n"
        "concurrent write. Stale: missed a write confirmed before the read began. docs/compare.md.\n";
  return os.str();
}

std::string modeCompareCsv(const ModeComparisonResult& r) {
  std::ostringstream os;
  os << "mode,situation,clients_in,writes_issued,writes_failed,writes_delayed,recovered_after_ms,"
        "client_latency_p50_ms,client_latency_p99_ms,propagation_p99_ms,conflicts,discarded,writes_lost,"
        "reads,reads_failed,stale_reads,read_latency_p50_ms,read_latency_p99_ms\n";
  auto line = [&](const ModeResult& m, const SituationResult& s) {
    const Json j = situationJson(s);
    os << toString(m.mode) << "," << s.what << ",";
    for (const char* k : {"writes_issued", "writes_failed", "writes_delayed", "recovered_after_ms"}) os << "," << csvCell(j[k]);
    os << ",," << csvCell(j["client_latency_p99_ms"]);
    for (const char* k : {"propagation_p99_ms", "conflicts", "discarded", "writes_lost", "reads", "reads_failed",
                          "stale_reads"})
      os << "," << csvCell(j[k]);
    os << ",,\n";
  };
  for (const ModeResult& m : r.modes) {
    // Per-datacenter latency rows (no trouble): writes_issued counts the
    // successful writes of that datacenter's clients.
    for (const DatacenterLatency& l : m.latency)
      os << toString(m.mode) << "," << m.normal.what << "," << l.datacenter << "," << csvCell(numJson(l.writes))
         << ",,,," << csvCell(msJson(l.p50Ms)) << "," << csvCell(msJson(l.p99Ms)) << ",,,,," << csvCell(numJson(l.reads))
         << ",,," << csvCell(msJson(l.readP50Ms)) << "," << csvCell(msJson(l.readP99Ms)) << "\n";
    line(m, m.normal);
    for (const SituationResult& s : m.outages) line(m, s);
    line(m, m.flapping);
  }
  return os.str();
}

}  // namespace replsim
