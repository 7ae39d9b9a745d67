#include "sim/report/HtmlReportAssets.h"

namespace replsim {
namespace {

const char* const kCss = R"(
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
const char* const kScript = R"JS((function () {
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
    delivered: function (el) { return el.classList.contains("rs-msg") && !el.classList.contains("rs-overtake") && !el.classList.contains("rs-dropped") && !el.classList.contains("rs-discarded") && !el.classList.contains("rs-in-flight") && !el.classList.contains("rs-quorum"); },
    quorum: function (el) { return el.classList.contains("rs-quorum"); },
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

}  // namespace

const char* htmlReportCss() { return kCss; }
const char* htmlReportScript() { return kScript; }

}  // namespace replsim
