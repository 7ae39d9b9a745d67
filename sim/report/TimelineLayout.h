#pragma once
// TimelineLayout: the internals of timeline.svg (TimelineSvg.h), shared by
// the two files that draw it — TimelineSvg.cpp (window, layout, faults,
// lanes, messages, the whole picture) and TimelineMarks.cpp (client marks,
// holds, conflicts, labels, convergence, final states, axes, legend). Not an
// API: only those two files include it.

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <vector>
#include <fmt/format.h>
#include "sim/replication/Simulation.h"
#include "sim/report/EventRecorder.h"
#include "sim/report/RunLabels.h"
#include "sim/report/SvgWriter.h"

#include "sim/report/TimelineSvg.h"

namespace replsim {
namespace timeline_detail {


// ---- layout (px) ----
inline constexpr double kLaneGap = 132;       // between lane lines
inline constexpr double kLanePadTop = 62;     // from the top axis to the first lane
inline constexpr double kLanePadBottom = 86;  // from the last lane to the bottom axis
inline constexpr double kLabelFont = 11;
inline constexpr double kCharWidth = 0.6;     // of the font size, for DejaVu Sans / Helvetica
inline constexpr double kRowStep = 13;        // between label rows
inline constexpr int kRowsPerSide = 3;
inline constexpr double kChipWidth = 230;
inline constexpr double kMarginRight = kChipWidth + 36;
inline constexpr double kLinkBarTop = 52;   // below a lane: its link outage bars
inline constexpr double kLinkBarStep = 12;
inline constexpr double kInnerPad = 14;       // between the plot's edge and the window's first/last instant
// Past this many arrows a picture is dense: only the labels that tell the
// story (overtaking, holds, refusals) are written; the other marks keep
// their tooltips.
inline constexpr size_t kDenseMessages = 400;

inline double textWidth(const std::string& s, double font) { return static_cast<double>(codePoints(s)) * font * kCharWidth; }

// "20", "0.5", "1.25": milliseconds without trailing zeros, from the integer.
inline std::string msText(SimTime t) {
  std::string s = formatMs(t);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

// A 1-2-5 step (in us) giving about `target` intervals over `span`.
inline int64_t niceStep(int64_t spanUs, double target) {
  const double raw = std::max(1.0, static_cast<double>(spanUs) / target);
  int64_t base = 1;
  while (base * 10 <= raw) base *= 10;
  for (int64_t m : {1, 2, 5, 10})
    if (static_cast<double>(base * m) >= raw) return base * m;
  return base * 10;
}

// Where `t` lies between `from` and `to`, as a fraction. REQUIRES: from < to.
inline double along(SimTime t, SimTime from, SimTime to) {
  return static_cast<double>((t - from).us()) / static_cast<double>((to - from).us());
}

inline const char* dropText(DropReason r) {
  switch (r) {
    case DropReason::Path: return "drop: path";
    case DropReason::Origin: return "drop: origin";
    case DropReason::Seen: return "drop: seen";
    case DropReason::Duplicate: return "drop: duplicate";
  }
  return "drop";
}

// A leaderless message kind as a CSS class suffix: "rs-q-ack", "rs-q-repair"...
const char* quorumClass(QuorumMessageKind k);

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
  struct QuorumStyle {
    const char* colour;
    std::string marker;  // arrow head id
    const char* width;
    const char* dash;    // "" for solid
    std::string cls;     // extra classes, each with a leading space
  };
  QuorumStyle quorumStyle(const RecordedMessage& m) const;
  void drawQuorumMessage(SvgWriter& svg, const RecordedMessage& m);
  void cross(SvgWriter& svg, double cx, double cy, const std::string& title) const;  // a drop's x
  void drawClientMarks(SvgWriter& svg);
  void drawConflicts(SvgWriter& svg);
  // Leaderless: fan-outs, quorums reached or failed, hints (TimelineMarks.cpp).
  void drawQuorumMarks(SvgWriter& svg);
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
  // Leaderless: the message kinds drawn (by QuorumMessageKind), and the marks.
  std::vector<bool> quorumKinds_ = std::vector<bool>(10, false);
  bool anyFanout_ = false, anyQuorumReached_ = false, anyQuorumFailed_ = false, anyHint_ = false;
};

}  // namespace timeline_detail
}  // namespace replsim
