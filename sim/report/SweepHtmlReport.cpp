#include "sim/report/SweepHtmlReport.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "sim/report/CompareNumbers.h"
#include "sim/report/SvgWriter.h"
#include "sim/report/SweepReport.h"

namespace replsim {
namespace {

using compare_numbers::fixed;

constexpr const char* kCss = R"(body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0}td,th{padding:2px 8px;border-bottom:1px solid #eee;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}.muted{color:#666}.warn{color:#b35900}
.plots{display:flex;flex-wrap:wrap;gap:1em}svg{background:#fff;border:1px solid #eee}code{font-size:12px}
)";

constexpr double kW = 520, kH = 300, kLeft = 64, kRight = 16, kTop = 16, kBottom = 70;

std::string num(double v) { return sweepNumber(v); }

struct Scale {
  double lo, hi;
  double y(double v) const { return kTop + (kH - kTop - kBottom) * (1 - (v - lo) / (hi - lo)); }
};

Scale scaleOf(double lo, double hi) {
  if (!(hi > lo)) {
    hi = lo + 1;
    lo = lo - (lo == 0 ? 0 : 1);
  }
  const double pad = (hi - lo) * 0.05;
  return {lo >= 0 && lo - pad < 0 ? 0 : lo - pad, hi + pad};
}

void axes(SvgWriter& s, const Scale& sc, const std::string& yLabel) {
  s.element("line", {{"x1", px(kLeft)}, {"y1", px(kTop)}, {"x2", px(kLeft)}, {"y2", px(kH - kBottom)}, {"stroke", "#888"}});
  s.element("line", {{"x1", px(kLeft)}, {"y1", px(kH - kBottom)}, {"x2", px(kW - kRight)}, {"y2", px(kH - kBottom)},
                     {"stroke", "#888"}});
  for (int i = 0; i <= 4; ++i) {
    const double v = sc.lo + (sc.hi - sc.lo) * i / 4;
    s.element("line", {{"x1", px(kLeft)}, {"y1", px(sc.y(v))}, {"x2", px(kW - kRight)}, {"y2", px(sc.y(v))},
                       {"stroke", palette::kGrid}});
    s.element("text", {{"x", px(kLeft - 4)}, {"y", px(sc.y(v) + 4)}, {"text-anchor", "end"}, {"font-size", "11"}}, num(v));
  }
  s.element("text", {{"x", px(12)}, {"y", px(kTop + (kH - kTop - kBottom) / 2)}, {"font-size", "11"},
                     {"transform", "rotate(-90 12 " + px(kTop + (kH - kTop - kBottom) / 2) + ")"},
                     {"text-anchor", "middle"}},
            yLabel);
}

double xAt(size_t i, size_t count) {
  return kLeft + (kW - kLeft - kRight) * (static_cast<double>(i) + 0.5) / static_cast<double>(count);
}

void xLabel(SvgWriter& s, double x, const std::string& text) {
  s.element("text", {{"x", px(x)}, {"y", px(kH - kBottom + 14)}, {"text-anchor", "end"}, {"font-size", "11"},
                     {"transform", "rotate(-30 " + px(x) + " " + px(kH - kBottom + 14) + ")"}},
            truncateText(text, 28));
}

// The metric's mean (with its interval) against the first parameter's values.
void meanPlot(SvgWriter& s, const SweepResult& r, size_t m) {
  const SweepGrid::Parameter& first = r.parameters.front();
  const size_t per = r.cells.size() / first.values.size();  // cells per value of the first parameter = series
  double lo = INFINITY, hi = -INFINITY;
  for (size_t c = 0; c < r.cells.size(); ++c) {
    const SampleStatistics st = r.statistics(c, m);
    if (st.n == 0) continue;
    lo = std::min({lo, st.mean, st.hasInterval ? st.ciLow : st.mean});
    hi = std::max({hi, st.mean, st.hasInterval ? st.ciHigh : st.mean});
  }
  if (lo > hi) lo = hi = 0;
  const Scale sc = scaleOf(lo, hi);
  s.open("svg", {{"xmlns", "http://www.w3.org/2000/svg"}, {"width", px(kW)}, {"height", px(kH)},
                 {"class", "mean-plot"}, {"role", "img"}});
  s.element("title", {}, r.metrics[m] + " against " + first.path + " (mean, 95% CI)");
  axes(s, sc, (r.proportion[m] ? "rate " : "mean ") + r.metrics[m]);
  for (size_t v = 0; v < first.values.size(); ++v)
    xLabel(s, xAt(v, first.values.size()), sweepValueText(first.values[v]));
  for (size_t series = 0; series < per; ++series) {
    const char* colour = palette::leader(series);
    const double shift = per > 1 ? (static_cast<double>(series) - static_cast<double>(per - 1) / 2) * 6 : 0;
    std::string points;
    for (size_t v = 0; v < first.values.size(); ++v) {
      const size_t c = v * per + series;
      const SampleStatistics st = r.statistics(c, m);
      if (st.n == 0) continue;
      const double x = xAt(v, first.values.size()) + shift;
      if (!points.empty()) points += ' ';
      points += px(x) + "," + px(sc.y(st.mean));
      if (st.hasInterval) {
        s.element("line", {{"class", "ci-bar"}, {"x1", px(x)}, {"y1", px(sc.y(st.ciLow))}, {"x2", px(x)},
                           {"y2", px(sc.y(st.ciHigh))}, {"stroke", colour}, {"stroke-width", "1.5"}});
        for (double end : {st.ciLow, st.ciHigh})
          s.element("line", {{"x1", px(x - 4)}, {"y1", px(sc.y(end))}, {"x2", px(x + 4)}, {"y2", px(sc.y(end))},
                             {"stroke", colour}});
      }
      s.elementWithTitle("circle", {{"class", "mean-point"}, {"cx", px(x)}, {"cy", px(sc.y(st.mean))}, {"r", "3.5"},
                                    {"fill", colour}},
                         r.cellLabel(c) + ": mean " + num(st.mean) +
                             (st.hasInterval ? ", 95% CI [" + num(st.ciLow) + ", " + num(st.ciHigh) + "]" : "") +
                             ", n " + std::to_string(st.n));
    }
    if (per > 1 && !points.empty())
      s.element("polyline", {{"points", points}, {"fill", "none"}, {"stroke", colour}, {"stroke-opacity", "0.5"}});
  }
  s.close();
  if (per > 1) {  // the legend: which colour is which combination of the other parameters
    s.open("p", {{"class", "muted"}});
    s.raw("Series:");
    for (size_t series = 0; series < per; ++series) {
      std::string label;
      for (size_t p = 1; p < r.cells[series].set.size(); ++p) {
        if (!label.empty()) label += ' ';
        label += r.cells[series].set[p].text();
      }
      s.element("span", {{"style", std::string("color:") + palette::leader(series)}}, " ● " + label);
    }
    s.close();
  }
}

// A box per cell: whiskers min..max, box q1..q3, a line at the median.
void boxPlot(SvgWriter& s, const SweepResult& r, size_t m) {
  double lo = INFINITY, hi = -INFINITY;
  std::vector<std::vector<double>> sorted(r.cells.size());
  for (size_t c = 0; c < r.cells.size(); ++c) {
    for (const SweepRun& run : r.cells[c].runs)
      if (run.values[m]) sorted[c].push_back(*run.values[m]);
    std::sort(sorted[c].begin(), sorted[c].end());
    if (!sorted[c].empty()) {
      lo = std::min(lo, sorted[c].front());
      hi = std::max(hi, sorted[c].back());
    }
  }
  if (lo > hi) lo = hi = 0;
  const Scale sc = scaleOf(lo, hi);
  s.open("svg", {{"xmlns", "http://www.w3.org/2000/svg"}, {"width", px(kW)}, {"height", px(kH)}, {"class", "box-plot"},
                 {"role", "img"}});
  s.element("title", {}, r.metrics[m] + ": box plot per cell");
  axes(s, sc, r.metrics[m]);
  const size_t n = r.cells.size();
  const double half = std::min(18.0, (kW - kLeft - kRight) / static_cast<double>(n) * 0.3);
  for (size_t c = 0; c < n; ++c) {
    const double x = xAt(c, n);
    xLabel(s, x, r.cellLabel(c));
    if (sorted[c].empty()) continue;
    const std::vector<double>& v = sorted[c];
    const double q1 = SampleStatistics::nearestRank(v, 25), med = SampleStatistics::nearestRank(v, 50), q3 = SampleStatistics::nearestRank(v, 75);
    s.element("line", {{"x1", px(x)}, {"y1", px(sc.y(v.front()))}, {"x2", px(x)}, {"y2", px(sc.y(v.back()))},
                       {"stroke", "#555"}});
    s.elementWithTitle("rect", {{"class", "box"}, {"x", px(x - half)}, {"y", px(sc.y(q3))}, {"width", px(2 * half)},
                                {"height", px(std::max(1.0, sc.y(q1) - sc.y(q3)))}, {"fill", palette::leader(0)},
                                {"fill-opacity", "0.35"}, {"stroke", "#555"}},
                       r.cellLabel(c) + ": min " + num(v.front()) + ", q1 " + num(q1) + ", median " + num(med) + ", q3 " +
                           num(q3) + ", max " + num(v.back()) + ", n " + std::to_string(v.size()));
    s.element("line", {{"x1", px(x - half)}, {"y1", px(sc.y(med))}, {"x2", px(x + half)}, {"y2", px(sc.y(med))},
                       {"stroke", "#222"}, {"stroke-width", "2"}});
  }
  s.close();
}

void statsTable(SvgWriter& s, const SweepResult& r, size_t m) {
  s.open("table", {{"class", "stats"}});
  s.open("tr");
  for (const char* h : {"cell", "n", "mean", "sd", "min", "p50", "p90", "p99", "max", "95% CI", "failed"}) s.element("th", {}, h);
  s.close();
  for (size_t c = 0; c < r.cells.size(); ++c) {
    const SampleStatistics st = r.statistics(c, m);
    s.open("tr");
    s.element("td", {}, r.cellLabel(c));
    s.element("td", {{"class", "num"}}, std::to_string(st.n));
    for (double v : {st.mean, st.sd, st.min, st.p50, st.p90, st.p99, st.max})
      s.element("td", {{"class", "num"}}, st.n ? num(v) : "-");
    s.element("td", {{"class", "num"}}, st.hasInterval ? std::string("[").append(num(st.ciLow)).append(", ").append(num(st.ciHigh)).append("]") : "-");
    s.element("td", {{"class", "num"}}, std::to_string(r.cells[c].failed()));
    s.close();
  }
  s.close();
}

}  // namespace

std::string sweepHtml(const SweepResult& r) {
  SvgWriter s;
  s.raw("<!DOCTYPE html>\n");
  s.open("html", {{"lang", "en"}});
  s.open("head");
  s.element("meta", {{"charset", "utf-8"}});
  const std::string name = r.scenarioName.empty() ? r.scenarioFile : r.scenarioName;
  s.element("title", {}, "replsim sweep — " + name);
  s.raw(std::string("<style>") + kCss + "</style>\n");
  s.close();
  s.open("body");
  s.element("h1", {}, "replsim sweep — " + name);
  s.open("section", {{"id", "summary"}});
  s.element("p", {}, std::to_string(r.cells.size()) + " cells × seeds " + std::to_string(r.firstSeed) + ".." +
                         std::to_string(r.lastSeed) + " = " + std::to_string(r.runCount()) + " runs, " +
                         std::to_string(r.failedCount()) + " failed. Scenario " + r.scenarioFile + " (digest " +
                         r.scenarioDigest + ").");
  for (const SweepGrid::Parameter& p : r.parameters) {
    std::string values;
    for (const auto& v : p.values) values += (values.empty() ? "" : ", ") + sweepValueText(v);
    s.element("p", {{"class", "muted"}}, "--set " + p.path + " = " + values);
  }
  s.close();
  for (size_t m = 0; m < r.metrics.size(); ++m) {
    s.open("section", {{"class", "metric"}, {"id", "metric-" + std::to_string(m)}});
    s.element("h2", {}, r.metrics[m] + (r.proportion[m] ? " (proportion, 95% CI Wilson)" : " (95% CI Student t)"));
    s.open("div", {{"class", "plots"}});
    if (!r.parameters.empty()) meanPlot(s, r, m);
    boxPlot(s, r, m);
    s.close();
    statsTable(s, r, m);
    s.close();
  }
  s.open("section", {{"id", "failures"}});
  s.element("h2", {}, "Failed runs");
  if (r.failedCount() == 0) s.element("p", {{"class", "muted"}}, "No run failed.");
  else {
    s.open("table");
    s.open("tr");
    for (const char* h : {"seed", "cell", "why", "replay"}) s.element("th", {}, h);
    s.close();
    for (size_t c = 0; c < r.cells.size(); ++c)
      for (const SweepRun& run : r.cells[c].runs) {
        if (run.status == 0) continue;
        s.open("tr");
        s.element("td", {{"class", "num"}}, std::to_string(run.seed));
        s.element("td", {}, r.cellLabel(c));
        s.element("td", {}, run.reason);
        s.open("td");
        s.element("code", {}, r.replayCommand(c, run.seed));
        s.close();
        s.close();
      }
    s.close();
  }
  s.close();
  s.close();
  s.close();
  return s.str() + "\n";
}

}  // namespace replsim
