// The marks, labels and legend of timeline.svg: members of Timeline
// (TimelineLayout.h) split from TimelineSvg.cpp to keep each file readable.
#include "sim/report/TimelineLayout.h"

namespace replsim {
namespace timeline_detail {

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
  for (size_t i = 0; i < rec_.conflictCount(); ++i) {
    const RecordedConflict c = rec_.conflict(i);
    if (!inWindow(c.at)) continue;
    anyConflict_ = true;
    const double cx = x(c.at), cy = laneY(c.node), s = 6.5;
    std::string tip = sim_.nodeName(c.node) + " at " + formatMs(c.at) + " ms: " + toString(c.type) + " on " +
                      sim_.keyName(c.key) + "\nwrites " + writeList(sim_, c.writes, 8) + "\nkept " +
                      (c.kept.empty() ? "-" : writeList(sim_, c.kept, 8)) + ", discarded " +
                      (c.discarded.empty() ? "-" : writeList(sim_, c.discarded, 8)) + " (" + std::string(c.by) + ")";
    svg.elementWithTitle("path", {{"d", "M" + px(cx) + "," + px(cy - s) + " L" + px(cx + s) + "," + px(cy) + " L" +
                                            px(cx) + "," + px(cy + s) + " L" + px(cx - s) + "," + px(cy) + " z"},
                                  {"fill", palette::kConflict}, {"stroke", "#ffffff"}, {"stroke-width", "1.2"}},
                         tip);
    if (!dense_) label(1, c.node, cx, true, conflictLabel(sim_, c), "rs-t rs-cf");
  }
}

// ------------------------------------------------------ leaderless quorums

void Timeline::drawQuorumMarks(SvgWriter& svg) {
  // A fan-out: a dashed ring around the coordinator's client mark.
  for (const QuorumFanoutEvent& f : rec_.fanouts()) {
    if (!inWindow(f.at)) continue;
    anyFanout_ = true;
    svg.elementWithTitle("circle", {{"class", "rs-fanout"}, {"cx", px(x(f.at))}, {"cy", px(laneY(f.coordinator))},
                                    {"r", "9"}, {"fill", "none"}, {"stroke", palette::leader(f.coordinator)},
                                    {"stroke-width", "1.4"}, {"stroke-dasharray", "2 2"}},
                         "fan-out " + fanoutLabel(sim_, f) + " at " + formatMs(f.at) + " ms" +
                             (f.local ? "; the coordinator's own copy counts" : ""));
  }
  // Quorum reached: a green disc with a tick; failed: a red ring with a cross.
  for (const QuorumEvent& q : rec_.quorums()) {
    if (!inWindow(q.at)) continue;
    const double cx = x(q.at), cy = laneY(q.coordinator);
    std::string text = quorumEventLabel(sim_, q);
    if (q.read && q.reached) text += " → " + (q.write == UINT32_MAX ? std::string("not found") : sim_.writeName(q.write));
    const std::string tip = text + " at " + formatMs(q.at) + " ms";
    if (q.reached) {
      anyQuorumReached_ = true;
      svg.elementWithTitle("circle", {{"class", "rs-quorum-reached"}, {"cx", px(cx)}, {"cy", px(cy)}, {"r", "5.5"},
                                      {"fill", palette::kConverged}, {"stroke", "#ffffff"}, {"stroke-width", "1.2"}},
                           tip);
      svg.element("path", {{"d", "M" + px(cx - 2.5) + "," + px(cy) + " L" + px(cx - 0.5) + "," + px(cy + 2.2) + " L" +
                                     px(cx + 3) + "," + px(cy - 2.5)},
                           {"fill", "none"}, {"stroke", "#ffffff"}, {"stroke-width", "1.5"}});
      if (!dense_) label(1, q.coordinator, cx, true, "✓ " + text, "rs-t rs-qr");
    } else {
      anyQuorumFailed_ = true;
      svg.elementWithTitle("circle", {{"class", "rs-quorum-failed"}, {"cx", px(cx)}, {"cy", px(cy)}, {"r", "5.5"},
                                      {"fill", "#ffffff"}, {"stroke", palette::kOvertaking}, {"stroke-width", "1.8"}},
                           tip);
      cross(svg, cx, cy, tip);
      label(1, q.coordinator, cx, true, "✗ " + text, "rs-t rs-fl");
    }
  }
  // Hints on the fallback's lane: stored (an amber square), handed off (an
  // amber triangle; the hand-off arrow leaves from it), expired (a grey x).
  for (const HintEvent& h : rec_.hints()) {
    if (!inWindow(h.at)) continue;
    anyHint_ = true;
    const double cx = x(h.at), cy = laneY(h.node);
    const std::string text = hintLabel(sim_, h);
    const std::string tip = text + " at " + formatMs(h.at) + " ms";
    switch (h.action) {
      case HintAction::Stored:
        svg.elementWithTitle("rect", {{"class", "rs-hint"}, {"x", px(cx - 4)}, {"y", px(cy - 4)}, {"width", "8"},
                                      {"height", "8"}, {"fill", palette::kHint}},
                             tip);
        break;
      case HintAction::HandedOff:
        svg.elementWithTitle("path", {{"class", "rs-hint-handoff"},
                                      {"d", "M" + px(cx - 4) + "," + px(cy - 5) + " L" + px(cx + 5) + "," + px(cy) +
                                                " L" + px(cx - 4) + "," + px(cy + 5) + " z"},
                                      {"fill", palette::kHint}},
                             tip);
        break;
      case HintAction::Expired:
        svg.elementWithTitle("path", {{"class", "rs-hint-expired"},
                                      {"d", "M" + px(cx - 4) + "," + px(cy - 4) + " L" + px(cx + 4) + "," + px(cy + 4) +
                                                " M" + px(cx - 4) + "," + px(cy + 4) + " L" + px(cx + 4) + "," +
                                                px(cy - 4)},
                                      {"stroke", palette::kDrop}, {"stroke-width", "2"}},
                             tip);
        break;
    }
    if (!dense_) label(3, h.node, cx, false, text, "rs-t rs-dr");
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
      for (size_t i = 0; i < values.size(); ++i) v += fmt::format("{}{}", i ? "|" : "", truncateText(values[i], kMaxValue));
      state += fmt::format("{}{}={}", state.empty() ? "" : ", ", sim_.keyName(k), v);
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
  auto attr = [](const char* name, const std::string& value) { return fmt::format(" {}=\"{}\"", name, value); };
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
  if (quorumKinds_[static_cast<size_t>(QuorumMessageKind::ReadRequest)])
    items.push_back({line(palette::leader(0), "1", "4 3", "rs-ah0"), "read request"});
  if (quorumKinds_[static_cast<size_t>(QuorumMessageKind::Ack)] ||
      quorumKinds_[static_cast<size_t>(QuorumMessageKind::RepairAck)] ||
      quorumKinds_[static_cast<size_t>(QuorumMessageKind::HintedAck)])
    items.push_back({line(palette::kQuorumReply, "1", "", "rs-ah-grey"), "ack"});
  if (quorumKinds_[static_cast<size_t>(QuorumMessageKind::ReadAnswer)])
    items.push_back({line(palette::kQuorumReply, "1", "6 2", "rs-ah-grey"), "read answer"});
  if (quorumKinds_[static_cast<size_t>(QuorumMessageKind::Repair)])
    items.push_back({line(palette::kRepair, "1.8", "", "rs-ah-repair"), "read repair"});
  if (quorumKinds_[static_cast<size_t>(QuorumMessageKind::HintedWrite)])
    items.push_back({line(palette::kHint, "1.6", "5 2", "rs-ah-hint"), "hinted write (to a fallback)"});
  if (quorumKinds_[static_cast<size_t>(QuorumMessageKind::HandOff)])
    items.push_back({line(palette::kHint, "2.2", "", "rs-ah-hint"), "hint handed off to its replica"});
  if (quorumKinds_[static_cast<size_t>(QuorumMessageKind::Sync)])
    items.push_back({line(palette::leader(0), "1.4", "2 2", "rs-ah0"), "anti-entropy copy"});
  if (anyFanout_)
    items.push_back({"<circle cx=\"14\" cy=\"7\" r=\"6\" fill=\"none\"" + attr("stroke", palette::leader(0)) +
                         " stroke-width=\"1.4\" stroke-dasharray=\"2 2\"/>",
                     "coordinator's fan-out"});
  if (anyQuorumReached_) items.push_back({circle(palette::kConverged, "#ffffff"), "quorum reached (w acks / r answers)"});
  if (anyQuorumFailed_) items.push_back({circle("#ffffff", palette::kOvertaking), "quorum not reached by the timeout"});
  if (anyHint_)
    items.push_back({"<rect x=\"10\" y=\"3\" width=\"8\" height=\"8\"" + attr("fill", palette::kHint) + "/>",
                     "hint stored / handed off (▸) / expired (x)"});
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

}  // namespace timeline_detail
}  // namespace replsim
