#include "sim/report/TextReport.h"

#include <iomanip>
#include <map>
#include <set>
#include <sstream>
#include <vector>

#include <fmt/format.h>

namespace replsim {
namespace {

constexpr size_t kWidth = 100;
constexpr size_t kShownDiscards = 20;  // discards listed one per line
constexpr size_t kNamedLines = 6;      // lines naming the writes of the discards beyond those

// Number as printed in JSON (integers without ".0"), ms with 3 decimals.
std::string num(const ReportJson& v) { return v.dump(); }
std::string ms(const ReportJson& v) {
  if (v.is_null()) return "-";
  std::ostringstream os;
  os << std::fixed << std::setprecision(3) << v.get<double>() << " ms";
  return os.str();
}

std::string valuesText(const ReportJson& values) {
  std::string s = "[";
  for (size_t i = 0; i < values.size(); ++i) s += fmt::format("{}{}", i ? "," : "", values[i].get<std::string>());
  return s + "]";
}

// Wraps `text` into lines of at most `width`, each starting with `indent`.
void wrap(std::ostream& os, const std::string& text, const std::string& indent, size_t width = kWidth) {
  std::istringstream words(text);
  std::string word, line = indent;
  while (words >> word) {
    if (line.size() > indent.size() && line.size() + 1 + word.size() > width) {
      os << line << "\n";
      line = indent;
    }
    line += (line.size() > indent.size() ? " " : "") + word;
  }
  if (line.size() > indent.size()) os << line << "\n";
}

// Terminal columns of UTF-8 text: one per code point (✓, →, … and − are one
// column each, three bytes).
size_t columns(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// `s` cut to at most `width` columns, ending in "..." when cut; never splits a
// UTF-8 code point.
std::string truncate(std::string s, size_t width) {
  if (columns(s) <= width) return s;
  size_t cols = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (cols == width - 3) break;
    ++cols;
  }
  return s.substr(0, i) + "...";
}

// Writes `head` followed by `parts` joined with `sep`, breaking between parts
// so that no line passes `width` columns; continuation lines start with
// `indent`. A single part longer than a line is truncated.
void wrapParts(std::ostream& os, const std::string& head, const std::vector<std::string>& parts,
               const std::string& sep, const std::string& indent, size_t width = kWidth) {
  std::string line = head;
  bool lineHasPart = false;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string piece = parts[i] + (i + 1 < parts.size() ? sep : "");
    // The separator's trailing space may hang past the edge; it is trimmed.
    std::string trimmed = piece;
    while (!trimmed.empty() && trimmed.back() == ' ') trimmed.pop_back();
    if (lineHasPart && columns(line) + columns(trimmed) > width) {
      while (!line.empty() && line.back() == ' ') line.pop_back();
      os << line << "\n";
      line = indent;
    }
    line += piece;
    lineHasPart = true;
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  os << truncate(line, width) << "\n";
}

std::string names(const ReportJson& a) {
  std::string s;
  for (size_t i = 0; i < a.size(); ++i) s += fmt::format("{}{}", i ? "," : "", a[i].get<std::string>());
  return s.empty() ? "-" : s;
}

// Keys whose values differ between live leaders: "x: A=[2] B=[2] C=[1]".
std::vector<std::string> differences(const ReportJson& leaders) {
  std::set<std::string> keys;
  for (const auto& [name, l] : leaders.items())
    if (!l["crashed"].get<bool>())
      for (const auto& [k, v] : l["keys"].items()) keys.insert(k);
  std::vector<std::string> out;
  for (const std::string& k : keys) {
    std::set<std::string> distinct;
    std::string line = k + ":";
    for (const auto& [name, l] : leaders.items()) {
      if (l["crashed"].get<bool>()) continue;
      const auto& kv = l["keys"];
      const std::string v = kv.contains(k) ? valuesText(kv[k]) : "(absent)";
      distinct.insert(v);
      line += " " + name + "=" + v;
    }
    if (distinct.size() > 1) out.push_back(line);
  }
  return out;
}

// The same lines from the report's divergence list (each key's live
// replicas, when only they hold it).
std::vector<std::string> replicaDifferences(const ReportJson& divergence) {
  std::vector<std::string> out;
  for (const auto& d : divergence) {
    std::string line = d["key"].get<std::string>() + ":";
    for (const auto& [name, v] : d["leaders"].items()) line += " " + name + "=" + (v.empty() ? "(absent)" : valuesText(v));
    out.push_back(line);
  }
  return out;
}

// Datacenters, replication lag per node, and the failovers with what they lost.
void renderDatacenters(std::ostream& os, const ReportJson& r) {
  const auto& t = r["topology"];
  os << "Datacenters";
  bool first = true;
  for (const auto& dc : r["datacenters"]) {
    std::ostringstream row;
    row << (first ? " " : "            ") << std::left << std::setw(8) << truncate(dc["name"].get<std::string>(), 8)
        << " leader " << std::setw(10) << dc["leader"].get<std::string>() << " followers "
        << (dc["followers"].empty() ? "-" : names(dc["followers"]));
    os << truncate(row.str(), kWidth) << "\n";
    first = false;
  }
  if (t["failover_after_ms"].is_null())
    os << "            failover off\n";
  else
    os << "            failover after " << ms(t["failover_after_ms"]) << " down, rejoin "
       << t["failover_rejoin"].get<std::string>() << "\n";
  os << "Lag         node          role               p50          p99          max  (apply − issue)\n";
  for (const auto& [name, l] : r["leaders"].items()) {
    if (!l.contains("lag_ms")) continue;
    std::ostringstream row;
    row << "            " << std::left << std::setw(12) << truncate(name, 12) << "  " << std::setw(10)
        << l["role"].get<std::string>() << std::right;
    for (const char* p : {"p50", "p99", "max"}) row << std::setw(13) << ms(l["lag_ms"][p]);
    os << row.str() << "\n";
  }
  if (r.contains("failovers")) {
    for (const auto& f : r["failovers"]) {
      os << truncate("Failover    " + ms(f["at_ms"]) + "  " + f["datacenter"].get<std::string>() + ": " +
                         f["old_leader"].get<std::string>() + " down, " + f["new_leader"].get<std::string>() +
                         " promoted; " + num(f["discarded_messages"]) + " unsent message(s) discarded",
                     kWidth)
         << "\n";
      os << truncate("              lost " + std::to_string(f["lost_writes"].size()) + " write(s): " +
                         names(f["lost_writes"]),
                     kWidth)
         << "\n";
      if (!f["resynced"].empty())
        os << "              re-synced from the new leader: " << names(f["resynced"]) << "\n";
      if (f["rejoined_at_ms"].is_null())
        os << "              " << f["old_leader"].get<std::string>() << " has not rejoined\n";
      else
        os << "              " << f["old_leader"].get<std::string>() << " rejoined at " << ms(f["rejoined_at_ms"])
           << " as a follower ("
           << (f["rejoin"] == "replay" ? "replayed " + names(f["replayed"]) : std::string("discard: state re-synced"))
           << ")\n";
      if (!f["came_back"].empty()) os << "              came back: " << names(f["came_back"]) << "\n";
      if (!f["still_lost"].empty()) os << "              still lost: " << names(f["still_lost"]) << "\n";
      for (const auto& [w, holders] : f["reached"].items())
        os << truncate("              " + w + " had already reached " + names(holders) +
                           ": they keep it unless a later write replaces it",
                       kWidth)
           << "\n";
    }
  }
  os << "\n";
}

// The discards beyond the first kShownDiscards: how many, where they are
// listed, and the writes they discard that the lines above did not name
// (each once, in order of first discard), up to kNamedLines lines; past
// that, how many writes are left unnamed.
void renderDiscardedWrites(std::ostream& os, const ReportJson& discarded) {
  std::set<std::string> seen;
  for (size_t i = 0; i < kShownDiscards; ++i) seen.insert(discarded[i]["write"].get<std::string>());
  std::vector<std::string> writes;
  for (size_t i = kShownDiscards; i < discarded.size(); ++i) {
    const std::string w = discarded[i]["write"].get<std::string>();
    if (seen.insert(w).second) writes.push_back(w);
  }
  const size_t more = discarded.size() - kShownDiscards;
  os << "  … " << more << (more == 1 ? " more discard" : " more discards")
     << ", listed in report.json at conflicts.discarded";
  if (writes.empty()) {
    os << "; of writes named above\n";
    return;
  }
  os << "; " << writes.size() << (writes.size() == 1 ? " other write discarded:" : " other writes discarded:")
     << "\n";
  // Greedy wrap into lines of names, then keep kNamedLines of them.
  std::vector<std::vector<std::string>> lines(1);
  size_t cols = 4;
  for (const std::string& w : writes) {
    if (!lines.back().empty() && cols + 1 + columns(w) > kWidth) {
      lines.emplace_back();
      cols = 4;
    }
    cols += (lines.back().empty() ? 0 : 1) + columns(w);
    lines.back().push_back(w);
  }
  std::string rest;
  if (lines.size() > kNamedLines) {
    lines.resize(kNamedLines);
    size_t named = 0;
    for (const auto& l : lines) named += l.size();
    // The last line ends with how many writes are left unnamed.
    auto& last = lines.back();
    auto restText = [&] { return "and " + std::to_string(writes.size() - named) + " more"; };
    auto lastCols = [&] {
      size_t n = 4;
      for (const auto& w : last) n += columns(w) + 1;
      return n;
    };
    while (!last.empty() && lastCols() + columns(restText()) > kWidth) {
      last.pop_back();
      --named;
    }
    rest = restText();
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string line = "   ";
    for (const auto& w : lines[i]) line += " " + w;
    if (i + 1 == lines.size() && !rest.empty()) line += " " + rest;
    os << line << "\n";
  }
}

}  // namespace

std::string renderTextReport(const ReportJson& r) {
  std::ostringstream os;
  os << "replsim — " << r["scenario"].get<std::string>() << "  (seed " << num(r["seed"]) << ")\n";
  if (r.contains("description")) wrap(os, r["description"].get<std::string>(), "  ");
  os << "\n";

  const auto& leaders = r["leaders"];
  // Leaderless with n below the node count: a key lives on its replicas only.
  const bool perKey = r["topology"].contains("converged_among");
  if (r["converged"].get<bool>()) {
    os << "Result      converged: " << (perKey ? "each key's live replicas hold" : "every live replica holds")
       << " the same data (since " << ms(r["convergence_ms"]) << ")\n";
  } else {
    os << "Result      DIVERGED: " << (perKey ? "a key's live replicas hold" : "the live replicas hold")
       << " different data at the end\n";
    const auto diffs = perKey ? replicaDifferences(r["divergence"]) : differences(leaders);
    for (size_t i = 0; i < diffs.size() && i < 10; ++i) os << "              " << truncate(diffs[i], kWidth - 14) << "\n";
    if (diffs.size() > 10) os << "              … and " << diffs.size() - 10 << " more keys\n";
  }
  os << "Run         " << num(r["events"]) << " events, ended at " << ms(r["end_ms"]);
  if (!r["stopped_by"].is_null()) os << ", STOPPED by limits." << r["stopped_by"].get<std::string>();
  os << "\n";
  if (r.contains("stop_message")) wrap(os, r["stop_message"].get<std::string>(), "              ");
  const auto& t = r["topology"];
  std::vector<std::string> topo = {
      t["kind"].get<std::string>() + ", " + std::to_string(t["nodes"].size()) + " nodes, " + num(t["links"]) + " links",
      std::string("forward ") + (t["forward"].get<bool>() ? "on" : "off"),
      "loop prevention " + t["loop_prevention"].get<std::string>(), "ordering " + t["ordering"].get<std::string>(),
      "resolver " + t["resolver"].get<std::string>()};
  if (t.contains("mode"))  // leaderless: the multi-leader settings mean nothing
    topo = {t["kind"].get<std::string>() + ", " + std::to_string(t["nodes"].size()) + " nodes, " + num(t["links"]) +
                " links",
            "leaderless quorums",
            "resolver " + t["resolver"].get<std::string>() +
                (!t.contains("sibling_clock")        ? ""
                 : t["sibling_clock"] == "dotted" ? " (dotted version vectors)"
                                                  : " (one version vector per object, per vnode)")};
  if (t["detect"] == "sync") topo.push_back("sync conflict detection");
  wrapParts(os, "Topology    ", topo, "; ", "            ");
  os << "\n";

  os << "Leaders     name          originated   applied  state             keys\n";
  for (const auto& [name, l] : leaders.items()) {
    std::string keys;
    for (const auto& [k, v] : l["keys"].items()) keys += (keys.empty() ? "" : " ") + k + "=" + valuesText(v);
    if (keys.empty()) keys = "(empty)";
    std::ostringstream row;
    row << "            " << std::left << std::setw(12) << truncate(name, 12) << std::right << std::setw(12)
        << num(l["writes_originated"]) << std::setw(10) << num(l["writes_applied"]) << "  " << std::left
        << std::setw(8) << (l["crashed"].get<bool>() ? "CRASHED" : "up") << l["state_digest"].get<std::string>().substr(0, 8)
        << "  " << keys;
    os << truncate(row.str(), kWidth) << "\n";
  }
  os << "\n";
  if (r.contains("datacenters")) renderDatacenters(os, r);

  const auto& m = r["messages"];
  os << "Messages    sent " << num(m["sent"]) << ", delivered " << num(m["delivered"]) << ", overtaken "
     << num(m["overtaken"]) << ", held for causal order " << num(m["held_causal"]) << "\n"
     << "            retransmitted " << num(m["retransmitted"]) << ", pending at end " << num(m["pending_at_end"])
     << "\n";
  const auto& d = m["dropped"];
  os << "            dropped: path " << num(d["path"]) << ", origin " << num(d["origin"]) << ", seen "
     << num(d["seen"]) << ", duplicate " << num(d["duplicate"]);
  if (m["streams_stopped"].get<uint64_t>() > 0)
    os << "; streams stopped " << num(m["streams_stopped"]) << ", resumed " << num(m["streams_resumed"]);
  os << "\n";
  const auto& w = r["writes"];
  // Leaderless: writes.failed counts the writes refused at their coordinator
  // (it was down); a write that did not get w acks in time is another thing,
  // quorum.writes_failed. Say which is which.
  const bool leaderless = r.contains("quorum");
  os << "Writes      " << num(w["total"]) << " issued, " << num(w["failed"])
     << (leaderless ? " refused, " + num(r["quorum"]["writes_failed"]) + " failed to reach w, " : " failed, ")
     << num(w["fully_replicated"]) << " fully replicated\n"
     << "            propagation to the last replica: p50 " << ms(w["propagation_ms"]["p50"])
     << ", p99 " << ms(w["propagation_ms"]["p99"]) << ", max " << ms(w["propagation_ms"]["max"]) << "\n";
  if (w["failed"].get<uint64_t>() > 0) {
    os << (leaderless ? "            refused:" : "            failed:");
    for (const auto& [why, n] : w["failed_by"].items())
      if (n.get<uint64_t>() > 0) os << " " << why << " " << num(n);
    os << "\n";
  }
  if (w["client_latency_ms"]["max"].get<double>() > 0)
    os << "            client-observed write latency: p50 " << ms(w["client_latency_ms"]["p50"]) << ", p99 "
       << ms(w["client_latency_ms"]["p99"]) << ", max " << ms(w["client_latency_ms"]["max"]) << "\n";
  if (t["detect"] == "sync") {
    os << "            commit (client waits for every leader to certify):\n"
       << "              p50 " << ms(w["commit_latency_ms"]["p50"]) << ", p99 " << ms(w["commit_latency_ms"]["p99"])
       << ", max " << ms(w["commit_latency_ms"]["max"]) << "\n"
       << "            " << num(w["committed"]) << " committed, " << num(w["aborted"]) << " aborted, "
       << num(w["uncommitted"]) << " still waiting at the end\n";
    size_t shownAborts = 0;
    for (const auto& e : w["aborted_writes"]) {
      if (++shownAborts > 10) break;
      os << truncate("  aborted " + e["write"].get<std::string>() + " (key " + e["key"].get<std::string>() +
                         ") after " + ms(e["latency_ms"]) + ": conflict with " +
                         e["in_favour_of"].get<std::string>() + " found at " + e["detected_at"].get<std::string>(),
                     kWidth)
         << "\n";
    }
    if (w["aborted_writes"].size() > 10) os << "  … " << w["aborted_writes"].size() - 10 << " more in the JSON report\n";
  }
  if (w["committed_then_discarded"].get<uint64_t>() > 0)
    os << "            " << num(w["committed_then_discarded"])
       << (w["committed_then_discarded"].get<uint64_t>() == 1 ? " write confirmed to its client was"
                                                              : " writes confirmed to their clients were")
       << " later discarded at some replica\n";
  const auto& rd = r["reads"];
  if (rd["total"].get<uint64_t>() > 0) {
    std::vector<std::string> reads = {num(rd["total"]) + ", " + num(rd["siblings_returned"]) + " returned siblings, " +
                                      num(rd["resolved_on_read"]) + " resolved on read"};
    if (rd.contains("max_siblings"))  // leaderless siblings
      reads.push_back("at most " + num(rd["max_siblings"]) + " values in one read");
    if (rd.contains("stale") && rd["stale"].get<uint64_t>() > 0)
      reads.push_back(num(rd["stale"]) + " stale (by p50 " + ms(rd["staleness_ms"]["p50"]) + ", p99 " +
                      ms(rd["staleness_ms"]["p99"]) + ", max " + ms(rd["staleness_ms"]["max"]) + ")");
    wrapParts(os, "Reads       ", reads, "; ", "            ");
    size_t shownStale = 0;
    for (const auto& e : rd["log"]) {
      if (!e.contains("stale_ms") || ++shownStale > 10) continue;
      os << truncate("  " + ms(e["at_ms"]) + "  at " + e["leader"].get<std::string>() + "  " +
                         e["key"].get<std::string>() + " → " + valuesText(e["values"]) + "  stale by " +
                         ms(e["stale_ms"]),
                     kWidth)
         << "\n";
    }
    size_t shownReads = 0;
    for (const auto& e : rd["log"]) {
      if (e["values"].size() < 2 || ++shownReads > 10) continue;
      std::string line = "  " + ms(e["at_ms"]) + "  at " + e["leader"].get<std::string>() + "  " +
                         e["key"].get<std::string>() + " → " + valuesText(e["values"]);
      if (e.contains("resolved_by"))
        line += " → " + e["resolved_value"].get<std::string>() + " (" + e["resolved_by"].get<std::string>() +
                ", written back)";
      os << truncate(line, kWidth) << "\n";
    }
  }
  if (r.contains("quorum")) {  // replication.mode "leaderless"
    const auto& q = r["quorum"];
    std::vector<std::string> parts = {
        "n " + num(q["n"]) + ", w " + num(q["w"]) + ", r " + num(q["r"]) + ", read fan-out " +
            q["read_fanout"].get<std::string>() + ", timeout " + ms(q["timeout_ms"]) +
            (q.contains("coordinator") ? ", coordinated by the client" : ""),
        num(q["writes_committed"]) + " writes committed, " + num(q["writes_failed"]) + " failed to reach w (" +
            num(q["partial_writes"]) + " stored where they landed: not rolled back)",
        num(q["reads_answered"]) + " reads answered, " + num(q["reads_failed"]) + " failed to reach r",
        num(rd["stale"]) + " stale reads, missing " + num(rd["stale_versions"]) + " newer committed versions",
        num(r["read_repairs"]) + " read repairs",
        "hints " + num(r["hints"]["stored"]) + " stored, " + num(r["hints"]["delivered"]) + " delivered, " +
            num(r["hints"]["expired"]) + " expired",
        num(r["tombstones_purged"]) + " tombstones purged, " + num(r["resurrected"]) + " resurrected",
        "anti-entropy " + num(r["anti_entropy"]["rounds"]) + " rounds, " + num(r["anti_entropy"]["keys_repaired"]) +
            " keys repaired, " + num(r["anti_entropy"]["bytes"]) + " bytes"};
    wrapParts(os, "Quorum      ", parts, "; ", "            ");
  }

  const auto& c = r["conflicts"];
  os << "\n";
  wrapParts(os, "Conflicts   ",
            {num(c["detected"]) + " detected", num(c["resolved"]) + " resolved",
             num(c["discarded_total"]) + (c["discarded_total"].get<uint64_t>() == 1 ? " discard (" : " discards (") +
                 num(c["discarded_writes"]) +
                 (c["discarded_writes"].get<uint64_t>() == 1 ? " distinct write)" : " distinct writes)"),
             num(c["siblings_open"]) + " keys with open siblings"},
            ", ", "            ");
  size_t shown = 0;
  for (const auto& e : c["log"]) {
    if (++shown > 20) break;
    std::ostringstream row;
    row << "  " << std::right << std::setw(11) << ms(e["at_ms"]) << "  at " << e["replica"].get<std::string>()
        << "  key " << e["key"].get<std::string>() << "  " << e["type"].get<std::string>() << "  "
        << names(e["writes"]) << " -> kept " << names(e["kept"]) << " (" << e["by"].get<std::string>() << ")";
    if (e.contains("value")) row << " = " << e["value"].get<std::string>();
    if (e.contains("causally_later")) row << ", causally later";
    os << truncate(row.str(), kWidth) << "\n";
  }
  if (c["log"].size() > 20)
    os << "  … " << c["log"].size() - 20 << " more conflicts, listed in report.json at conflicts.log\n";
  shown = 0;
  for (const auto& e : c["discarded"]) {
    if (++shown > kShownDiscards) break;
    std::ostringstream row;
    row << "  discarded " << e["write"].get<std::string>() << " at " << e["replica"].get<std::string>() << " (key "
        << e["key"].get<std::string>() << ") in favour of " << names(e["in_favour_of"]) << ", by "
        << e["by"].get<std::string>();
    os << truncate(row.str(), kWidth) << "\n";
  }
  if (c["discarded"].size() > kShownDiscards) renderDiscardedWrites(os, c["discarded"]);
  const auto& a = r["anomalies"];
  os << "Anomalies   update before insert " << num(a["update_before_insert"]) << ", delete of a missing key "
     << num(a["delete_missing"]) << "\n";

  if (r.contains("invariants") && !r["invariants"]["violations"].empty()) {
    const auto& inv = r["invariants"];
    os << "\nINVARIANTS VIOLATED (" << num(inv["violation_count"]) << "): a bug in replsim, please report it\n";
    for (const auto& v : inv["violations"])
      os << "  " << v["invariant"].get<std::string>() << ": " << v["message"].get<std::string>() << "\n";
  }

  if (r.contains("expectations") && !r["expectations"].empty()) {
    os << "\nExpectations\n";
    for (const auto& e : r["expectations"]) {
      const bool ok = e["ok"].get<bool>();
      std::string line = std::string("  ") + (ok ? "✓ " : "✗ ") + e["path"].get<std::string>() + " = " +
                         e["expected"].dump();
      if (!ok) line += "   but found " + e["found"].dump() + (e.contains("note") ? " (" + e["note"].get<std::string>() + ")" : "");
      os << truncate(line, kWidth) << "\n";
    }
  }
  return os.str();
}

}  // namespace replsim
