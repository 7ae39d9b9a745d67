#include "sim/report/CompareReport.h"

#include <cmath>
#include <cstdio>
#include <iterator>
#include <sstream>

#include "sim/report/CompareNumbers.h"

namespace replsim {
namespace {

using Json = nlohmann::ordered_json;
using compare_numbers::csvCell;
using compare_numbers::fixed;
using compare_numbers::msJson;
using compare_numbers::ratioJson;

const std::string& name(const ComparisonResult& r, NodeId n) { return r.leaders[n]; }

// Terminal columns of UTF-8 text: one per code point ("→", "±", "✓").
size_t columns(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

Json pairsJson(const ComparisonResult& r, const std::vector<ReplicationPair>& pairs) {
  Json a = Json::array();
  for (const ReplicationPair& p : pairs) a.push_back({name(r, p.origin), name(r, p.replica)});
  return a;
}

const char* failureKind(const CompareFailure& f) {
  switch (f.kind) {
    case CompareFailure::Kind::None: return "none";
    case CompareFailure::Kind::Node: return "node";
    case CompareFailure::Kind::Link: return "link";
  }
  return "?";
}

// Each per-seed metric with the name the JSON and CSV give it.
struct SeedMetric {
  const char* name;
  std::optional<double> FailureResult::Seed::*value;
  bool ms;
};
const SeedMetric kSeedMetrics[] = {
    {"messages_per_write", &FailureResult::Seed::messagesPerWrite, false},
    {"propagation_p50_ms", &FailureResult::Seed::propagationP50Ms, true},
    {"propagation_p99_ms", &FailureResult::Seed::propagationP99Ms, true},
    {"cut_fraction_simulated", &FailureResult::Seed::simulatedCutFraction, false},
    {"writes_delayed", &FailureResult::Seed::writesDelayed, false},
    {"max_staleness_ms", &FailureResult::Seed::maxStalenessMs, true},
    {"catch_up_ms", &FailureResult::Seed::catchUpMs, true},
    {"converged_after_recovery_ms", &FailureResult::Seed::convergedAfterMs, true},
};

// The standard deviation over the seeds of one metric of one failure.
std::optional<double> spread(const FailureResult& f, std::optional<double> FailureResult::Seed::*value) {
  std::vector<std::optional<double>> values;
  for (const FailureResult::Seed& s : f.seeds) values.push_back(s.*value);
  return standardDeviation(values);
}

// "node B", "hub H" (a star's hub), "link A→B".
std::string failureLabel(const ComparisonResult& r, const TopologyResult& t, const FailureResult& f) {
  if (f.failure.kind == CompareFailure::Kind::Node)
    return (t.hub == f.failure.node ? "hub " : "node ") + name(r, f.failure.node);
  if (f.failure.kind == CompareFailure::Kind::Link) return "link " + name(r, f.failure.from) + "→" + name(r, f.failure.to);
  return "none";
}

Json failureJson(const ComparisonResult& r, const FailureResult& f) {
  Json j;
  Json what;
  what["kind"] = failureKind(f.failure);
  if (f.failure.kind == CompareFailure::Kind::Node) what["node"] = name(r, f.failure.node);
  if (f.failure.kind == CompareFailure::Kind::Link) {
    what["from"] = name(r, f.failure.from);
    what["to"] = name(r, f.failure.to);
  }
  j["failure"] = what;
  j["messages_per_write"] = ratioJson(f.messagesPerWrite);
  j["propagation_ms"] = {{"p50", msJson(f.propagationP50Ms)}, {"p99", msJson(f.propagationP99Ms)}};
  Json cut;
  cut["simulated"] = {{"fraction", ratioJson(f.simulatedCutFraction)},
                      {"pairs_observed", f.pairsObserved},
                      {"pairs", pairsJson(r, f.simulatedCut)}};
  cut["predicted"] = {{"fraction", ratioJson(f.predictedCutFraction)},
                      {"pairs_total", f.pairsPredicted},
                      {"pairs", pairsJson(r, f.predictedCut)}};
  cut["agree"] = f.agrees();
  cut["cut_not_predicted"] = pairsJson(r, f.cutNotPredicted);
  cut["predicted_not_cut"] = pairsJson(r, f.predictedNotCut);
  j["cut"] = cut;
  j["writes_delayed"] = ratioJson(f.writesDelayed);
  j["max_staleness_ms"] = msJson(f.maxStalenessMs);
  j["catch_up_ms"] = msJson(f.catchUpMs);
  j["converged_after_recovery_ms"] = msJson(f.convergedAfterMs);
  if (r.seeds > 1) {
    Json sd;
    for (const SeedMetric& m : kSeedMetrics) sd[m.name] = m.ms ? msJson(spread(f, m.value)) : ratioJson(spread(f, m.value));
    j["standard_deviation"] = sd;
  }
  return j;
}

Json summaryJson(const WorstAndAverage& v, Json (*number)(std::optional<double>)) {
  return {{"worst", number(v.worst)}, {"average", number(v.average)}};
}

// ---------------------------------------------------------------- text

std::string fixedOr(std::optional<double> v, int decimals, const char* missing) {
  return v ? fixed(*v, decimals) : missing;
}

std::string cutCell(std::optional<double> simulated, std::optional<double> predicted) {
  auto percent = [](std::optional<double> v) { return v ? fixed(*v * 100.0, 1) : std::string("-"); };
  return percent(simulated) + "/" + percent(predicted);
}

std::string describeFailure(const ComparisonResult& r, const FailureResult& f) {
  if (f.failure.kind == CompareFailure::Kind::Node) return name(r, f.failure.node) + " crashed";
  return "link " + name(r, f.failure.from) + "→" + name(r, f.failure.to) + " down";
}

std::string pairList(const ComparisonResult& r, const std::vector<ReplicationPair>& pairs) {
  std::string s;
  for (const ReplicationPair& p : pairs) s += (s.empty() ? "" : " ") + name(r, p.origin) + "→" + name(r, p.replica);
  return s.empty() ? "none" : s;
}

// Centres `text` (ASCII) in `width` columns.
std::string centred(const std::string& text, size_t width) {
  const size_t left = text.size() < width ? (width - text.size()) / 2 : 0;
  std::string s = std::string(left, ' ') + text;
  return s + std::string(s.size() < width ? width - s.size() : 0, ' ');
}

// The table's columns: the first left-aligned, the others right-aligned,
// padded by display columns (a "±" is one).
constexpr size_t kColumns[] = {18, 6, 7, 7, 12, 12, 8, 9, 9};

void row(std::ostream& os, const std::vector<std::string>& c) {
  std::string line;
  for (size_t i = 0; i < std::size(kColumns); ++i) {
    const std::string pad(columns(c[i]) < kColumns[i] ? kColumns[i] - columns(c[i]) : 0, ' ');
    line += i == 0 ? c[i] + pad : " " + pad + c[i];
  }
  os << line << "\n";
}

// The "±" row under a topology's row with --seeds K: the standard deviation
// over the seeds of each cell: the run without failures; for a "worst"
// cell, the failure that gave the worst value (the first of equal ones);
// for an "average" cell, each seed's average over the failures.
void spreadRow(std::ostream& os, const TopologyResult& t, bool failures) {
  const FailureResult& b = t.baseline;
  using Field = std::optional<double> FailureResult::Seed::*;
  auto worstSd = [&](Field field, std::optional<double> FailureResult::*mean) -> std::optional<double> {
    const FailureResult* worst = nullptr;
    for (const FailureResult& f : t.failures)
      if ((f.*mean) && (!worst || *(f.*mean) > *(worst->*mean))) worst = &f;
    return worst ? spread(*worst, field) : std::nullopt;
  };
  auto averageSd = [&](Field field) -> std::optional<double> {
    if (t.failures.empty()) return std::nullopt;
    std::vector<std::optional<double>> perSeed;
    for (size_t s = 0; s < t.failures.front().seeds.size(); ++s) {
      double sum = 0;
      size_t count = 0;
      for (const FailureResult& f : t.failures)
        if (const auto& v = f.seeds[s].*field) sum += *v, ++count;
      perSeed.push_back(count ? std::optional<double>(sum / static_cast<double>(count)) : std::nullopt);
    }
    return standardDeviation(perSeed);
  };
  auto sd = [](std::optional<double> v, int decimals, double scale = 1.0) {
    return v ? "±" + fixed(*v * scale, decimals) : std::string("-");
  };
  const FailureResult* worstCut = nullptr;
  for (const FailureResult& f : t.failures)
    if (f.simulatedCutFraction && (!worstCut || *f.simulatedCutFraction > *worstCut->simulatedCutFraction))
      worstCut = &f;
  const FailureResult* worstDelayed = nullptr;
  for (const FailureResult& f : t.failures)
    if (!worstDelayed || f.writesDelayed > worstDelayed->writesDelayed) worstDelayed = &f;
  row(os, {"  ±", sd(spread(b, &FailureResult::Seed::messagesPerWrite), 2),
           sd(spread(b, &FailureResult::Seed::propagationP50Ms), 1),
           sd(spread(b, &FailureResult::Seed::propagationP99Ms), 1),
           failures && worstCut ? sd(spread(*worstCut, &FailureResult::Seed::simulatedCutFraction), 1, 100.0) : "-",
           failures ? sd(averageSd(&FailureResult::Seed::simulatedCutFraction), 1, 100.0) : "-",
           worstDelayed ? sd(spread(*worstDelayed, &FailureResult::Seed::writesDelayed), 1) : "-",
           sd(worstSd(&FailureResult::Seed::maxStalenessMs, &FailureResult::maxStalenessMs), 1),
           sd(worstSd(&FailureResult::Seed::catchUpMs, &FailureResult::catchUpMs), 1)});
}

std::string windowSentence(const ComparisonResult& r) {
  const std::string failAt = formatMs(r.window.failAt) + " ms", recoverAt = formatMs(r.window.recoverAt) + " ms";
  std::string s;
  switch (r.fail) {
    case FailureMode::None: return "No failures simulated (--fail none).";
    case FailureMode::EachNode: s = "Each leader crashed in turn at " + failAt + ", recovered at " + recoverAt; break;
    case FailureMode::EachLink: s = "Each link down in turn from " + failAt + " to " + recoverAt; break;
  }
  if (r.failAtDefaulted || r.recoverAtDefaulted)
    s += " (defaults: 25% and 75% of the last client operation, at " + formatMs(r.lastClientOp) + " ms)";
  return s + ".";
}

// Greedy word wrap at 100 columns (counting "→" as one column), the first
// line starting with `first`, the others with `rest`.
void wrapped(std::ostream& os, const std::string& text, const std::string& first = "",
             const std::string& rest = "") {
  std::istringstream words(text);
  std::string word, line = first;
  bool empty = true;  // no word on `line` yet
  while (words >> word) {
    if (!empty && columns(line) + 1 + columns(word) > 100) {
      os << line << "\n";
      line = rest;
      empty = true;
    }
    line += (empty ? "" : " ") + word;
    empty = false;
  }
  if (!empty) os << line << "\n";
}

}  // namespace

Json compareJson(const ComparisonResult& r) {
  Json j;
  j["replsim_compare"] = 1;
  j["scenario"] = r.scenario;
  j["leaders"] = r.leaders;
  j["loop_prevention"] = toString(r.loopPrevention);
  j["fail"] = toString(r.fail);
  j["seeds"] = {{"first", r.firstSeed}, {"count", r.seeds}};
  j["window"] = {{"fail_at_ms", msJson(r.window.failAt.ms())},
                 {"recover_at_ms", msJson(r.window.recoverAt.ms())},
                 {"fail_at_default", r.failAtDefaulted},
                 {"recover_at_default", r.recoverAtDefaulted},
                 {"last_client_op_ms", msJson(r.lastClientOp.ms())}};
  Json topologies = Json::array();
  for (const TopologyResult& t : r.topologies) {
    Json tj;
    tj["name"] = t.name;
    tj["kind"] = toString(t.kind);
    tj["links"] = t.links;
    tj["forward"] = t.forward;
    tj["baseline"] = failureJson(r, t.baseline);
    const TopologySummary& s = t.summary;
    tj["summary"] = {{"cut_simulated", summaryJson(s.simulatedCut, ratioJson)},
                     {"cut_predicted", summaryJson(s.predictedCut, ratioJson)},
                     {"writes_delayed", summaryJson(s.writesDelayed, ratioJson)},
                     {"max_staleness_ms", summaryJson(s.maxStalenessMs, msJson)},
                     {"catch_up_ms", summaryJson(s.catchUpMs, msJson)},
                     {"converged_after_recovery_ms", summaryJson(s.convergedAfterMs, msJson)}};
    Json failures = Json::array();
    for (const FailureResult& f : t.failures) failures.push_back(failureJson(r, f));
    tj["failures"] = failures;
    if (t.worstFailure) {
      const FailureResult& w = t.failures[*t.worstFailure];
      tj["worst_failure"] = {{"index", *t.worstFailure},
                             {"label", failureLabel(r, t, w)},
                             {"pairs_cut", w.simulatedCut.size()},
                             {"writes_delayed", ratioJson(w.writesDelayed)}};
    } else {
      tj["worst_failure"] = nullptr;
    }
    topologies.push_back(tj);
  }
  j["topologies"] = topologies;
  return j;
}

std::string compareText(const ComparisonResult& r) {
  std::ostringstream os;
  os << "replsim compare: " << r.scenario << " (" << r.leaders.size() << " leaders, loop prevention "
     << toString(r.loopPrevention) << ")\n";
  std::string seeds = r.seeds == 1 ? "seed " + std::to_string(r.firstSeed)
                                   : std::to_string(r.seeds) + " seeds (" + std::to_string(r.firstSeed) + " to " +
                                         std::to_string(r.firstSeed + static_cast<uint64_t>(r.seeds) - 1) + ")";
  wrapped(os, windowSentence(r) + (r.seeds == 1 ? " Run with " : " Means over ") + seeds + ".");
  os << "\n";
  const bool failures = r.fail != FailureMode::None;
  std::string groups = std::string(19, ' ') + centred("no failure", 22) + " " +
                       centred("pairs cut %, sim/graph", 25) + " " + centred("worst failure", 28);
  groups.erase(groups.find_last_not_of(' ') + 1);
  os << groups << "\n";
  row(os, {"topology", "msgs/w", "p50 ms", "p99 ms", "worst", "average", "delayed", "stale ms", "catch-up"});
  for (const TopologyResult& t : r.topologies) {
    const TopologySummary& s = t.summary;
    const FailureResult& b = t.baseline;
    const char* never = failures ? "never" : "-";
    row(os, {t.name, fixedOr(b.messagesPerWrite, 2, "-"), fixed(b.propagationP50Ms, 1),
             fixed(b.propagationP99Ms, 1),
             failures ? cutCell(s.simulatedCut.worst, s.predictedCut.worst) : "-",
             failures ? cutCell(s.simulatedCut.average, s.predictedCut.average) : "-",
             fixedOr(s.writesDelayed.worst, 1, "-"), fixedOr(s.maxStalenessMs.worst, 1, "-"),
             fixedOr(s.catchUpMs.worst, 1, never)});
    if (r.seeds > 1) spreadRow(os, t, failures);
  }
  os << "\n";
  if (failures) {
    os << "Worst failure (most pairs cut, then most writes delayed):\n";
    for (const TopologyResult& t : r.topologies) {
      std::string line = "  " + t.name + std::string(t.name.size() < 18 ? 18 - t.name.size() : 0, ' ') + " ";
      if (!t.worstFailure) {
        os << line << "none cuts a pair or delays a write\n";
        continue;
      }
      const FailureResult& w = t.failures[*t.worstFailure];
      line += failureLabel(r, t, w) + ": " + std::to_string(w.simulatedCut.size()) +
              (w.simulatedCut.size() == 1 ? " pair cut, " : " pairs cut, ") + fixed(w.writesDelayed, 1);
      if (r.seeds > 1) line += " ± " + fixedOr(spread(w, &FailureResult::Seed::writesDelayed), 1, "-");
      line += " writes delayed";
      if (columns(line) <= 100) os << line << "\n";  // keeps the alignment wrapped() would collapse
      else wrapped(os, line, "", std::string(21, ' '));
    }
    os << "\n";
  }
  wrapped(os, "msgs/w: messages sent per write; p50/p99: propagation from issue to the last replica. "
              "Pairs cut: origin→replica pairs of live leaders where nothing the origin wrote in the second "
              "half of the failure reached the replica before recovery, simulated / predicted by Boost.Graph. "
              "delayed: writes that reached a live replica only after recovery (but before it without the "
              "failure); stale: the longest a live replica lacked a write made during the failure; catch-up: "
              "from recovery until every replica had every earlier write. " +
              std::string(r.seeds > 1 ? "±: standard deviation over the seeds (of the failure giving the worst "
                                        "value; of each seed's average). "
                                      : "") +
              "Per failure: --format json or csv; definitions: docs/compare.md.");
  if (!failures) return os.str();

  os << "\n";
  std::vector<std::string> disagreements;
  size_t unobserved = 0;
  for (const TopologyResult& t : r.topologies) {
    for (const FailureResult& f : t.failures) {
      unobserved += f.pairsObserved < f.pairsPredicted;
      if (f.agrees()) continue;
      disagreements.push_back(t.name + ", " + describeFailure(r, f) +
                              ": cut, not predicted: " + pairList(r, f.cutNotPredicted) +
                              "; predicted, not cut: " + pairList(r, f.predictedNotCut));
    }
  }
  if (disagreements.empty()) {
    os << "✓ For every failure the simulated cut pairs are exactly the predicted ones.\n";
  } else {
    os << "✗ Simulated and predicted cut pairs differ for " << disagreements.size() << " failure(s):\n";
    for (size_t i = 0; i < disagreements.size() && i < 10; ++i) wrapped(os, disagreements[i], "  ", "    ");
    if (disagreements.size() > 10) os << "  ... (all in --format json)\n";
    wrapped(os, "Known causes (docs/compare.md): a failure window not much longer than propagation (slower "
                "detours, latency noise at its edges); ordering causal (a write is held until a predecessor "
                "from a cut origin arrives); the error resolver (halted streams).");
  }
  if (unobserved > 0)
    wrapped(os, "Note: in " + std::to_string(unobserved) + " failure(s) some pairs could not be observed "
                "(an origin wrote nothing during the window, or its writes did not reach a replica within "
                "the window even without the failure); the simulated fraction is over the observed pairs.");
  return os.str();
}

std::string compareCsv(const ComparisonResult& r) {
  std::ostringstream os;
  os << "topology,failure,node,from,to,messages_per_write,propagation_p50_ms,propagation_p99_ms,"
        "pairs_observed,pairs_cut_simulated,cut_fraction_simulated,pairs_predicted,pairs_cut_predicted,"
        "cut_fraction_predicted,agree,writes_delayed,max_staleness_ms,catch_up_ms,"
        "converged_after_recovery_ms";
  for (const SeedMetric& m : kSeedMetrics) os << "," << m.name << "_sd";
  os << "\n";
  for (const TopologyResult& t : r.topologies) {
    auto line = [&](const FailureResult& f) {
      const Json j = failureJson(r, f);
      const Json& what = j["failure"];
      const Json& cut = j["cut"];
      const Json cells[] = {t.name,
                            what["kind"],
                            what.value("node", Json()),
                            what.value("from", Json()),
                            what.value("to", Json()),
                            j["messages_per_write"],
                            j["propagation_ms"]["p50"],
                            j["propagation_ms"]["p99"],
                            cut["simulated"]["pairs_observed"],
                            f.simulatedCut.size(),
                            cut["simulated"]["fraction"],
                            cut["predicted"]["pairs_total"],
                            f.predictedCut.size(),
                            cut["predicted"]["fraction"],
                            cut["agree"],
                            j["writes_delayed"],
                            j["max_staleness_ms"],
                            j["catch_up_ms"],
                            j["converged_after_recovery_ms"]};
      const char* sep = "";
      for (const Json& c : cells) {
        os << sep << csvCell(c);
        sep = ",";
      }
      for (const SeedMetric& m : kSeedMetrics)
        os << "," << csvCell(j.contains("standard_deviation") ? j["standard_deviation"][m.name] : Json());
      os << "\n";
    };
    line(t.baseline);
    for (const FailureResult& f : t.failures) line(f);
  }
  return os.str();
}

}  // namespace replsim
