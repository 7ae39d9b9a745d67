#include "sim/report/HtmlReport.h"

#include <cstdio>

#include "sim/report/SvgWriter.h"

namespace replsim {
namespace {

constexpr const char* kCss = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Helvetica,Arial,sans-serif;
color:#222;margin:0;background:#fafafa;line-height:1.45}
main{max-width:1340px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:19px;margin:34px 0 10px;padding-bottom:4px;border-bottom:2px solid #e4e4e4}
h3{font-size:15px;margin:18px 0 6px}
p.desc{color:#444;margin:4px 0 16px;max-width:900px}
.summary{border-radius:8px;padding:14px 18px;margin:14px 0;border:1px solid #ccc;background:#fff}
.summary.ok{border-left:8px solid #1a9850}
.summary.bad{border-left:8px solid #d62728}
.verdict{font-size:20px;font-weight:bold;margin:0 0 6px}
.ok .verdict,.pass{color:#1a7a40}
.bad .verdict,.fail{color:#c0201f}
.warn{color:#a04000;font-weight:bold}
nav{font-size:14px;margin:8px 0}
nav a{margin-right:14px}
a{color:#1f5fa8}
.picture{overflow-x:auto;background:#fff;border:1px solid #ddd;border-radius:6px;padding:6px}
.topology svg{max-width:100%;height:auto}
table{border-collapse:collapse;background:#fff;margin:6px 0 12px;font-size:14px}
th,td{border:1px solid #ddd;padding:4px 10px;text-align:left;vertical-align:top}
th{background:#f0f0f0}
tr:nth-child(even) td{background:#fafafa}
td.num{text-align:right;font-variant-numeric:tabular-nums}
code,pre{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:13px}
pre{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px;overflow-x:auto}
.muted{color:#666}
.tools{font-size:14px;margin:6px 0;display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center}
.tools button{font-size:13px;padding:1px 9px}
#timeline-picture{max-height:80vh;overflow:auto;cursor:grab}
svg.rs-focus .rs-msg:not(.rs-hl),svg.rs-focus .rs-wait:not(.rs-hl),svg.rs-focus .rs-recalled:not(.rs-hl){opacity:.12}
.rs-hl{stroke-width:3.5px}
tr.hl td{background:#fff3b0 !important}
#journey{background:#fff;border:1px solid #ddd;border-radius:6px;padding:6px 10px;font-size:14px}
input[type=range]{width:min(900px,90%)}
.plot svg{background:#fff}
)";

// The page's own script (HtmlReport.h "Explorable"), kept ES5 and free of
// "]]>" so that it sits in a CDATA section.
constexpr const char* kScript = R"JS((function () {
  "use strict";
  var D = window.RS_DATA;
  if (!D) return;
  var $ = function (id) { return document.getElementById(id); };
  var NS = "http://www.w3.org/2000/svg";
  var COLORS = ["#1f77b4", "#d95f02", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"];
  var fmt = function (v) { return (Math.round(v * 1000) / 1000).toFixed(3); };
  var pic = $("timeline-picture");
  var svg = pic ? pic.querySelector("svg") : null;

  // ------------------------------------------------ zoom and pan
  var zoom = 1, baseW = 0, baseH = 0;
  if (svg) {
    var vb = svg.viewBox && svg.viewBox.baseVal;
    baseW = parseFloat(svg.getAttribute("width")) || (vb ? vb.width : 1000);
    baseH = parseFloat(svg.getAttribute("height")) || (vb ? vb.height : 400);
    if (!svg.getAttribute("viewBox")) svg.setAttribute("viewBox", "0 0 " + baseW + " " + baseH);
  }
  function setZoom(z, cx) {
    if (!svg) return;
    var old = zoom;
    zoom = Math.max(0.25, Math.min(40, z));
    var anchor = cx === undefined ? pic.clientWidth / 2 : cx;
    var at = (pic.scrollLeft + anchor) / old;
    svg.setAttribute("width", String(baseW * zoom));
    svg.setAttribute("height", String(baseH * zoom));
    pic.scrollLeft = at * zoom - anchor;
    $("zoom-level").textContent = Math.round(zoom * 100) + "%";
  }
  if (svg) {
    $("zoom-in").addEventListener("click", function () { setZoom(zoom * 1.5); });
    $("zoom-out").addEventListener("click", function () { setZoom(zoom / 1.5); });
    $("zoom-reset").addEventListener("click", function () { setZoom(1); });
    pic.addEventListener("wheel", function (e) {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      var r = pic.getBoundingClientRect();
      setZoom(zoom * (e.deltaY < 0 ? 1.2 : 1 / 1.2), e.clientX - r.left);
    }, { passive: false });
    var drag = null;
    pic.addEventListener("mousedown", function (e) { drag = { x: e.clientX, y: e.clientY, l: pic.scrollLeft, t: pic.scrollTop, moved: false }; });
    window.addEventListener("mousemove", function (e) {
      if (!drag) return;
      if (Math.abs(e.clientX - drag.x) > 3) drag.moved = true;
      pic.scrollLeft = drag.l - (e.clientX - drag.x);
      pic.scrollTop = drag.t - (e.clientY - drag.y);
    });
    window.addEventListener("mouseup", function () { setTimeout(function () { drag = null; }, 0); });
  }

  // ------------------------------------------------ filters
  var KINDS = {
    delivered: function (el) { return el.classList.contains("rs-msg") && !el.classList.contains("rs-overtake") && !el.classList.contains("rs-dropped") && !el.classList.contains("rs-discarded") && !el.classList.contains("rs-in-flight"); },
    overtaking: function (el) { return el.classList.contains("rs-overtake") || el.classList.contains("rs-ot"); },
    dropped: function (el) { return el.classList.contains("rs-dropped") || el.classList.contains("rs-drop-x") || el.classList.contains("rs-dr"); },
    discarded: function (el) { return el.classList.contains("rs-discarded"); },
    "in-flight": function (el) { return el.classList.contains("rs-in-flight"); },
    waiting: function (el) { return el.classList.contains("rs-wait") || el.classList.contains("rs-recalled"); }
  };
  function applyFilters() {
    if (!svg) return;
    var shown = {};
    Object.keys(KINDS).forEach(function (k) { var box = $("filter-" + k); shown[k] = !box || box.checked; });
    var els = svg.querySelectorAll(".rs-msg,.rs-drop-x,.rs-dr,.rs-ot,.rs-wait,.rs-recalled");
    for (var i = 0; i < els.length; i++) {
      var hide = false;
      for (var k in KINDS) if (!shown[k] && KINDS[k](els[i])) hide = true;
      els[i].style.display = hide ? "none" : "";
    }
  }
  Object.keys(KINDS).forEach(function (k) { var box = $("filter-" + k); if (box) box.addEventListener("change", applyFilters); });

  // ------------------------------------------------ a write's journey
  function writeOf(el) {
    var t = el.querySelector ? el.querySelector("title") : null;
    if (!t) return null;
    var m = /^(\S+#\d+)\b/.exec(t.textContent);
    return m ? m[1] : null;
  }
  function mentions(text, w) {
    return text.split(/[\s,:;()\[\]]+/).indexOf(w) >= 0;
  }
  function highlight(w) {
    var info = $("journey");
    var marked = 0, rows = 0, conflicts = [];
    if (svg) {
      var els = svg.querySelectorAll("[class]");
      for (var i = 0; i < els.length; i++) {
        var t = els[i].querySelector("title");
        var hit = w !== null && t && mentions(t.textContent, w);
        els[i].classList.toggle("rs-hl", !!hit);
        if (hit) marked++;
      }
      svg.classList.toggle("rs-focus", w !== null);
    }
    var trs = document.querySelectorAll("#conflict-log tr, #discarded-writes tr");
    for (var j = 0; j < trs.length; j++) {
      var hit2 = w !== null && trs[j].querySelector("td") && mentions(trs[j].textContent, w);
      trs[j].classList.toggle("hl", !!hit2);
      if (hit2) rows++;
    }
    D.changes.forEach(function (c) {
      if (w !== null && c[2] === "conflict" && c[4].split(",").indexOf(w) >= 0)
        conflicts.push(fmt(c[0]) + " ms at " + D.nodes[c[1]] + ", key " + c[3] + ": " + c[4] + " → kept " + (c[5] || "-"));
    });
    if (w === null) { info.textContent = "Click an arrow in the timeline to follow its write."; return { marked: 0, rows: 0 }; }
    var applied = D.changes.filter(function (c) { return c[2] === "apply" && c[3] === w; })
      .map(function (c) { return D.nodes[c[1]] + " at " + fmt(c[0]) + " ms"; });
    info.textContent = w + ": applied at " + (applied.length ? applied.join(", ") : "no replica") + ". " +
      (conflicts.length ? "Conflicts: " + conflicts.join("; ") + "." : "No conflict.") +
      " (" + marked + " marks in the timeline, " + rows + " table rows.)";
    return { marked: marked, rows: rows, conflicts: conflicts.length };
  }
  var current = null;
  if (svg) svg.addEventListener("click", function (e) {
    var el = e.target;
    var w = null;
    while (el && el !== svg && w === null) { w = writeOf(el); el = el.parentNode; }
    current = w === current ? null : w;
    highlight(current);
  });

  // ------------------------------------------------ state at a moment
  var seriesBy = D.nodes.map(function () { return []; });
  D.series.rows.forEach(function (r) { seriesBy[r[1]].push(r); });
  function stateAt(t) {
    var st = D.nodes.map(function () { return { status: "up", applied: 0, last: "-", keys: {}, conflicts: 0 }; });
    for (var i = 0; i < D.changes.length && D.changes[i][0] <= t; i++) {
      var c = D.changes[i], s = st[c[1]];
      if (c[2] === "apply") { s.applied++; s.last = c[3]; if (c[5] === "") delete s.keys[c[4]]; else s.keys[c[4]] = c[5]; }
      else if (c[2] === "covered") { s.applied++; s.last = c[3]; }
      else if (c[2] === "conflict") s.conflicts++;
      else if (c[2] === "crash") s.status = "crashed";
      else if (c[2] === "offline") s.status = "offline";
      else s.status = "up";
    }
    st.forEach(function (s, n) {
      var rows = seriesBy[n], row = null;
      for (var k = 0; k < rows.length && rows[k][0] <= t; k++) row = rows[k];
      s.pending = row ? row[2] : 0;
      s.staleness = row ? row[3] : 0;
    });
    return st;
  }
  var slider = $("time-slider");
  function showState() {
    var t = parseFloat(slider.value);
    $("time-value").textContent = fmt(t) + " ms";
    var body = $("state-rows");
    while (body.firstChild) body.removeChild(body.firstChild);
    stateAt(t).forEach(function (s, n) {
      var tr = document.createElement("tr");
      var keys = Object.keys(s.keys).sort().map(function (k) { return k + "=" + s.keys[k]; }).join("  ");
      [D.nodes[n], s.status, String(s.applied), s.last, String(s.conflicts), String(s.pending), fmt(s.staleness) + " ms", keys || "(empty)"]
        .forEach(function (v, i) {
          var td = document.createElement("td");
          td.textContent = v;
          if (i >= 2 && i <= 6 && i !== 3) td.className = "num";
          if (v === "crashed" || v === "offline") td.className = "fail";
          tr.appendChild(td);
        });
      body.appendChild(tr);
    });
  }
  if (slider) {
    slider.max = String(D.end_ms);
    slider.step = "any";
    slider.addEventListener("input", showState);
    showState();
  }

  // ------------------------------------------------ plots of timeseries.csv
  function plot(id, col, unit) {
    var box = $(id);
    if (!box) return;
    var W = 900, H = 220, L = 60, R = 120, T = 12, B = 30;
    var maxY = 0;
    D.series.rows.forEach(function (r) { maxY = Math.max(maxY, r[col]); });
    if (maxY === 0) maxY = 1;
    var end = Math.max(D.end_ms, 0.001);
    var s = document.createElementNS(NS, "svg");
    s.setAttribute("width", String(W)); s.setAttribute("height", String(H));
    s.setAttribute("viewBox", "0 0 " + W + " " + H);
    var x = function (t) { return L + (W - L - R) * t / end; };
    var y = function (v) { return H - B - (H - T - B) * v / maxY; };
    function add(tag, attrs, text) {
      var e = document.createElementNS(NS, tag);
      for (var a in attrs) e.setAttribute(a, attrs[a]);
      if (text !== undefined) e.textContent = text;
      s.appendChild(e);
      return e;
    }
    add("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: "#888" });
    add("line", { x1: L, y1: T, x2: L, y2: H - B, stroke: "#888" });
    for (var i = 0; i <= 4; i++) {
      var v = maxY * i / 4, tt = end * i / 4;
      add("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end", "font-size": 11 }, unit ? fmt(v).replace(/\.?0+$/, "") : String(Math.round(v * 10) / 10));
      add("text", { x: x(tt), y: H - B + 16, "text-anchor": "middle", "font-size": 11 }, fmt(tt).replace(/\.?0+$/, "") + " ms");
    }
    seriesBy.forEach(function (rows, n) {
      var pts = rows.map(function (r) { return x(r[0]).toFixed(1) + "," + y(r[col]).toFixed(1); }).join(" ");
      var pl = add("polyline", { points: pts, fill: "none", stroke: COLORS[n % COLORS.length], "stroke-width": 1.5, "class": "series" });
      var title = document.createElementNS(NS, "title");
      title.textContent = D.nodes[n];
      pl.appendChild(title);
      add("text", { x: W - R + 8, y: T + 14 * (n + 1), fill: COLORS[n % COLORS.length], "font-size": 12 }, D.nodes[n]);
    });
    box.appendChild(s);
  }
  plot("plot-pending", 2, "");
  plot("plot-staleness", 3, "ms");
  highlight(null);

  // ------------------------------------------------ #selftest: drive the page
  if (location.hash !== "#selftest") return;
  var out = [], ok = true;
  function check(cond, text) { out.push((cond ? "PASS " : "FAIL ") + text); if (!cond) ok = false; }
  var leaderRows = document.querySelectorAll("#leaders-table tr");
  var appliedByLeader = {}, appliedCol = -1;
  var heads = leaderRows.length ? leaderRows[0].querySelectorAll("th") : [];
  for (var h = 0; h < heads.length; h++) if (heads[h].textContent === "writes applied") appliedCol = h;
  for (var r = 1; r < leaderRows.length; r++) {
    var cells = leaderRows[r].querySelectorAll("td");
    appliedByLeader[cells[0].textContent] = cells[appliedCol].textContent.replace(/\D/g, "");
  }
  if (svg) {
    var w0 = parseFloat(svg.getAttribute("width"));
    $("zoom-in").click();
    check(parseFloat(svg.getAttribute("width")) > w0, "zoom: the timeline widens from " + w0 + " to " + svg.getAttribute("width"));
    $("zoom-reset").click();
    var drops = svg.querySelectorAll(".rs-dropped");
    $("filter-dropped").click();
    var hidden = 0;
    for (var i2 = 0; i2 < drops.length; i2++) if (getComputedStyle(drops[i2]).display === "none") hidden++;
    check(hidden === drops.length, "filter: hid " + hidden + " of " + drops.length + " dropped arrows");
    $("filter-dropped").click();
    var back = 0;
    for (var i3 = 0; i3 < drops.length; i3++) if (getComputedStyle(drops[i3]).display !== "none") back++;
    check(back === drops.length, "filter: showed " + back + " of " + drops.length + " dropped arrows again");
    var arrow = svg.querySelector(".rs-msg");
    if (arrow) {
      arrow.dispatchEvent(new MouseEvent("click", { bubbles: true }));
      var w = writeOf(arrow);
      var hl = svg.querySelectorAll(".rs-hl").length;
      check(w !== null && hl > 0, "click: " + w + " highlights " + hl + " marks and " +
        document.querySelectorAll("#conflict-log tr.hl, #discarded-writes tr.hl").length + " table rows; " + $("journey").textContent);
    }
  }
  slider.value = slider.max;
  slider.dispatchEvent(new Event("input"));
  var stateRows = document.querySelectorAll("#state-rows tr");
  var same = 0;
  for (var s2 = 0; s2 < stateRows.length; s2++) {
    var c2 = stateRows[s2].querySelectorAll("td");
    if (appliedByLeader[c2[0].textContent] === c2[2].textContent) same++;
  }
  check(stateRows.length === D.nodes.length && same === D.nodes.length,
    "slider at the end: writes applied match the leaders table for " + same + " of " + D.nodes.length + " replicas");
  slider.value = "0";
  slider.dispatchEvent(new Event("input"));
  check($("time-value").textContent === "0.000 ms", "slider at 0: " + $("time-value").textContent);
  var lines1 = document.querySelectorAll("#plot-pending polyline.series").length;
  var lines2 = document.querySelectorAll("#plot-staleness polyline.series").length;
  check(lines1 === D.nodes.length && lines2 === D.nodes.length, "plots: " + lines1 + " pending and " + lines2 + " staleness lines for " + D.nodes.length + " replicas");
  out.push(ok ? "SELFTEST PASS" : "SELFTEST FAIL");
  $("selftest").textContent = out.join("\n");
})();
)JS";

// JSON for a script in an XHTML page: "</" and "]]>" cannot occur inside
// <script> text, and only can inside JSON strings, where "\/" and "\u003e"
// mean the same.
std::string scriptJson(const ReportJson& j) {
  std::string s = j.dump();
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<' && i + 1 < s.size() && s[i + 1] == '/') out += "<\\";
    else if (s[i] == '>' && i >= 2 && s[i - 1] == ']' && s[i - 2] == ']') out += "\\u003e";
    else out += s[i];
  }
  return out;
}

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
  std::string render();

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
    verdict = "✓ Converged: every live replica holds the same data";
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
  if (in_.explore.is_null()) return;
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

std::string Page::render() {
  const ReportJson* name = member(r_, "scenario");
  const std::string title = name ? scalar(*name, false) : "replsim run";
  h_.raw("<!DOCTYPE html>\n");
  h_.open("html", {{"lang", "en"}});
  h_.open("head");
  h_.element("meta", {{"charset", "utf-8"}});
  h_.element("meta", {{"name", "viewport"}, {"content", "width=device-width, initial-scale=1"}});
  h_.element("title", {}, "replsim — " + title);
  h_.raw(std::string("<style>") + kCss + "</style>\n");  // raw text in HTML: must not be escaped
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
                 std::string(in_.explore.is_null() ? ""
                                                   : " Zoom with the buttons or Ctrl + wheel, drag to pan, untick a "
                                                     "kind of message to hide it, click an arrow to follow its write."));
  if (!in_.explore.is_null()) {
    h_.open("div", {{"class", "tools"}});
    h_.element("button", {{"type", "button"}, {"id", "zoom-in"}}, "+");
    h_.element("button", {{"type", "button"}, {"id", "zoom-out"}}, "−");
    h_.element("button", {{"type", "button"}, {"id", "zoom-reset"}}, "100%");
    h_.element("span", {{"id", "zoom-level"}}, "100%");
    for (const auto& [kind, label] : std::vector<std::pair<const char*, const char*>>{
             {"delivered", "delivered"}, {"overtaking", "overtaking"}, {"dropped", "dropped (loop prevention)"},
             {"discarded", "discarded"}, {"in-flight", "in flight"}, {"waiting", "waiting out an outage"}}) {
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
  if (!in_.explore.is_null()) h_.element("p", {{"id", "journey"}}, "Click an arrow in the timeline to follow its write.");

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
  if (!in_.explore.is_null()) {
    h_.element("pre", {{"id", "selftest"}, {"class", "muted"}}, " ");
    // CDATA keeps the page well-formed XML; in HTML the markers are comments.
    h_.raw("<script>//<![CDATA[\nwindow.RS_DATA = " + scriptJson(in_.explore) + ";\n" + kScript + "//]]></script>\n");
  }
  h_.close();
  h_.close();
  h_.close();
  return h_.str();
}

}  // namespace

std::string renderHtmlReport(const HtmlReportInput& input) { return Page(input).render(); }

}  // namespace replsim
