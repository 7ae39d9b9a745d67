#include "sim/report/SweepReport.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "sim/report/CompareNumbers.h"

namespace replsim {
namespace {

using compare_numbers::fixed;
using compare_numbers::ratioJson;

constexpr size_t kListedFailures = 20;

// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
std::string csvCell(const ReportJson& v) {
  const std::string text = compare_numbers::csvCell(v);
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string q = "\"";
  for (char ch : text) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return q + "\"";
}

std::string num(double v) { return sweepNumber(v); }

ReportJson statisticsJson(const SampleStatistics& s) {
  ReportJson j;
  j["n"] = s.n;
  const bool any = s.n > 0;
  j["mean"] = any ? ratioJson(s.mean) : ReportJson(nullptr);
  j["sd"] = any ? ratioJson(s.sd) : ReportJson(nullptr);
  j["min"] = any ? ratioJson(s.min) : ReportJson(nullptr);
  j["p50"] = any ? ratioJson(s.p50) : ReportJson(nullptr);
  j["p90"] = any ? ratioJson(s.p90) : ReportJson(nullptr);
  j["p99"] = any ? ratioJson(s.p99) : ReportJson(nullptr);
  j["max"] = any ? ratioJson(s.max) : ReportJson(nullptr);
  j["ci95"] = s.hasInterval ? ReportJson::array({ratioJson(s.ciLow), ratioJson(s.ciHigh)}) : ReportJson(nullptr);
  return j;
}

// Left-aligned first column, right-aligned others, two spaces apart.
std::string table(const std::vector<std::vector<std::string>>& rows, const std::string& indent) {
  std::vector<size_t> width;
  for (const auto& row : rows)
    for (size_t c = 0; c < row.size(); ++c) {
      if (width.size() <= c) width.push_back(0);
      width[c] = std::max(width[c], row[c].size());
    }
  std::string out;
  for (const auto& row : rows) {
    std::string line = indent;
    for (size_t c = 0; c < row.size(); ++c) {
      const std::string pad(width[c] - row[c].size(), ' ');
      line += c == 0 ? row[c] + pad : "  " + pad + row[c];
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

// "cell,PARAM1,PARAM2": the first columns of both CSV tables.
std::string csvCellColumns(const SweepResult& r) {
  std::string s = "cell";
  for (const SweepGrid::Parameter& p : r.parameters) {
    s += ',';
    s += csvCell(ReportJson(p.path));
  }
  return s;
}

// "C,V1,V2": cell C's index and parameter values.
std::string csvCellValues(const SweepResult& r, size_t c) {
  std::string s = std::to_string(c);
  for (const ScenarioOverride& o : r.cells[c].set) {
    s += ',';
    s += csvCell(ReportJson(sweepValueText(o.value())));
  }
  return s;
}

std::string seedRange(const SweepResult& r) {
  return r.firstSeed == r.lastSeed ? std::to_string(r.firstSeed)
                                   : std::to_string(r.firstSeed) + ".." + std::to_string(r.lastSeed);
}

}  // namespace

std::string sweepNumber(double v) {
  const double r = compare_numbers::rounded(v, 1e3);
  if (std::fabs(r) < 1e15 && r == std::floor(r)) return fixed(r, 0);
  return fixed(r, 3);
}

std::string sweepValueText(const nlohmann::json& value) { return ScenarioOverride::valueText(value); }

ReportJson sweepJson(const SweepResult& r) {
  ReportJson j;
  j["replsim_sweep"] = 1;
  j["scenario"] = {{"file", r.scenarioFile}, {"name", r.scenarioName}, {"digest", r.scenarioDigest}};
  ReportJson params = ReportJson::array();
  for (const SweepGrid::Parameter& p : r.parameters) {
    ReportJson values = ReportJson::array();
    for (const nlohmann::json& v : p.values) values.push_back(ReportJson::parse(v.dump()));
    params.push_back({{"path", p.path}, {"values", values}});
  }
  j["parameters"] = params;
  j["seeds"] = {{"first", r.firstSeed}, {"last", r.lastSeed}};
  if (r.sharded()) j["shard"] = {{"index", r.shardIndex}, {"count", r.shardCount}};
  ReportJson metrics = ReportJson::array();
  for (size_t m = 0; m < r.metrics.size(); ++m)
    metrics.push_back({{"name", r.metrics[m]}, {"kind", r.proportion[m] ? "proportion" : "mean"}});
  j["metrics"] = metrics;
  j["runs"] = r.runCount();
  j["failed"] = r.failedCount();
  ReportJson cells = ReportJson::array();
  for (size_t c = 0; c < r.cells.size(); ++c) {
    const SweepCell& cell = r.cells[c];
    ReportJson cj;
    ReportJson set = ReportJson::object();
    for (const ScenarioOverride& o : cell.set) set[o.path()] = ReportJson::parse(o.value().dump());
    cj["set"] = set;
    cj["runs"] = cell.runs.size();
    cj["failed"] = cell.failed();
    ReportJson stats = ReportJson::object();
    for (size_t m = 0; m < r.metrics.size(); ++m) stats[r.metrics[m]] = statisticsJson(r.statistics(c, m));
    cj["statistics"] = stats;
    ReportJson seeds = ReportJson::array();
    for (const SweepRun& run : cell.runs) seeds.push_back(run.seed);
    cj["seeds"] = seeds;
    ReportJson values = ReportJson::object();
    for (size_t m = 0; m < r.metrics.size(); ++m) {
      ReportJson column = ReportJson::array();
      for (const SweepRun& run : cell.runs) column.push_back(run.values[m] ? ReportJson(*run.values[m]) : ReportJson(nullptr));
      values[r.metrics[m]] = column;
    }
    cj["values"] = values;
    ReportJson failures = ReportJson::array();
    for (const SweepRun& run : cell.runs)
      if (run.status != 0)
        failures.push_back({{"seed", run.seed}, {"status", run.status}, {"reason", run.reason},
                            {"replay", r.replayCommand(c, run.seed)}});
    cj["failures"] = failures;
    cells.push_back(cj);
  }
  j["cells"] = cells;
  return j;
}

std::string sweepText(const SweepResult& r) {
  std::ostringstream os;
  os << "replsim sweep — " << (r.scenarioName.empty() ? r.scenarioFile : r.scenarioName) << "  (" << r.scenarioFile
     << ", digest " << r.scenarioDigest << ")\n";
  os << "Grid        " << r.cells.size() << (r.cells.size() == 1 ? " cell" : " cells") << " × seeds " << seedRange(r);
  if (r.sharded()) os << ", shard " << r.shardIndex << "/" << r.shardCount;
  os << " = " << r.runCount() << (r.runCount() == 1 ? " run" : " runs") << ", " << r.failedCount() << " failed\n";
  for (const SweepGrid::Parameter& p : r.parameters) {
    os << "  --set " << p.path << " = ";
    for (size_t i = 0; i < p.values.size(); ++i) os << (i ? ", " : "") << sweepValueText(p.values[i]);
    os << "\n";
  }
  for (size_t m = 0; m < r.metrics.size(); ++m) {
    os << "\n" << r.metrics[m]
       << (r.proportion[m] ? "  (proportion true; 95% CI Wilson)" : "  (95% CI of the mean, Student t)") << "\n";
    std::vector<std::vector<std::string>> rows;
    if (r.proportion[m]) rows.push_back({"cell", "n", "true", "rate", "95% CI", "failed"});
    else rows.push_back({"cell", "n", "mean", "sd", "min", "p50", "p90", "p99", "max", "95% CI", "failed"});
    for (size_t c = 0; c < r.cells.size(); ++c) {
      const SampleStatistics s = r.statistics(c, m);
      const std::string ci =
          s.hasInterval ? std::string("[").append(num(s.ciLow)).append(", ").append(num(s.ciHigh)).append("]") : "-";
      const std::string failed = std::to_string(r.cells[c].failed());
      if (s.n == 0) {
        if (r.proportion[m]) rows.push_back({r.cellLabel(c), "0", "-", "-", "-", failed});
        else rows.push_back({r.cellLabel(c), "0", "-", "-", "-", "-", "-", "-", "-", "-", failed});
      } else if (r.proportion[m]) {
        rows.push_back({r.cellLabel(c), std::to_string(s.n), num(std::round(s.mean * static_cast<double>(s.n))),
                        num(s.mean), ci, failed});
      } else {
        rows.push_back({r.cellLabel(c), std::to_string(s.n), num(s.mean), num(s.sd), num(s.min), num(s.p50), num(s.p90),
                        num(s.p99), num(s.max), ci, failed});
      }
    }
    os << table(rows, "  ");
  }
  if (r.failedCount() > 0) {
    os << "\nFailed runs  " << r.failedCount() << " of " << r.runCount() << " (counted above, listed with the command "
       << "that replays each)\n";
    size_t listed = 0;
    for (size_t c = 0; c < r.cells.size(); ++c)
      for (const SweepRun& run : r.cells[c].runs) {
        if (run.status == 0) continue;
        if (listed++ == kListedFailures) break;
        os << "  seed " << run.seed << "  " << r.cellLabel(c) << "  " << run.reason << "\n    " << r.replayCommand(c, run.seed)
           << "\n";
      }
    if (listed > kListedFailures)
      os << "  ... and " << r.failedCount() - kListedFailures << " more (--format json lists them all)\n";
  }
  return os.str();
}

std::string sweepCsv(const SweepResult& r) {
  std::ostringstream os;
  os << csvCellColumns(r) << ",runs,failed";
  for (const std::string& m : r.metrics)
    for (const char* stat : {"n", "mean", "sd", "min", "p50", "p90", "p99", "max", "ci95_low", "ci95_high"})
      os << "," << csvCell(ReportJson(m + "." + stat));
  os << "\n";
  for (size_t c = 0; c < r.cells.size(); ++c) {
    os << csvCellValues(r, c) << "," << r.cells[c].runs.size() << "," << r.cells[c].failed();
    for (size_t m = 0; m < r.metrics.size(); ++m) {
      const ReportJson s = statisticsJson(r.statistics(c, m));
      os << "," << s["n"].get<size_t>();
      for (const char* stat : {"mean", "sd", "min", "p50", "p90", "p99", "max"}) os << "," << csvCell(s[stat]);
      os << "," << (s["ci95"].is_null() ? "" : csvCell(s["ci95"][0])) << ","
         << (s["ci95"].is_null() ? "" : csvCell(s["ci95"][1]));
    }
    os << "\n";
  }
  return os.str();
}

std::string sweepRunsCsv(const SweepResult& r) {
  std::ostringstream os;
  os << csvCellColumns(r) << ",seed,status,reason";
  for (const std::string& m : r.metrics) os << "," << csvCell(ReportJson(m));
  os << "\n";
  for (size_t c = 0; c < r.cells.size(); ++c)
    for (const SweepRun& run : r.cells[c].runs) {
      os << csvCellValues(r, c) << "," << run.seed << "," << run.status << "," << csvCell(ReportJson(run.reason));
      for (const std::optional<double>& v : run.values) os << "," << (v ? csvCell(ReportJson(*v)) : "");
      os << "\n";
    }
  return os.str();
}

}  // namespace replsim
