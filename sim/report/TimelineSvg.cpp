#include "sim/report/TimelineSvg.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "sim/replication/Simulation.h"
#include "sim/report/EventRecorder.h"
#include "sim/report/RunLabels.h"
#include "sim/report/SvgWriter.h"

namespace replsim {

std::optional<TimeWindow> parseTimeWindow(const std::string& text, std::string& error) {
  const size_t colon = text.find(':');
  auto number = [](const std::string& s, double& out) {
    if (s.empty()) return false;
    size_t used = 0;
    try {
      out = std::stod(s, &used);
    } catch (...) {
      return false;
    }
    return used == s.size() && std::isfinite(out);
  };
  double from = 0, to = 0;
  if (colon == std::string::npos || !number(text.substr(0, colon), from) || !number(text.substr(colon + 1), to)) {
    error = "--window must be FROM_MS:TO_MS, for example 0:250 (got \"" + text + "\")";
    return std::nullopt;
  }
  if (from < 0 || to > 1e12 || from >= to) {
    error = "--window FROM_MS:TO_MS needs 0 <= FROM < TO <= 1e12 (got \"" + text + "\")";
    return std::nullopt;
  }
  return TimeWindow{SimTime::fromMs(from), SimTime::fromMs(to)};
}

namespace {

// ---- layout (px) ----
constexpr double kLaneGap = 132;       // between lane lines
constexpr double kLanePadTop = 62;     // from the top axis to the first lane
constexpr double kLanePadBottom = 86;  // from the last lane to the bottom axis
constexpr double kLabelFont = 11;
constexpr double kCharWidth = 0.6;     // of the font size, for DejaVu Sans / Helvetica
constexpr double kRowStep = 13;        // between label rows
constexpr int kRowsPerSide = 3;
constexpr double kChipWidth = 230;
constexpr double kMarginRight = kChipWidth + 36;
constexpr double kLinkBarTop = 52;   // below a lane: its link outage bars
constexpr double kLinkBarStep = 12;
constexpr double kInnerPad = 14;       // between the plot's edge and the window's first/last instant
// Past this many arrows a picture is dense: only the labels that tell the
// story (overtaking, holds, refusals) are written; the other marks keep
// their tooltips.
constexpr size_t kDenseMessages = 400;

double textWidth(const std::string& s, double font) { return static_cast<double>(codePoints(s)) * font * kCharWidth; }

// "20", "0.5", "1.25": milliseconds without trailing zeros, from the integer.
std::string msText(SimTime t) {
  std::string s = formatMs(t);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

// A 1-2-5 step (in us) giving about `target` intervals over `span`.
int64_t niceStep(int64_t spanUs, double target) {
  const double raw = std::max(1.0, static_cast<double>(spanUs) / target);
  int64_t base = 1;
  while (base * 10 <= raw) base *= 10;
  for (int64_t m : {1, 2, 5, 10})
    if (static_cast<double>(base * m) >= raw) return base * m;
  return base * 10;
}

// Where `t` lies between `from` and `to`, as a fraction. REQUIRES: from < to.
double along(SimTime t, SimTime from, SimTime to) {
  return static_cast<double>((t - from).us()) / static_cast<double>((to - from).us());
}

const char* dropText(DropReason r) {
  switch (r) {
    case DropReason::Path: return "drop: path";
    case DropReason::Origin: return "drop: origin";
    case DropReason::Seen: return "drop: seen";
    case DropReason::Duplicate: return "drop: duplicate";
  }
  return "drop";
}

// A label waiting to be placed: priority first (lower is more important:
// 0 overtaking and holds, 1 conflicts and refusals, 2 client writes, 3 drops,
// 4 reads), then the order it was asked for.
struct LabelRequest {
  int priority;
  size_t order;
  uint32_t lane;
  double x;          // the mark it belongs to
  bool below;        // preferred side
  std::string text;
  std::string cssClass;
};

// Lays out and draws one timeline: chooses the window and the messages to
// draw, sizes the picture, draws it layer by layer (shading under lanes under
// arrows under marks under labels), then places the labels. render() is
// called once.
class Timeline {
 public:
  Timeline(const Simulation& sim, const EventRecorder& rec, const TimelineOptions& options)
      : sim_(sim), rec_(rec), options_(options) {}
  std::string render();

 private:
  // geometry
  double x(SimTime t) const;
  double laneY(uint32_t lane) const { return plotTop_ + kLanePadTop + kLaneGap * lane; }
  bool inWindow(SimTime t) const { return t >= window_.from && t <= window_.to; }
  const char* originColour(uint32_t write) const { return palette::leader(sim_.writes()[write].dot.origin); }

  void chooseWindow();
  void layout();
  void defs(SvgWriter& svg) const;
  void drawFaults(SvgWriter& back, SvgWriter& front);
  // Lane lines and grid go inside the plot's clip; names to its left.
  void drawLanesAndGrid(SvgWriter& svg, SvgWriter& names) const;
  void drawMessages(SvgWriter& svg);
  void drawMessage(SvgWriter& svg, const RecordedMessage& m);
  void cross(SvgWriter& svg, double cx, double cy, const std::string& title) const;  // a drop's x
  void drawClientMarks(SvgWriter& svg);
  void drawConflicts(SvgWriter& svg);
  void drawHeld(SvgWriter& svg);
  void placeLabels(SvgWriter& svg);
  void drawConvergence(SvgWriter& svg) const;
  void drawFinalStates(SvgWriter& svg) const;
  void drawAxes(SvgWriter& svg) const;
  double drawLegend(SvgWriter& svg, double top) const;
  std::vector<std::string> titleLines() const;  // description and settings, under the title
  std::string windowNote() const;               // which part of a big run is shown ("" for all of it)
  // Asks for a label next to a mark at x = `at` on `lane` (placed later, by priority).
  void label(int priority, uint32_t lane, double at, bool below, std::string text, const char* cssClass);

  const Simulation& sim_;
  const EventRecorder& rec_;
  const TimelineOptions& options_;

  SimTime runEnd_;
  TimeWindow window_{};
  bool defaultWindowed_ = false;   // the run had too many messages for one picture
  bool dense_ = false;             // more than kDenseMessages arrows
  std::vector<uint32_t> drawn_;    // message indices drawn
  size_t intersecting_ = 0;        // messages in the window, drawn or not

  double left_ = 0, plotWidth_ = 0, plotTop_ = 0, plotBottom_ = 0, width_ = 0;
  std::vector<LabelRequest> labels_;
  size_t labelsHidden_ = 0;
  // What the legend needs to explain.
  bool anyOvertaking_ = false, anyDrop_ = false, anyWait_ = false, anyHeld_ = false, anyConflict_ = false,
       anyRead_ = false, anyFailed_ = false, anyCrash_ = false, anyLinkDown_ = false, anyLinkAdded_ = false,
       anyPartition_ = false, anyRouted_ = false;
};

double Timeline::x(SimTime t) const {
  // Clamp far-away times (SimTime::max) to just outside the window: the clip
  // path hides the overflow and coordinates stay small.
  const int64_t span = (window_.to - window_.from).us();
  const int64_t us = std::clamp(t.us(), window_.from.us() - span, window_.to.us() + span);
  return left_ + kInnerPad +
         (plotWidth_ - 2 * kInnerPad) * static_cast<double>(us - window_.from.us()) / static_cast<double>(span);
}

void Timeline::chooseWindow() {
  runEnd_ = std::max(sim_.endTime(), SimTime::fromMs(1));
  const auto& msgs = rec_.messages();
  if (options_.window) {
    window_ = *options_.window;
  } else if (msgs.size() > options_.maxMessages && options_.maxMessages > 0) {
    defaultWindowed_ = true;
    window_ = TimeWindow{SimTime::zero(), std::max(msgs[options_.maxMessages - 1].sent, SimTime::fromMs(1))};
  } else {
    window_ = TimeWindow{SimTime::zero(), runEnd_};
  }
  for (uint32_t i = 0; i < msgs.size(); ++i) {
    const RecordedMessage& m = msgs[i];
    const SimTime stop = m.ended == SimTime::max() ? runEnd_ : m.ended;
    if (m.sent > window_.to || stop < window_.from) continue;
    ++intersecting_;
    if (drawn_.size() < options_.maxMessages) drawn_.push_back(i);
  }
  dense_ = drawn_.size() > kDenseMessages;
}

void Timeline::layout() {
  size_t longest = 4;
  for (NodeId n = 0; n < sim_.nodeCount(); ++n)
    longest = std::max(longest, codePoints(truncateText(sim_.nodeName(n), 14)));
  left_ = 28 + static_cast<double>(longest) * 14 * kCharWidth + 14;
  // Wider for more messages, so a busy run keeps a few px between arrows.
  plotWidth_ = std::clamp(200.0 + 4.0 * static_cast<double>(drawn_.size()), 900.0, 4800.0);
  width_ = left_ + plotWidth_ + kMarginRight;
  plotTop_ = 40 + 18.0 * static_cast<double>(titleLines().size() + !windowNote().empty()) + 34;
  plotBottom_ = laneY(static_cast<uint32_t>(sim_.nodeCount() - 1)) + kLanePadBottom;
}

std::vector<std::string> Timeline::titleLines() const {
  std::vector<std::string> lines;
  const Scenario& sc = sim_.scenario();
  if (!sc.description.empty()) {
    // At most two lines of about 1200 px; the rest is in the report.
    const size_t perLine = static_cast<size_t>(std::min(width_, 1300.0) / 7.0);
    std::string rest = sc.description;
    for (int i = 0; i < 2 && !rest.empty(); ++i) {
      if (i == 1 || codePoints(rest) <= perLine) {
        lines.push_back(truncateText(rest, perLine));
        break;
      }
      size_t cut = rest.rfind(' ', perLine);  // byte index; descriptions are mostly ASCII
      if (cut == std::string::npos || cut == 0) cut = perLine;
      lines.push_back(rest.substr(0, cut));
      rest = rest.substr(cut + (rest[cut] == ' ' ? 1 : 0));
    }
  }
  std::string settings = std::string(toString(sc.topology.kind)) + ", " + std::to_string(sim_.nodeCount()) +
                         " leaders · loop prevention " + toString(sc.replication.loopPrevention) + " · ordering " +
                         (sc.replication.ordering == Ordering::Causal ? "causal" : "none") + " · resolver " +
                         sim_.resolverName() + " · seed " + std::to_string(sim_.seed()) + " · " +
                         groupDigits(rec_.messagesSent()) + " messages";
  lines.push_back(settings);
  return lines;
}

std::string Timeline::windowNote() const {
  if (!defaultWindowed_ && !options_.window && drawn_.size() == intersecting_ && !rec_.truncated()) return "";
  std::string w = "Showing " + formatMs(window_.from) + "–" + formatMs(window_.to) + " ms of a " + formatMs(runEnd_) +
                  " ms run: " + groupDigits(drawn_.size()) + " of " + groupDigits(rec_.messagesSent()) +
                  " messages drawn";
  if (drawn_.size() < intersecting_) w += " (the first " + groupDigits(drawn_.size()) + " in this window)";
  if (rec_.truncated()) w += "; only the first " + groupDigits(rec_.maxRecords()) + " were recorded";
  return w + ". Pick another part with --window FROM_MS:TO_MS.";
}

void Timeline::label(int priority, uint32_t lane, double at, bool below, std::string text, const char* cssClass) {
  if (at < left_ || at > left_ + plotWidth_) return;  // its mark is outside the window
  labels_.push_back(LabelRequest{priority, labels_.size(), lane, at, below, std::move(text), cssClass});
}

void Timeline::defs(SvgWriter& svg) const {
  svg.open("defs");
  // Labels get a white halo (paint-order) so they stay readable over arrows.
  svg.raw(
      "<style>\n"
      ".rs-t{font-size:11px;fill:#222222;paint-order:stroke;stroke:#ffffff;stroke-width:3px;stroke-linejoin:round}\n"
      ".rs-ot{fill:" + std::string(palette::kOvertaking) + ";font-weight:bold}\n"
      ".rs-dr{fill:#555555}\n"
      ".rs-cf{fill:" + std::string(palette::kConflict) + "}\n"
      ".rs-hl{fill:#b22222}\n"
      ".rs-fl{fill:" + std::string(palette::kOvertaking) + "}\n"
      ".rs-lane{font-size:14px;font-weight:bold}\n"
      ".rs-tick{font-size:11px;fill:#666666}\n"
      ".rs-title{font-size:17px;font-weight:bold;fill:#222222}\n"
      ".rs-sub{font-size:12px;fill:#444444}\n"
      ".rs-warn{font-size:12px;fill:#a04000;font-weight:bold}\n"
      ".rs-leg{font-size:12px;fill:#222222}\n"
      ".rs-note{font-size:11px;fill:#666666;font-style:italic}\n"
      ".rs-small{font-size:10px;fill:#8a5a00}\n"
      ".rs-chip{font-size:11px;fill:#222222}\n"
      "</style>\n");
  auto arrowHead = [&](const std::string& id, const char* colour) {
    svg.open("marker", {{"id", id}, {"viewBox", "0 0 10 10"}, {"refX", "9"}, {"refY", "5"}, {"markerWidth", "9"},
                        {"markerHeight", "9"}, {"markerUnits", "userSpaceOnUse"}, {"orient", "auto"}});
    svg.element("path", {{"d", "M0,1 L10,5 L0,9 z"}, {"fill", colour}});
    svg.close();
  };
  // One head per palette colour (leaders cycle through 8 colours).
  for (size_t i = 0; i < std::min<size_t>(sim_.nodeCount(), 8); ++i)
    arrowHead("rs-ah" + std::to_string(i), palette::leader(i));
  arrowHead("rs-ah-red", palette::kOvertaking);
  arrowHead("rs-ah-grey", "#9a9a9a");
  auto hatch = [&](const char* id, const char* bg, const char* fg) {
    svg.open("pattern", {{"id", id}, {"width", "7"}, {"height", "7"}, {"patternUnits", "userSpaceOnUse"},
                         {"patternTransform", "rotate(45)"}});
    svg.element("rect", {{"width", "7"}, {"height", "7"}, {"fill", bg}});
    svg.element("line", {{"x1", "0"}, {"y1", "0"}, {"x2", "0"}, {"y2", "7"}, {"stroke", fg}, {"stroke-width", "2.5"}});
    svg.close();
  };
  hatch("rs-hatch", "#f4f4f4", "#c4c4c4");
  hatch("rs-hatch-off", "#eef4fb", "#b9cde3");
  svg.open("clipPath", {{"id", "rs-plot"}});
  svg.element("rect", {{"x", px(left_)}, {"y", "0"}, {"width", px(plotWidth_)}, {"height", px(plotBottom_ + 10)}});
  svg.close();
  svg.close();
}

// ------------------------------------------------------------------ faults

void Timeline::drawFaults(SvgWriter& back, SvgWriter& front) {
  // Rows for link outage bars: per sender, one row per peer in order of
  // first outage (at most three rows; more peers share the last).
  std::map<std::pair<uint32_t, uint32_t>, int> rowOf;
  std::vector<int> rowsUsed(sim_.nodeCount(), 0);
  // A caption starts at its interval; near the right edge it ends there.
  auto caption = [&](double at, double y, const std::string& text, const char* cssClass, double font) {
    const bool fits = at + 3 + textWidth(text, font) <= left_ + plotWidth_;
    front.element("text", {{"x", px(fits ? at + 3 : left_ + plotWidth_ - 3)}, {"y", px(y)},
                           {"text-anchor", fits ? "start" : "end"}, {"class", cssClass}},
                  text);
  };
  for (const FaultInterval& o : rec_.faults()) {
    const SimTime until = o.to == SimTime::max() ? runEnd_ : o.to;
    if (o.from > window_.to || until < window_.from) continue;
    const double x0 = std::max(x(o.from), left_), x1 = std::min(x(until), left_ + plotWidth_);
    const std::string when = formatMs(o.from) + "–" + (o.to == SimTime::max() ? "end" : formatMs(o.to)) + " ms";
    switch (o.kind) {
      case IntervalKind::Crash:
      case IntervalKind::Offline: {
        anyCrash_ = true;
        const bool crash = o.kind == IntervalKind::Crash;
        const double y = laneY(o.node);
        const std::string what = sim_.nodeName(o.node) + (crash ? " crashed" : " offline");
        back.elementWithTitle("rect", {{"class", "rs-crash"}, {"x", px(x0)}, {"y", px(y - 40)},
                                       {"width", px(std::max(x1 - x0, 1.0))}, {"height", "80"},
                                       {"fill", crash ? "url(#rs-hatch)" : "url(#rs-hatch-off)"}},
                              what + ", " + when);
        caption(x0, y - 44, crash ? "crashed" : "offline", "rs-t rs-note", 11);
        break;
      }
      case IntervalKind::LinkDown:
      case IntervalKind::LinkRemoved:
      case IntervalKind::LinkAdded: {
        auto [it, added] = rowOf.emplace(std::pair{o.node, o.peer}, rowsUsed[o.node]);
        if (added) rowsUsed[o.node] = std::min(rowsUsed[o.node] + 1, 2);
        const double y = laneY(o.node) + kLinkBarTop + kLinkBarStep * it->second;
        const char* state = "down";
        const char* fill = palette::kLinkDown;
        if (o.kind == IntervalKind::LinkRemoved) {
          state = "removed";
          fill = "#bdbdbd";
        } else if (o.kind == IntervalKind::LinkAdded) {
          state = o.label.c_str();
          fill = palette::kLinkAdded;
        }
        (o.kind == IntervalKind::LinkAdded ? anyLinkAdded_ : anyLinkDown_) = true;
        const std::string what = "→" + sim_.nodeName(o.peer) + " " + state;
        back.elementWithTitle("rect", {{"class", "rs-link"}, {"x", px(x0)}, {"y", px(y)},
                                       {"width", px(std::max(x1 - x0, 1.0))}, {"height", "5"}, {"rx", "2"},
                                       {"fill", fill}},
                              "link " + sim_.nodeName(o.node) + what + ", " + when);
        caption(x0, y - 2, what, "rs-t rs-small", 10);
        break;
      }
      case IntervalKind::Partition: {
        anyPartition_ = true;
        back.elementWithTitle("rect", {{"class", "rs-partition"}, {"x", px(x0)}, {"y", px(plotTop_)},
                                       {"width", px(std::max(x1 - x0, 1.0))}, {"height", px(plotBottom_ - plotTop_)},
                                       {"fill", palette::kPartition}, {"opacity", "0.8"}},
                              "partition " + o.label + ", " + when);
        caption(x0, plotTop_ + 13, "partition " + o.label, "rs-t rs-small", 10);
        break;
      }
    }
  }
}

// ------------------------------------------------------------- lanes, grid

void Timeline::drawLanesAndGrid(SvgWriter& svg, SvgWriter& names) const {
  const int64_t span = (window_.to - window_.from).us();
  const int64_t step = niceStep(span, plotWidth_ / 110.0);
  for (int64_t t = (window_.from.us() + step - 1) / step * step; t <= window_.to.us(); t += step) {
    const double gx = x(SimTime::fromUs(t));
    svg.element("line", {{"x1", px(gx)}, {"y1", px(plotTop_)}, {"x2", px(gx)}, {"y2", px(plotBottom_)},
                         {"stroke", palette::kGrid}, {"stroke-width", "1"}});
  }
  for (NodeId n = 0; n < sim_.nodeCount(); ++n) {
    const double y = laneY(n);
    svg.element("line", {{"x1", px(left_)}, {"y1", px(y)}, {"x2", px(left_ + plotWidth_)}, {"y2", px(y)},
                         {"stroke", palette::kLane}, {"stroke-width", "2"}});
    names.element("circle", {{"cx", px(left_ - 12)}, {"cy", px(y)}, {"r", "5"}, {"fill", palette::leader(n)}});
    names.elementWithTitle("text", {{"x", px(left_ - 22)}, {"y", px(y + 5)}, {"text-anchor", "end"},
                                    {"class", "rs-lane"}, {"fill", palette::leader(n)}},
                           "leader " + sim_.nodeName(n), truncateText(sim_.nodeName(n), 14));
  }
}

// ---------------------------------------------------------------- messages

void Timeline::drawMessage(SvgWriter& svg, const RecordedMessage& m) {
  const double y0 = laneY(m.from), y1 = laneY(m.to);
  const char* colour = originColour(m.write);
  const std::string what = writeLabel(sim_, m.write) + "  " + sim_.nodeName(m.from) + "→" + sim_.nodeName(m.to) +
                           "  path " + pathLabel(sim_, m.path);

  // An outage kept it in the sender's log: first the flight it was pulled
  // back from (faded, cut where it was recalled), then the wait, dotted.
  if (m.pulledBackAt != SimTime::max() && m.plannedArrival != SimTime::max() && m.plannedArrival > m.sent) {
    const double f = along(m.pulledBackAt, m.sent, m.plannedArrival);
    const double cx = x(m.sent) + (x(m.plannedArrival) - x(m.sent)) * f, cy = y0 + (y1 - y0) * f;
    svg.elementWithTitle("line", {{"x1", px(x(m.sent))}, {"y1", px(y0)}, {"x2", px(cx)}, {"y2", px(cy)},
                                  {"class", "rs-recalled"}, {"stroke", colour}, {"stroke-width", "1.2"},
                                  {"stroke-dasharray", "3 3"},
                                  {"opacity", "0.5"}},
                         what + ": pulled back at " + formatMs(m.pulledBackAt) + " ms by an outage");
    svg.element("circle", {{"cx", px(cx)}, {"cy", px(cy)}, {"r", "2.5"}, {"fill", "#ffffff"}, {"stroke", colour}});
  }
  const SimTime waitFrom = m.pulledBackAt != SimTime::max() ? m.pulledBackAt : m.sent;
  const bool discarded = m.fate == MessageFate::Discarded;
  const SimTime waitTo = !m.waiting ? m.resent : discarded ? m.ended : runEnd_;
  if (m.outages > 0 && waitTo > waitFrom) {
    anyWait_ = true;
    const double wy = y0 + (y1 > y0 ? 4 : -4);  // on the side of the lane it is headed for
    svg.elementWithTitle("line", {{"x1", px(x(waitFrom))}, {"y1", px(wy)}, {"x2", px(x(waitTo))}, {"y2", px(wy)},
                                  {"class", "rs-wait"}, {"stroke", colour}, {"stroke-width", "2.2"},
                                  {"stroke-dasharray", "1.5 3"}},
                         what + ": waiting in " + sim_.nodeName(m.from) + "'s log " + formatMs(waitFrom) + "–" +
                             (m.waiting ? "end" : formatMs(waitTo)) + " ms");
  }
  if (m.waiting && discarded) {
    // Lost from the sender's log: the link it waited for was removed.
    anyDrop_ = true;
    cross(svg, x(m.ended), y0, what + ": discarded from " + sim_.nodeName(m.from) + "'s log at " + formatMs(m.ended) +
                                   " ms (link removed)");
    label(3, m.from, x(m.ended), y1 > y0, "discarded: link removed", "rs-t rs-dr");
  }
  if (m.waiting) return;  // never (re-)sent

  const double xs = x(m.resent);
  std::string sentText = "sent " + formatMs(m.sent) + " ms";
  if (m.resent != m.sent) sentText += ", re-sent " + formatMs(m.resent) + " ms";
  if (m.retransmissions) sentText += ", " + std::to_string(m.retransmissions) + " lost transmission(s)";
  switch (m.fate) {
    case MessageFate::Delivered: {
      const double xe = x(m.ended);
      std::string tip = what + "\n" + sentText + ", delivered " + formatMs(m.ended) + " ms";
      if (m.overtook != UINT32_MAX) {
        anyOvertaking_ = true;
        tip += "\novertakes " + sim_.writeName(m.overtook) + (m.held ? "; held for causal order" : "");
        svg.elementWithTitle("line", {{"x1", px(xs)}, {"y1", px(y0)}, {"x2", px(xe)}, {"y2", px(y1)},
                                      {"class", "rs-msg rs-overtake"}, {"stroke", palette::kOvertaking},
                                      {"stroke-width", dense_ ? "1.8" : "2.6"},
                                      {"marker-end", "url(#rs-ah-red)"}},
                             tip);
        label(0, m.to, xe, y0 < y1, "overtakes " + sim_.writeName(m.overtook), "rs-t rs-ot");
      } else {
        const size_t origin = sim_.writes()[m.write].dot.origin;
        svg.elementWithTitle("line", {{"x1", px(xs)}, {"y1", px(y0)}, {"x2", px(xe)}, {"y2", px(y1)},
                                      {"class", "rs-msg"}, {"stroke", colour}, {"stroke-width", dense_ ? "1" : "1.4"},
                                      {"marker-end", "url(#rs-ah" + std::to_string(origin % 8) + ")"}},
                             tip);
      }
      break;
    }
    case MessageFate::Dropped: {
      anyDrop_ = true;
      const double xe = x(m.ended);
      svg.elementWithTitle("line", {{"x1", px(xs)}, {"y1", px(y0)}, {"x2", px(xe)}, {"y2", px(y1)},
                                    {"class", "rs-msg rs-dropped"}, {"stroke", colour}, {"stroke-width", "1.3"},
                                    {"stroke-dasharray", "5 3"},
                                    {"opacity", "0.75"}},
                           what + "\n" + sentText + ", dropped " + formatMs(m.ended) + " ms: " + dropText(m.reason));
      cross(svg, xe, y1, what + ": " + dropText(m.reason));
      if (!dense_) label(3, m.to, xe, y0 < y1, dropText(m.reason), "rs-t rs-dr");
      break;
    }
    case MessageFate::Discarded: {
      // Lost on the wire when its link was removed: drawn up to where it
      // was then (its planned arrival is known unless it was re-sent).
      anyDrop_ = true;
      double f = 0.5;
      if (m.resent == m.sent && m.plannedArrival != SimTime::max() && m.plannedArrival > m.sent)
        f = std::min(1.0, along(m.ended, m.sent, m.plannedArrival));
      const double cx = x(m.ended), cy = y0 + (y1 - y0) * f;
      svg.elementWithTitle("line", {{"x1", px(xs)}, {"y1", px(y0)}, {"x2", px(cx)}, {"y2", px(cy)},
                                    {"class", "rs-msg rs-discarded"}, {"stroke", colour}, {"stroke-width", "1.3"},
                                    {"stroke-dasharray", "5 3"},
                                    {"opacity", "0.75"}},
                           what + "\n" + sentText + ", discarded " + formatMs(m.ended) + " ms: link removed");
      cross(svg, cx, cy, what + ": discarded, link removed");
      break;
    }
    case MessageFate::InFlight:
      svg.elementWithTitle("line", {{"x1", px(xs)}, {"y1", px(y0)}, {"x2", px(x(runEnd_))}, {"y2", px((y0 + y1) / 2)},
                                    {"class", "rs-msg rs-in-flight"}, {"stroke", colour}, {"stroke-width", "1.2"},
                                    {"stroke-dasharray", "2 3"}},
                           what + "\n" + sentText + ", still in flight when the run ended");
      break;
  }
}

void Timeline::cross(SvgWriter& svg, double cx, double cy, const std::string& title) const {
  const double s = 4.5;
  const std::string d = "M" + px(cx - s) + "," + px(cy - s) + " L" + px(cx + s) + "," + px(cy + s) + " M" +
                        px(cx - s) + "," + px(cy + s) + " L" + px(cx + s) + "," + px(cy - s);
  svg.elementWithTitle("path", {{"class", "rs-drop-x"}, {"d", d}, {"stroke", palette::kDrop}, {"stroke-width", "2.2"}},
                       title);
}

void Timeline::drawMessages(SvgWriter& svg) {
  // Ordinary deliveries first, so drops and overtaking arrows are on top.
  const auto& msgs = rec_.messages();
  auto rank = [&](const RecordedMessage& m) {
    if (m.fate == MessageFate::Delivered && m.overtook != UINT32_MAX) return 2;
    return m.fate == MessageFate::Delivered ? 0 : 1;
  };
  for (int pass = 0; pass < 3; ++pass)
    for (uint32_t i : drawn_)
      if (rank(msgs[i]) == pass) drawMessage(svg, msgs[i]);
}

// ------------------------------------------------------ client operations

void Timeline::drawClientMarks(SvgWriter& svg) {
  for (const ClientOpEvent& e : rec_.clientOps()) {
    if (!inWindow(e.at)) continue;
    const double cx = x(e.at), cy = laneY(e.node);
    if (e.client != e.node && e.clientLatency > SimTime::zero()) {
      // The request travelled from the client's leader to the one executing it.
      anyRouted_ = true;
      svg.elementWithTitle("line", {{"x1", px(x(e.at - e.clientLatency))}, {"y1", px(laneY(e.client))},
                                    {"x2", px(cx)}, {"y2", px(cy)}, {"stroke", "#9a9a9a"}, {"stroke-width", "1"},
                                    {"stroke-dasharray", "1 2"}, {"marker-end", "url(#rs-ah-grey)"}},
                           "client at " + sim_.nodeName(e.client) + " routed to " + sim_.nodeName(e.node));
    }
    const std::string op = toString(static_cast<OpKind>(e.op));
    if (e.failed) {
      anyFailed_ = true;
      const std::string text = "✗ " + op + " " + sim_.keyName(e.key) + ": " + toString(e.reason);
      svg.elementWithTitle("circle", {{"cx", px(cx)}, {"cy", px(cy)}, {"r", "4.5"}, {"fill", "#ffffff"},
                                      {"stroke", palette::kOvertaking}, {"stroke-width", "1.8"}},
                           text + " at " + formatMs(e.at) + " ms");
      label(1, e.node, cx, false, text, "rs-t rs-fl");
      continue;
    }
    svg.elementWithTitle("circle", {{"cx", px(cx)}, {"cy", px(cy)}, {"r", "5"}, {"fill", originColour(e.write)},
                                    {"stroke", "#ffffff"}, {"stroke-width", "1.5"}},
                         writeLabel(sim_, e.write) + " (" + op + ") at " + formatMs(e.at) + " ms");
    if (!dense_) label(2, e.node, cx, false, writeLabel(sim_, e.write), "rs-t");
  }
  for (const ReadEvent& r : rec_.reads()) {
    if (!inWindow(r.at)) continue;
    anyRead_ = true;
    const double cx = x(r.at), cy = laneY(r.node);
    std::string text = "read " + sim_.keyName(r.key) + " → " + valuesLabel(r.values);
    if (!r.resolvedBy.empty()) text += " ⇒ " + truncateText(r.resolvedValue, kMaxValue) + " (" + r.resolvedBy + ")";
    svg.elementWithTitle("rect", {{"x", px(cx - 4)}, {"y", px(cy - 4)}, {"width", "8"}, {"height", "8"},
                                  {"fill", "#ffffff"}, {"stroke", palette::leader(r.node)}, {"stroke-width", "1.8"}},
                         text + " at " + formatMs(r.at) + " ms");
    if (!dense_) label(4, r.node, cx, false, text, "rs-t");
  }
}

// ---------------------------------------------------------------- replicas

void Timeline::drawHeld(SvgWriter& svg) {
  for (const ApplyEvent& a : rec_.applies()) {
    if (a.heldFor <= SimTime::zero()) continue;
    const SimTime since = a.at - a.heldFor;
    if (a.at < window_.from || since > window_.to) continue;
    anyHeld_ = true;
    const double y = laneY(a.node);
    const std::string text = "held " + msText(a.heldFor) + " ms";
    svg.elementWithTitle("rect", {{"x", px(x(since))}, {"y", px(y - 4)},
                                  {"width", px(std::max(x(a.at) - x(since), 1.0))}, {"height", "8"}, {"rx", "3"},
                                  {"fill", palette::kHeld}},
                         sim_.writeName(a.write) + " held for causal order " + formatMs(since) + "–" +
                             formatMs(a.at) + " ms, then applied");
    label(0, a.node, x(a.at), true, text, "rs-t rs-hl");
  }
}

void Timeline::drawConflicts(SvgWriter& svg) {
  for (const ConflictEvent& c : rec_.conflicts()) {
    if (!inWindow(c.at)) continue;
    anyConflict_ = true;
    const double cx = x(c.at), cy = laneY(c.node), s = 6.5;
    std::string tip = sim_.nodeName(c.node) + " at " + formatMs(c.at) + " ms: " + toString(c.type) + " on " +
                      sim_.keyName(c.key) + "\nwrites " + writeList(sim_, c.writes, 8) + "\nkept " +
                      (c.kept.empty() ? "-" : writeList(sim_, c.kept, 8)) + ", discarded " +
                      (c.discarded.empty() ? "-" : writeList(sim_, c.discarded, 8)) + " (" + c.by + ")";
    svg.elementWithTitle("path", {{"d", "M" + px(cx) + "," + px(cy - s) + " L" + px(cx + s) + "," + px(cy) + " L" +
                                            px(cx) + "," + px(cy + s) + " L" + px(cx - s) + "," + px(cy) + " z"},
                                  {"fill", palette::kConflict}, {"stroke", "#ffffff"}, {"stroke-width", "1.2"}},
                         tip);
    if (!dense_) label(1, c.node, cx, true, conflictLabel(sim_, c), "rs-t rs-cf");
  }
}

// ------------------------------------------------------------------ labels

void Timeline::placeLabels(SvgWriter& svg) {
  std::sort(labels_.begin(), labels_.end(), [](const LabelRequest& a, const LabelRequest& b) {
    return a.priority != b.priority ? a.priority < b.priority : a.order < b.order;
  });
  // taken[lane][row]: x-intervals already used; rows 0..2 above, 3..5 below.
  std::vector<std::vector<std::vector<std::pair<double, double>>>> taken(
      sim_.nodeCount(), std::vector<std::vector<std::pair<double, double>>>(2 * kRowsPerSide));
  const double right = left_ + plotWidth_;
  for (const LabelRequest& l : labels_) {
    const double w = textWidth(l.text, kLabelFont);
    // Start-anchored just right of the mark; end-anchored when that would
    // leave the plot.
    double x0 = l.x + 4;
    if (x0 + w > right) x0 = std::max(left_, l.x - 4 - w);
    const double x1 = x0 + w;
    bool placed = false;
    for (int side = 0; side < 2 && !placed; ++side) {
      const bool below = (side == 0) == l.below;
      for (int k = 0; k < kRowsPerSide && !placed; ++k) {
        auto& row = taken[l.lane][(below ? kRowsPerSide : 0) + k];
        const bool free = std::none_of(row.begin(), row.end(), [&](const std::pair<double, double>& r) {
          return x0 < r.second + 6 && r.first < x1 + 6;
        });
        if (!free) continue;
        row.emplace_back(x0, x1);
        const double y = below ? laneY(l.lane) + 19 + kRowStep * k : laneY(l.lane) - 9 - kRowStep * k;
        svg.element("text", {{"x", px(x0)}, {"y", px(y)}, {"class", l.cssClass}}, l.text);
        placed = true;
      }
    }
    labelsHidden_ += !placed;
  }
}

// --------------------------------------------------------------- outcome

void Timeline::drawConvergence(SvgWriter& svg) const {
  const auto since = sim_.convergedSince();
  if (!since || !inWindow(*since)) return;
  const double cx = x(*since);
  svg.element("line", {{"x1", px(cx)}, {"y1", px(plotTop_)}, {"x2", px(cx)}, {"y2", px(plotBottom_)},
                       {"stroke", palette::kConverged}, {"stroke-width", "1.6"}, {"stroke-dasharray", "7 4"}});
  const std::string text = "converged at " + formatMs(*since) + " ms";
  const double w = textWidth(text, 12);
  const bool fitsRight = cx + 5 + w <= left_ + plotWidth_;
  svg.element("text", {{"x", px(fitsRight ? cx + 5 : cx - 5)}, {"y", px(plotBottom_ - 6)},
                       {"text-anchor", fitsRight ? "start" : "end"}, {"class", "rs-t"}, {"fill", palette::kConverged},
                       {"font-weight", "bold"}, {"font-size", "12px"}},
              text);
}

void Timeline::drawFinalStates(SvgWriter& svg) const {
  const double cx = left_ + plotWidth_ + 26;
  svg.element("text", {{"x", px(cx)}, {"y", px(laneY(0) - 26)}, {"class", "rs-sub"}, {"font-weight", "bold"}},
              "state at the end (" + formatMs(runEnd_) + " ms)");
  // Group live replicas by state digest, in lane order.
  std::vector<uint64_t> groups;
  const size_t maxChars = static_cast<size_t>((kChipWidth - 14) / (kLabelFont * kCharWidth));
  std::vector<KeyId> keys(sim_.keyCount());
  for (KeyId k = 0; k < keys.size(); ++k) keys[k] = k;
  std::sort(keys.begin(), keys.end(), [&](KeyId a, KeyId b) { return sim_.keyName(a) < sim_.keyName(b); });
  for (NodeId n = 0; n < sim_.nodeCount(); ++n) {
    const Replica& r = sim_.replica(n);
    std::string state;
    size_t shownKeys = 0;
    for (KeyId k : keys) {
      const auto values = sim_.values(n, k);
      if (values.empty()) continue;
      std::string v;
      for (size_t i = 0; i < values.size(); ++i) {
        if (i) v += '|';
        v += truncateText(values[i], kMaxValue);
      }
      state += (state.empty() ? "" : ", ") + sim_.keyName(k) + "=" + v;
      if (++shownKeys == 40) break;
    }
    if (state.empty()) state = "(empty)";
    const char* fill = "#e0e0e0";
    std::string prefix;
    if (r.crashed) {
      prefix = "crashed: ";
    } else {
      auto it = std::find(groups.begin(), groups.end(), r.digest);
      const size_t g = static_cast<size_t>(it - groups.begin());
      if (it == groups.end()) groups.push_back(r.digest);
      fill = palette::stateGroup(g);
    }
    const double y = laneY(n);
    svg.elementWithTitle("rect", {{"x", px(cx)}, {"y", px(y - 12)}, {"width", px(kChipWidth)}, {"height", "24"},
                                  {"rx", "6"}, {"fill", fill}, {"stroke", "#b0b0b0"}},
                         sim_.nodeName(n) + ": " + prefix + state);
    svg.element("text", {{"x", px(cx + 7)}, {"y", px(y + 4)}, {"class", "rs-chip"}},
                truncateText(prefix + state, maxChars));
  }
  const bool same = groups.size() <= 1;
  svg.element("text", {{"x", px(cx)}, {"y", px(plotBottom_ - 6)}, {"class", "rs-sub"}, {"font-weight", "bold"},
                       {"fill", same ? palette::kConverged : palette::kOvertaking}},
              same ? "live replicas agree" : std::to_string(groups.size()) + " different states (one colour each)");
}

void Timeline::drawAxes(SvgWriter& svg) const {
  const int64_t span = (window_.to - window_.from).us();
  const int64_t step = niceStep(span, plotWidth_ / 110.0);
  for (double y : {plotTop_, plotBottom_}) {
    const bool top = y == plotTop_;
    svg.element("line", {{"x1", px(left_)}, {"y1", px(y)}, {"x2", px(left_ + plotWidth_)}, {"y2", px(y)},
                         {"stroke", "#888888"}, {"stroke-width", "1"}});
    for (int64_t t = (window_.from.us() + step - 1) / step * step; t <= window_.to.us(); t += step) {
      const double tx = x(SimTime::fromUs(t));
      svg.element("line", {{"x1", px(tx)}, {"y1", px(y)}, {"x2", px(tx)}, {"y2", px(top ? y - 5 : y + 5)},
                           {"stroke", "#888888"}});
      svg.element("text",
                  {{"x", px(tx)}, {"y", px(top ? y - 9 : y + 18)}, {"text-anchor", "middle"}, {"class", "rs-tick"}},
                  msText(SimTime::fromUs(t)) + " ms");
    }
  }
}

double Timeline::drawLegend(SvgWriter& svg, double top) const {
  struct Item {
    std::string glyph;  // markup drawn in a 30 x 14 box whose origin is (0, 0)
    std::string text;
  };
  std::vector<Item> items;
  auto attr = [](const char* name, const std::string& value) {
    return std::string(" ").append(name).append("=\"").append(value).append("\"");
  };
  auto line = [&](const char* colour, const char* width, const char* dash, const std::string& marker) {
    std::string s = "<line x1=\"0\" y1=\"7\" x2=\"28\" y2=\"7\"" + attr("stroke", colour) + attr("stroke-width", width);
    if (*dash) s += attr("stroke-dasharray", dash);
    if (!marker.empty()) s += attr("marker-end", "url(#" + marker + ")");
    return s + "/>";
  };
  auto bar = [&](const char* fill, double y, double height) {
    return "<rect x=\"0\"" + attr("y", px(y)) + " width=\"28\"" + attr("height", px(height)) + " rx=\"2\"" +
           attr("fill", fill) + "/>";
  };
  auto circle = [&](const char* fill, const char* stroke) {
    return std::string("<circle cx=\"14\" cy=\"7\" r=\"4.5\"") + attr("fill", fill) + attr("stroke", stroke) +
           " stroke-width=\"1.8\"/>";
  };
  const size_t shown = std::min<size_t>(sim_.nodeCount(), 8);
  for (size_t n = 0; n < shown; ++n)
    items.push_back({line(palette::leader(n), "1.6", "", "rs-ah" + std::to_string(n)),
                     "write from " + truncateText(sim_.nodeName(static_cast<NodeId>(n)), 14)});
  items.push_back({circle(palette::leader(0), "#ffffff"), "client write"});
  if (anyOvertaking_)
    items.push_back({line(palette::kOvertaking, "2.6", "", "rs-ah-red"), "overtook a causal predecessor"});
  if (anyDrop_)
    items.push_back({line(palette::leader(0), "1.3", "5 3", "") + "<path d=\"M24,3 L32,11 M24,11 L32,3\"" +
                         attr("stroke", palette::kDrop) + " stroke-width=\"2.2\"/>",
                     "dropped (loop prevention reason)"});
  if (anyWait_) items.push_back({line(palette::leader(0), "2.2", "1.5 3", ""), "waiting in the sender's log (outage)"});
  if (anyHeld_) items.push_back({bar(palette::kHeld, 3, 8), "held for causal order"});
  if (anyConflict_)
    items.push_back({"<path d=\"M14,0.5 L20.5,7 L14,13.5 L7.5,7 z\"" + attr("fill", palette::kConflict) + "/>",
                     "conflict: what was kept, by which resolver"});
  if (anyRead_)
    items.push_back({"<rect x=\"10\" y=\"3\" width=\"8\" height=\"8\" fill=\"#ffffff\"" +
                         attr("stroke", palette::leader(0)) + " stroke-width=\"1.8\"/>",
                     "read"});
  if (anyFailed_) items.push_back({circle("#ffffff", palette::kOvertaking), "client operation refused"});
  if (anyRouted_)
    items.push_back({line("#9a9a9a", "1", "1 2", "rs-ah-grey"), "client request routed to another leader"});
  if (anyCrash_) items.push_back({bar("url(#rs-hatch)", 0, 14), "crashed / offline"});
  if (anyLinkDown_) items.push_back({bar(palette::kLinkDown, 5, 5), "link down (grey: removed), under the sender"});
  if (anyLinkAdded_) items.push_back({bar(palette::kLinkAdded, 5, 5), "link added by reconfiguration"});
  if (anyPartition_) items.push_back({bar(palette::kPartition, 0, 14), "partition"});
  if (const auto since = sim_.convergedSince(); since && inWindow(*since))
    items.push_back({line(palette::kConverged, "1.6", "7 4", ""), "replicas became identical"});

  double cx = left_, cy = top;
  const double right = width_ - 20;
  for (const Item& it : items) {
    const double w = 38 + textWidth(it.text, 12) + 22;
    if (cx + w > right && cx > left_) {
      cx = left_;
      cy += 22;
    }
    svg.raw("<g transform=\"translate(" + px(cx) + "," + px(cy) + ")\">" + it.glyph + "</g>\n");
    svg.element("text", {{"x", px(cx + 38)}, {"y", px(cy + 11)}, {"class", "rs-leg"}}, it.text);
    cx += w;
  }
  return cy + 22;
}

std::string Timeline::render() {
  chooseWindow();
  layout();

  SvgWriter back, lanes, front, marks, texts, overlay;
  drawFaults(back, overlay);
  drawHeld(front);
  drawMessages(front);
  drawClientMarks(marks);
  drawConflicts(marks);
  placeLabels(texts);
  drawConvergence(overlay);

  SvgWriter tail;
  drawLanesAndGrid(lanes, tail);
  drawFinalStates(tail);
  drawAxes(tail);
  double y = drawLegend(tail, plotBottom_ + 40);
  std::vector<std::string> notes;
  if (dense_)
    notes.push_back("A busy picture: only overtaking, hold and refusal labels are written; every mark has a "
                    "tooltip. Use --window FROM_MS:TO_MS for a closer look.");
  if (labelsHidden_ > 0)
    notes.push_back(groupDigits(labelsHidden_) +
                    " label(s) left out where they would overlap; hover over a mark for its details.");
  if (!rec_.messages().empty() && drawn_.empty()) notes.push_back("No message falls in this window.");
  for (const std::string& n : notes) {
    tail.element("text", {{"x", px(left_)}, {"y", px(y + 8)}, {"class", "rs-note"}}, n);
    y += 16;
  }
  const double height = y + 16;

  SvgWriter svg;
  const Scenario& sc = sim_.scenario();
  const auto since = sim_.convergedSince();
  const std::string outcome = since ? "converged at " + formatMs(*since) + " ms"
                                    : "DIVERGED: the replicas differ at the end (" + formatMs(runEnd_) + " ms)";
  svg.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + px(width_) + "\" height=\"" + px(height) +
          "\" viewBox=\"0 0 " + px(width_) + " " + px(height) +
          "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" role=\"img\" aria-label=\"" +
          xmlEscape("space-time diagram of " + sc.name) + "\">\n");
  svg.element("title", {}, "replsim: " + sc.name + ", space-time diagram");
  defs(svg);
  svg.element("rect", {{"x", "0"}, {"y", "0"}, {"width", px(width_)}, {"height", px(height)}, {"fill", "#ffffff"}});
  svg.element("text", {{"x", px(left_)}, {"y", "30"}, {"class", "rs-title"}}, sc.name + " — " + outcome);
  double ty = 30;
  for (const std::string& line : titleLines())
    svg.element("text", {{"x", px(left_)}, {"y", px(ty += 18)}, {"class", "rs-sub"}}, line);
  if (const std::string note = windowNote(); !note.empty())
    svg.element("text", {{"x", px(left_)}, {"y", px(ty + 18)}, {"class", "rs-warn"}}, note);
  svg.open("g", {{"clip-path", "url(#rs-plot)"}});
  svg.raw(back.str());
  svg.raw(lanes.str());
  svg.raw(front.str());
  svg.raw(marks.str());
  svg.raw(texts.str());
  svg.raw(overlay.str());
  svg.close();
  svg.raw(tail.str());
  svg.raw("</svg>\n");
  return svg.str();
}

}  // namespace

std::string renderTimelineSvg(const Simulation& sim, const EventRecorder& recorder, const TimelineOptions& options) {
  return Timeline(sim, recorder, options).render();
}

}  // namespace replsim
