#include "sim/report/HtmlReport.h"

#include <cstdio>
#include <streambuf>
#include <ostream>
#include <sstream>

#include "sim/report/HtmlReportAssets.h"
#include "sim/report/SvgWriter.h"

namespace replsim {
namespace {

// JSON for a script in an XHTML page: "</" and "]]>" cannot occur inside
// <script> text, and only can inside JSON strings, where "\/" and "\u003e"
// mean the same. A stream buffer that passes what is written to it on to
// `out`, escaped, so the explore data (a 20 MB document on a big run) goes
// straight from its writer to the page's stream, in runs between the rare
// characters that need escaping. It remembers the last two characters, so
// a "</" or "]]>" split between two writes is escaped all the same.
class ScriptJsonBuffer final : public std::streambuf {
 public:
  explicit ScriptJsonBuffer(std::ostream& out) : out_(out) {}

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    std::streamsize copied = 0;
    for (std::streamsize i = 0; i < n; ++i) {
      const char c = s[i];
      const char before = last_, twoBefore = beforeLast_;
      beforeLast_ = last_;
      last_ = c;
      if (c == '/' && before == '<') {  // "</" -> "<\/"
        out_.write(s + copied, i - copied);
        out_ << '\\';
        copied = i;
      } else if (c == '>' && before == ']' && twoBefore == ']') {  // "]]>" -> "]]\u003e"
        out_.write(s + copied, i - copied);
        out_ << "\\u003e";
        copied = i + 1;
      }
    }
    out_.write(s + copied, n - copied);
    return n;
  }
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    const char ch = traits_type::to_char_type(c);
    xsputn(&ch, 1);
    return c;
  }

 private:
  std::ostream& out_;
  char last_ = 0, beforeLast_ = 0;
};

const ReportJson* member(const ReportJson& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

std::string fixed3(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

// Milliseconds as elsewhere in replsim: three decimals from the integer us.
std::string ms(double v) { return formatMs(SimTime::fromMs(v)) + " ms"; }

std::string words(const std::string& key) {
  std::string s = key;
  for (char& c : s)
    if (c == '_') c = ' ';
  return s;
}

bool isMsKey(const std::string& key) { return key.size() > 3 && key.compare(key.size() - 3, 3, "_ms") == 0; }

// One scalar, for a table cell. `inMs`: the value is a time in ms.
std::string scalar(const ReportJson& v, bool inMs) {
  if (v.is_null()) return "—";
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_number_unsigned()) return groupDigits(v.get<uint64_t>());
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number_float()) return inMs ? ms(v.get<double>()) : fixed3(v.get<double>());
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {
    std::string s;
    for (const auto& e : v) s += (s.empty() ? "" : ", ") + scalar(e, inMs);
    return s.empty() ? "—" : s;
  }
  std::string s;  // an object: "p50 10.000 ms · p99 …"
  for (const auto& [k, e] : v.items()) s += (s.empty() ? "" : " · ") + words(k) + " " + scalar(e, inMs);
  return s;
}

// A member of a log entry, for a table cell ("" when absent).
std::string field(const ReportJson& entry, const char* key, bool inMs = false) {
  const ReportJson* v = member(entry, key);
  return v ? scalar(*v, inMs) : "";
}

class Page {
 public:
  explicit Page(const HtmlReportInput& in) : in_(in), r_(*in.report) {}
  // Writes the page to `out`, the explore data straight from the input.
  void write(std::ostream& out);

 private:
  void summary();
  void keyValues(const ReportJson& obj);
  void table(const std::vector<std::string>& head, const std::vector<std::vector<std::string>>& rows,
             const std::vector<bool>& numeric = {}, const std::string& id = "");
  void leaders();
  void datacenters();
  void explore();
  void conflicts();
  void reads();
  void expectations();
  void topology();
  void files();

  const HtmlReportInput& in_;
  const ReportJson& r_;
  SvgWriter h_;
};

void Page::table(const std::vector<std::string>& head, const std::vector<std::vector<std::string>>& rows,
                 const std::vector<bool>& numeric, const std::string& id) {
  if (id.empty()) h_.open("table");
  else h_.open("table", {{"id", id}});
  if (!head.empty()) {
    h_.open("tr");
    for (const auto& c : head) h_.element("th", {}, c);
    h_.close();
  }
  for (const auto& row : rows) {
    h_.open("tr");
    for (size_t i = 0; i < row.size(); ++i) {
      // Never an empty element: <td/> is not self-closing in HTML.
      if (i < numeric.size() && numeric[i]) h_.element("td", {{"class", "num"}}, row[i].empty() ? " " : row[i]);
      else h_.element("td", {}, row[i].empty() ? " " : row[i]);
    }
    h_.close();
  }
  h_.close();
}

// A two-column table of an object's scalar members (objects of scalars on
// one line); arrays of objects are left to their own tables.
void Page::keyValues(const ReportJson& obj) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& [k, v] : obj.items()) {
    if (v.is_array() && (v.empty() || v.front().is_object())) continue;  // logs get tables of their own
    rows.push_back({words(k), scalar(v, isMsKey(k))});
  }
  table({}, rows, {false, true});
}

void Page::summary() {
  const ReportJson* converged = member(r_, "converged");
  const bool ok = converged && converged->is_boolean() && converged->get<bool>();
  h_.open("section", {{"id", "summary"}, {"class", ok ? "summary ok" : "summary bad"}});
  std::string verdict;
  if (ok) {
    const ReportJson* since = member(r_, "convergence_ms");
    const ReportJson* topo = member(r_, "topology");
    const bool perKey = topo && topo->is_object() && topo->contains("converged_among");
    verdict = perKey ? "✓ Converged: each key's live replicas hold the same data"
                     : "✓ Converged: every live replica holds the same data";
    if (since && since->is_number()) verdict += " (since " + ms(since->get<double>()) + ")";
  } else {
    verdict = "✗ Diverged: the live replicas hold different data at the end";
  }
  h_.element("p", {{"class", "verdict"}}, verdict);

  std::string run;
  if (const auto* ev = member(r_, "events")) run += "Ran " + scalar(*ev, false) + " events";
  if (const auto* end = member(r_, "end_ms"); end && end->is_number()) run += " until " + ms(end->get<double>());
  if (const auto* seed = member(r_, "seed")) run += ", seed " + scalar(*seed, false);
  h_.element("p", {}, run + ".");
  if (const auto* topo = member(r_, "topology")) {
    std::string t;
    auto add = [&](const char* key, const std::string& prefix, const std::string& suffix = "") {
      if (const auto* v = member(*topo, key)) t += (t.empty() ? "" : " · ") + prefix + scalar(*v, false) + suffix;
    };
    add("kind", "");
    add("nodes", "leaders ");
    add("links", "", " links");
    add("forward", "forwarding ");
    add("loop_prevention", "loop prevention ");
    add("ordering", "ordering ");
    add("resolver", "resolver ");
    h_.element("p", {{"class", "muted"}}, t);
  }
  if (const auto* stopped = member(r_, "stopped_by"); stopped && stopped->is_string()) {
    std::string why = "Stopped by " + stopped->get<std::string>();
    if (const auto* msg = member(r_, "stop_message"); msg && msg->is_string()) why += ": " + msg->get<std::string>();
    h_.element("p", {{"class", "warn"}}, why);
  }
  if (const auto* ex = member(r_, "expectations"); ex && ex->is_array() && !ex->empty()) {
    size_t held = 0;
    for (const auto& e : *ex)
      if (const auto* okField = member(e, "ok"); okField && okField->is_boolean() && okField->get<bool>()) ++held;
    const bool all = held == ex->size();
    h_.element("p", {{"class", all ? "pass" : "fail"}},
               std::string(all ? "✓ " : "✗ ") + std::to_string(held) + " of " + std::to_string(ex->size()) +
                   " expectations hold");
  }
  h_.close();
}

void Page::leaders() {
  const ReportJson* leaders = member(r_, "leaders");
  if (!leaders || !leaders->is_object()) return;
  bool withRoles = false;  // datacenters: a role and replication lag per node
  for (const auto& [name, l] : leaders->items()) withRoles = withRoles || member(l, "role");
  h_.element("h2", {{"id", "leaders"}}, "Leaders");
  std::vector<std::vector<std::string>> rows;
  for (const auto& [name, l] : leaders->items()) {
    std::string keys;
    if (const auto* ks = member(l, "keys"))
      for (const auto& [k, v] : ks->items()) keys += (keys.empty() ? "" : "  ") + k + "=[" + scalar(v, false) + "]";
    const auto* crashed = member(l, "crashed");
    const auto* digest = member(l, "state_digest");
    const auto* originated = member(l, "writes_originated");
    const auto* applied = member(l, "writes_applied");
    std::vector<std::string> row = {name, crashed && crashed->is_boolean() && crashed->get<bool>() ? "crashed" : "up",
                                    originated ? scalar(*originated, false) : "",
                                    applied ? scalar(*applied, false) : "", digest ? scalar(*digest, false) : "",
                                    keys.empty() ? "(empty)" : keys};
    if (withRoles) {
      row.insert(row.begin() + 1, field(l, "role"));
      for (const char* p : {"p50", "p99", "max"}) {
        const ReportJson* lag = member(l, "lag_ms");
        const ReportJson* v = lag ? member(*lag, p) : nullptr;
        row.push_back(v ? scalar(*v, true) : "");
      }
    }
    rows.push_back(row);
  }
  if (withRoles)
    table({"node", "role", "state", "writes originated", "writes applied", "state digest", "keys", "lag p50",
           "lag p99", "lag max"},
          rows, {false, false, false, true, true, false, false, true, true, true}, "leaders-table");
  else
    table({"leader", "state", "writes originated", "writes applied", "state digest", "keys"}, rows,
          {false, false, true, true, false, false}, "leaders-table");
  if (withRoles)
    h_.element("p", {{"class", "muted"}},
               "Lag: from a write's issue to its apply at that node (replication lag), per node.");
}

// Datacenters: who leads which, its followers, the failover settings, and
// each failover with the writes it lost.
void Page::datacenters() {
  const ReportJson* dcs = member(r_, "datacenters");
  if (!dcs || !dcs->is_array()) return;
  h_.element("h2", {{"id", "datacenters"}}, "Datacenters");
  std::vector<std::vector<std::string>> rows;
  for (const auto& dc : *dcs) rows.push_back({field(dc, "name"), field(dc, "leader"), field(dc, "followers")});
  table({"datacenter", "leader", "followers"}, rows);
  if (const auto* topo = member(r_, "topology")) {
    const ReportJson* after = member(*topo, "failover_after_ms");
    h_.element("p", {},
               after && after->is_number()
                   ? "Failover after " + ms(after->get<double>()) + " down; rejoin " + field(*topo, "failover_rejoin") + "."
                   : std::string("Failover off."));
  }
  if (const auto* f = member(r_, "failovers"); f && f->is_array() && !f->empty()) {
    h_.element("h3", {}, "Failovers");
    std::vector<std::vector<std::string>> frows;
    for (const auto& e : *f)
      frows.push_back({field(e, "at_ms", true), field(e, "datacenter"), field(e, "old_leader"), field(e, "new_leader"),
                       field(e, "lost_writes"), field(e, "discarded_messages"), field(e, "rejoined_at_ms", true),
                       field(e, "rejoin"), field(e, "came_back"), field(e, "still_lost")});
    table({"at", "datacenter", "old leader", "new leader", "lost writes", "unsent messages discarded", "rejoined at",
           "rejoin", "came back", "still lost"},
          frows, {true, false, false, false, false, true, true, false, false, false});
  }
}

// The explorable parts: state at a moment (a time slider) and the plots.
void Page::explore() {
  if (!in_.explore) return;
  h_.element("h2", {{"id", "moment"}}, "State at a moment");
  h_.element("p", {{"class", "muted"}},
             "Move the slider: each replica's state after every event up to that time — up or crashed, writes "
             "applied so far (and the last one), conflicts handled, messages pending towards it and its staleness "
             "(timeseries.csv), and its keys as the applied writes left them.");
  h_.open("div", {{"class", "tools"}});
  h_.element("input", {{"type", "range"}, {"id", "time-slider"}, {"min", "0"}, {"max", "0"}, {"value", "0"},
                       {"aria-label", "simulated time"}});
  h_.element("span", {{"id", "time-value"}}, "0.000 ms");
  h_.close();
  h_.open("table");
  h_.open("thead");
  h_.open("tr");
  for (const char* c : {"replica", "state", "writes applied", "last applied", "conflicts", "pending", "staleness", "keys"})
    h_.element("th", {}, c);
  h_.close();
  h_.close();
  h_.element("tbody", {{"id", "state-rows"}}, " ");
  h_.close();
  h_.element("h2", {{"id", "plots"}}, "Pending messages and staleness over time");
  h_.element("p", {{"class", "muted"}},
             "From timeseries.csv: messages sent to each replica and not yet arrived (plus writes held for causal "
             "order), and the age of the oldest write it has not yet applied. Hover over a line for its replica.");
  h_.element("h3", {}, "Messages pending per replica");
  h_.element("div", {{"class", "plot"}, {"id", "plot-pending"}}, " ");
  h_.element("h3", {}, "Staleness per replica (ms)");
  h_.element("div", {{"class", "plot"}, {"id", "plot-staleness"}}, " ");
}

void Page::reads() {
  const ReportJson* reads = member(r_, "reads");
  if (!reads || !reads->is_object()) return;
  h_.element("h2", {{"id", "reads"}}, "Reads");
  keyValues(*reads);
  const ReportJson* log = member(*reads, "log");
  if (!log || !log->is_array() || log->empty()) return;
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : *log) {
    std::string resolved = field(e, "resolved_value");
    if (!resolved.empty()) resolved += " (" + field(e, "resolved_by") + ")";
    rows.push_back({field(e, "at_ms", true), field(e, "leader"), field(e, "key"), "[" + field(e, "values") + "]",
                    resolved, field(e, "stale_ms", true)});
  }
  table({"at", "at node", "key", "values", "resolved on read", "stale by"}, rows,
        {true, false, false, false, false, true});
}

void Page::conflicts() {
  const ReportJson* c = member(r_, "conflicts");
  if (!c || !c->is_object()) return;
  h_.element("h2", {{"id", "conflicts"}}, "Conflicts");
  keyValues(*c);
  if (const auto* discarded = member(*c, "discarded"); discarded && discarded->is_array()) {
    h_.element("h3", {}, "Every discarded write");
    if (discarded->empty()) {
      h_.element("p", {{"class", "muted"}}, "No write was discarded.");
    } else {
      std::vector<std::vector<std::string>> rows;
      for (const auto& e : *discarded) {
        rows.push_back({field(e, "write"), field(e, "replica"), field(e, "key"), field(e, "in_favour_of"),
                        field(e, "by"), field(e, "type"), field(e, "at_ms", true)});
      }
      table({"write", "at replica", "key", "in favour of", "by", "type", "at"}, rows,
            {false, false, false, false, false, false, true}, "discarded-writes");
    }
  }
  if (const auto* log = member(*c, "log"); log && log->is_array() && !log->empty()) {
    h_.element("h3", {}, "Conflict log");
    std::vector<std::vector<std::string>> rows;
    for (const auto& e : *log) {
      rows.push_back({field(e, "at_ms", true), field(e, "replica"), field(e, "key"), field(e, "type"),
                      field(e, "writes"), field(e, "kept"), field(e, "by")});
    }
    table({"at", "replica", "key", "type", "writes", "kept", "by"}, rows,
          {true, false, false, false, false, false, false}, "conflict-log");
    if (const auto* t = member(*c, "log_truncated"); t && t->is_boolean() && t->get<bool>())
      h_.element("p", {{"class", "muted"}}, "The log is truncated; the counts above cover every conflict.");
  }
}

void Page::expectations() {
  const ReportJson* ex = member(r_, "expectations");
  if (!ex || !ex->is_array()) return;
  h_.element("h2", {{"id", "expectations"}}, "Expectations");
  if (ex->empty()) {
    h_.element("p", {{"class", "muted"}}, "The scenario has no expect block.");
    return;
  }
  h_.open("table");
  h_.open("tr");
  for (const char* c : {" ", "path", "expected", "found"}) h_.element("th", {}, c);
  h_.close();
  for (const auto& e : *ex) {
    const auto* okField = member(e, "ok");
    const bool ok = okField && okField->is_boolean() && okField->get<bool>();
    auto dumped = [&](const char* k) { const auto* v = member(e, k); return v ? v->dump() : std::string("—"); };
    const auto* path = member(e, "path");
    h_.open("tr");
    h_.element("td", {{"class", ok ? "pass" : "fail"}}, ok ? "✓" : "✗");
    h_.element("td", {}, path ? scalar(*path, false) : "");
    h_.element("td", {}, dumped("expected"));
    h_.element("td", {}, dumped("found"));
    h_.close();
  }
  h_.close();
}

void Page::topology() {
  h_.element("h2", {{"id", "topology"}}, "Topology");
  if (!in_.topologySvg.empty()) {
    h_.open("div", {{"class", "picture topology"}});
    h_.raw(in_.topologySvg);
    h_.close();
    h_.element("p", {{"class", "muted"}}, "Drawn by Graphviz from topology.dot.");
  } else if (!in_.topologyNote.empty()) {
    h_.element("p", {{"class", "muted"}}, in_.topologyNote);
  } else {
    h_.element("p", {{"class", "muted"}}, "Graphviz (dot) is not installed, so here is topology.dot as text:");
    h_.element("pre", {}, in_.topologyDot);
  }
}

void Page::files() {
  h_.element("h2", {{"id", "files"}}, "Open this run elsewhere");
  h_.open("ul");
  for (const auto& [file, what] : in_.files) {
    h_.open("li");
    h_.element("a", {{"href", file}}, file);
    h_.raw(" — " + xmlEscape(what) + "\n");
    h_.close();
  }
  h_.close();
}

void Page::write(std::ostream& out) {
  const ReportJson* name = member(r_, "scenario");
  const std::string title = name ? scalar(*name, false) : "replsim run";
  h_.raw("<!DOCTYPE html>\n");
  h_.open("html", {{"lang", "en"}});
  h_.open("head");
  h_.element("meta", {{"charset", "utf-8"}});
  h_.element("meta", {{"name", "viewport"}, {"content", "width=device-width, initial-scale=1"}});
  h_.element("title", {}, "replsim — " + title);
  h_.raw(std::string("<style>") + htmlReportCss() + "</style>\n");  // raw text in HTML: must not be escaped
  h_.close();
  h_.open("body");
  h_.open("main");
  h_.element("h1", {}, "replsim — " + title);
  if (const auto* d = member(r_, "description"); d && d->is_string())
    h_.element("p", {{"class", "desc"}}, d->get<std::string>());
  summary();
  h_.open("nav");
  for (const auto& [id, text] : std::vector<std::pair<const char*, const char*>>{
           {"#timeline", "Timeline"}, {"#moment", "State at a moment"}, {"#plots", "Plots"}, {"#leaders", "Leaders"},
           {"#datacenters", "Datacenters"}, {"#messages", "Messages"}, {"#writes", "Writes"}, {"#reads", "Reads"},
           {"#conflicts", "Conflicts"}, {"#expectations", "Expectations"}, {"#topology", "Topology"},
           {"#files", "Other viewers"}})
    h_.element("a", {{"href", id}}, text);
  h_.close();

  h_.element("h2", {{"id", "timeline"}}, "Timeline");
  h_.element("p", {{"class", "muted"}},
             "Each write travelling between leaders, to scale. Hover over an arrow or a mark for its details." +
                 std::string(!in_.explore ? ""
                                                   : " Zoom with the buttons or Ctrl + wheel, drag to pan, untick a "
                                                     "kind of message to hide it, click an arrow to follow its write."));
  if (in_.explore) {
    h_.open("div", {{"class", "tools"}});
    h_.element("button", {{"type", "button"}, {"id", "zoom-in"}}, "+");
    h_.element("button", {{"type", "button"}, {"id", "zoom-out"}}, "−");
    h_.element("button", {{"type", "button"}, {"id", "zoom-reset"}}, "100%");
    h_.element("span", {{"id", "zoom-level"}}, "100%");
    std::vector<std::pair<const char*, const char*>> kinds{
        {"delivered", "delivered"}, {"overtaking", "overtaking"}, {"dropped", "dropped (loop prevention)"},
        {"discarded", "discarded"}, {"in-flight", "in flight"}, {"waiting", "waiting out an outage"}};
    // Leaderless: the quorum protocol's replies (the timeline's rs-quorum arrows).
    if (in_.report && in_.report->contains("quorum")) kinds.emplace_back("quorum", "acks, read requests and answers");
    for (const auto& [kind, label] : kinds) {
      h_.open("label");
      h_.element("input", {{"type", "checkbox"}, {"id", std::string("filter-") + kind}, {"checked", "checked"}});
      h_.raw(" " + xmlEscape(label) + "\n");
      h_.close();
    }
    h_.close();
  }
  h_.open("div", {{"class", "picture"}, {"id", "timeline-picture"}});
  h_.raw(in_.timelineSvg);
  h_.close();
  if (in_.explore) h_.element("p", {{"id", "journey"}}, "Click an arrow in the timeline to follow its write.");

  explore();
  leaders();
  datacenters();
  for (const auto& [key, heading] : std::vector<std::pair<const char*, const char*>>{
           {"messages", "Messages"}, {"writes", "Writes"}}) {
    if (const auto* section = member(r_, key); section && section->is_object()) {
      h_.element("h2", {{"id", key}}, heading);
      keyValues(*section);
    }
  }
  reads();
  conflicts();
  if (const auto* a = member(r_, "anomalies"); a && a->is_object()) {
    h_.element("h2", {{"id", "anomalies"}}, "Anomalies");
    keyValues(*a);
  }
  expectations();
  topology();
  files();
  h_.element("p", {{"class", "muted"}},
             "Generated by replsim from report.json; the same scenario and seed give the same page.");
  if (in_.explore) {
    h_.element("pre", {{"id", "selftest"}, {"class", "muted"}}, " ");
    // CDATA keeps the page well-formed XML; in HTML the markers are comments.
    h_.raw("<script>//<![CDATA[\nwindow.RS_DATA = ");
    out << h_.take();
    ScriptJsonBuffer escaped(out);
    std::ostream script(&escaped);
    in_.explore(script);
    h_.raw(";\n" + std::string(htmlReportScript()) + "//]]></script>\n");
  }
  h_.close();
  h_.close();
  h_.close();
  out << h_.str();
}

}  // namespace

void writeHtmlReport(std::ostream& out, const HtmlReportInput& input) { Page(input).write(out); }

std::string renderHtmlReport(const HtmlReportInput& input) {
  std::ostringstream out;
  writeHtmlReport(out, input);
  return std::move(out).str();
}

}  // namespace replsim
