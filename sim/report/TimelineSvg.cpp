#include "sim/report/TimelineSvg.h"

#include "sim/report/TimelineLayout.h"

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

namespace replsim {

Expected<TimeWindow> parseTimeWindow(const std::string& text) {
  const size_t colon = text.find(':');
  auto number = [](const std::string& s, double& out) {
    if (s.empty()) return false;
    size_t used = 0;
    try {
      out = std::stod(s, &used);
    } catch (const std::invalid_argument&) {  // not a number: what stod reports for the user's text
      return false;
    } catch (const std::out_of_range&) {  // beyond a double
      return false;
    }
    return used == s.size() && std::isfinite(out);
  };
  double from = 0, to = 0;
  if (colon == std::string::npos || !number(text.substr(0, colon), from) || !number(text.substr(colon + 1), to)) {
    return Status::error(fmt::format("--window must be FROM_MS:TO_MS, for example 0:250 (got \"{}\")", text));
  }
  if (from < 0 || to > 1e12 || from >= to) {
    return Status::error(fmt::format("--window FROM_MS:TO_MS needs 0 <= FROM < TO <= 1e12 (got \"{}\")", text));
  }
  return TimeWindow{SimTime::fromMs(from), SimTime::fromMs(to)};
}


namespace timeline_detail {

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
  if (rec_.quorumMessagesSent() > 0)
    settings += " + " + groupDigits(rec_.quorumMessagesSent()) + " acks, read requests and answers";
  lines.push_back(settings);
  return lines;
}

std::string Timeline::windowNote() const {
  if (!defaultWindowed_ && !options_.window && drawn_.size() == intersecting_ && !rec_.truncated()) return "";
  std::string w = "Showing " + formatMs(window_.from) + "–" + formatMs(window_.to) + " ms of a " + formatMs(runEnd_) +
                  " ms run: " + groupDigits(drawn_.size()) + " of " +
                  groupDigits(rec_.messagesSent() + rec_.quorumMessagesSent()) +
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
      ".rs-chip{font-size:11px;fill:#222222}\n" +
      std::string(anyQuorumReached_ ? ".rs-qr{fill:" + std::string(palette::kConverged) + "}\n" : "") +
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
  if (quorumKinds_[static_cast<size_t>(QuorumMessageKind::Repair)]) arrowHead("rs-ah-repair", palette::kRepair);
  if (quorumKinds_[static_cast<size_t>(QuorumMessageKind::HintedWrite)] ||
      quorumKinds_[static_cast<size_t>(QuorumMessageKind::HandOff)])
    arrowHead("rs-ah-hint", palette::kHint);
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

// How a leaderless message is drawn, by kind: a write's copies in its
// origin's colour like replication messages; acks and answers thin grey (an
// answer dashed); read requests thin dashed in the coordinator's colour;
// repairs orange; hinted writes dashed amber, their hand-off solid amber;
// anti-entropy dotted in the origin's colour.
Timeline::QuorumStyle Timeline::quorumStyle(const RecordedMessage& m) const {
  const std::string cls = std::string(" rs-q-") + quorumClass(m.kind) + (carriesCopy(m.kind) ? "" : " rs-quorum");
  switch (m.kind) {
    case QuorumMessageKind::Write:
      return {originColour(m.write), "rs-ah" + std::to_string(sim_.writes()[m.write].dot.origin % 8), "1.4", "", cls};
    case QuorumMessageKind::Ack:
    case QuorumMessageKind::RepairAck:
    case QuorumMessageKind::HintedAck: return {palette::kQuorumReply, "rs-ah-grey", "1", "", cls};
    case QuorumMessageKind::ReadAnswer: return {palette::kQuorumReply, "rs-ah-grey", "1", "6 2", cls};
    case QuorumMessageKind::ReadRequest:
      return {palette::leader(m.from), "rs-ah" + std::to_string(m.from % 8), "1", "4 3", cls};
    case QuorumMessageKind::Repair: return {palette::kRepair, "rs-ah-repair", "1.8", "", cls};
    case QuorumMessageKind::HintedWrite: return {palette::kHint, "rs-ah-hint", "1.6", "5 2", cls};
    case QuorumMessageKind::HandOff: return {palette::kHint, "rs-ah-hint", "2.2", "", cls};
    case QuorumMessageKind::Sync:
      return {originColour(m.write), "rs-ah" + std::to_string(sim_.writes()[m.write].dot.origin % 8), "1.4", "2 2",
              cls};
  }
  return {palette::kQuorumReply, "rs-ah-grey", "1", "", cls};
}

const char* quorumClass(QuorumMessageKind k) {
  switch (k) {
    case QuorumMessageKind::Write: return "write";
    case QuorumMessageKind::Ack: return "ack";
    case QuorumMessageKind::ReadRequest: return "read";
    case QuorumMessageKind::ReadAnswer: return "answer";
    case QuorumMessageKind::Repair: return "repair";
    case QuorumMessageKind::RepairAck: return "repair-ack";
    case QuorumMessageKind::HintedWrite: return "hinted";
    case QuorumMessageKind::HintedAck: return "hinted-ack";
    case QuorumMessageKind::HandOff: return "handoff";
    case QuorumMessageKind::Sync: return "sync";
  }
  return "?";
}

void Timeline::drawMessage(SvgWriter& svg, const RecordedMessage& m) {
  if (m.quorum) return drawQuorumMessage(svg, m);
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

void Timeline::drawQuorumMessage(SvgWriter& svg, const RecordedMessage& m) {
  // Leaderless messages are never dropped (no loop prevention); an outage
  // holds them in the sender's log like any message.
  const double y0 = laneY(m.from), y1 = laneY(m.to);
  const QuorumStyle st = quorumStyle(m);
  quorumKinds_[static_cast<size_t>(m.kind)] = true;
  std::string what = quorumLabel(sim_, m.kind, m.op, m.key, m.write) + "  " + sim_.nodeName(m.from) + "→" +
                     sim_.nodeName(m.to);
  if (carriesCopy(m.kind)) what += "  (" + std::string(toString(m.kind)) + ")";
  const SimTime waitFrom = m.pulledBackAt != SimTime::max() ? m.pulledBackAt : m.sent;
  const SimTime waitTo = !m.waiting ? m.resent : m.fate == MessageFate::Discarded ? m.ended : runEnd_;
  if (m.outages > 0 && waitTo > waitFrom) {
    anyWait_ = true;
    const double wy = y0 + (y1 > y0 ? 4 : -4);
    svg.elementWithTitle("line", {{"x1", px(x(waitFrom))}, {"y1", px(wy)}, {"x2", px(x(waitTo))}, {"y2", px(wy)},
                                  {"class", "rs-wait"}, {"stroke", st.colour}, {"stroke-width", "2.2"},
                                  {"stroke-dasharray", "1.5 3"}},
                         what + ": waiting in " + sim_.nodeName(m.from) + "'s log " + formatMs(waitFrom) + "–" +
                             (m.waiting ? "end" : formatMs(waitTo)) + " ms");
  }
  if (m.waiting) return;  // never (re-)sent
  std::string tip = what + "\nsent " + formatMs(m.sent) + " ms";
  if (m.resent != m.sent) tip += ", re-sent " + formatMs(m.resent) + " ms";
  const bool delivered = m.fate == MessageFate::Delivered;
  const SimTime end = delivered || m.fate == MessageFate::Discarded ? m.ended : runEnd_;
  tip += delivered ? ", delivered " + formatMs(m.ended) + " ms"
         : m.fate == MessageFate::Discarded ? ", discarded " + formatMs(m.ended) + " ms: link removed"
                                            : ", still in flight when the run ended";
  const std::string cls = std::string("rs-msg") + st.cls + (delivered ? "" : m.fate == MessageFate::Discarded
                                                                                ? " rs-discarded"
                                                                                : " rs-in-flight");
  const double ye = delivered ? y1 : (y0 + y1) / 2;
  if (delivered)
    svg.elementWithTitle("line", {{"x1", px(x(m.resent))}, {"y1", px(y0)}, {"x2", px(x(end))}, {"y2", px(ye)},
                                  {"class", cls}, {"stroke", st.colour}, {"stroke-width", st.width},
                                  {"stroke-dasharray", *st.dash ? st.dash : "none"},
                                  {"marker-end", "url(#" + st.marker + ")"}},
                         tip);
  else
    svg.elementWithTitle("line", {{"x1", px(x(m.resent))}, {"y1", px(y0)}, {"x2", px(x(end))}, {"y2", px(ye)},
                                  {"class", cls}, {"stroke", st.colour}, {"stroke-width", "1.2"},
                                  {"stroke-dasharray", "2 3"}},
                         tip);
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

std::string Timeline::render() {
  chooseWindow();
  layout();

  SvgWriter back, lanes, front, marks, texts, overlay;
  drawFaults(back, overlay);
  drawHeld(front);
  drawMessages(front);
  drawClientMarks(marks);
  drawConflicts(marks);
  drawQuorumMarks(marks);
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

}  // namespace timeline_detail

std::string renderTimelineSvg(const Simulation& sim, const EventRecorder& recorder, const TimelineOptions& options) {
  return timeline_detail::Timeline(sim, recorder, options).render();
}

}  // namespace replsim
