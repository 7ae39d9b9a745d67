#pragma once
// TimelineSvg: timeline.svg, a space-time diagram of one run.
//
// One horizontal lane per leader (name at the left), simulated time to scale
// on the x axis (ticks in ms, top and bottom), and on it:
//   * one arrow per replication message, from (send time, sender lane) to
//     (arrival time, receiver lane), in the colour of the write's origin;
//     deliveries that overtook a causal predecessor in red, labelled
//     "overtakes A#1"; drops dashed grey ending in an x labelled with the
//     loop-prevention reason; time spent waiting in the sender's log during
//     an outage dotted along the sender's lane;
//   * client writes as dots ("A#1 x=1"), failed operations as open red
//     circles, reads as open squares, writes held back for causal order as a
//     bar on the receiver's lane, conflicts as diamonds with their resolution
//     ("x: kept B#1 (lww)");
//   * crashes and offline spells hatched on the lane, link outages as amber
//     bars under the sender's lane, partitions as bands across every lane;
//   * leaderless runs: every quorum message by kind (write copies in the
//     origin's colour, acks thin grey, read requests thin dashed in the
//     coordinator's colour, answers dashed grey, repairs orange, hinted
//     writes dashed amber, hand-offs solid amber, anti-entropy dotted), a
//     dashed ring at each coordinator's fan-out, a green disc where a quorum
//     was reached and a red ring with an x where it failed, and hints stored
//     (amber square), handed off (amber triangle) or expired (grey x) on the
//     fallback's lane (docs/leaderless.md#the-timeline-and-the-traces);
//   * the moment the replicas last became identical (a green line), and at
//     the right each replica's final state, replicas holding the same state
//     sharing a colour;
//   * a title with the run's outcome, a legend, and notes on what was left
//     out.
// Big runs: at most TimelineOptions::maxMessages arrows are drawn. Without a
// window, a run with more messages is shown from 0 to the send time of the
// maxMessages-th message; the title says which part is shown and how to pick
// another (--window FROM_MS:TO_MS).
// Labels are placed in up to three rows above and below each lane, greedily,
// so they never overlap; a label that finds no room is left out (counted in
// a note) and its mark keeps a tooltip with the same text.
// Marks carry classes for tests and user stylesheets: every drawn message's
// main line "rs-msg" (plus "rs-overtake", "rs-dropped", "rs-discarded" or
// "rs-in-flight"), a drop's x "rs-drop-x", waiting "rs-wait", crashes
// "rs-crash", link bars "rs-link", partitions "rs-partition"; leaderless
// messages "rs-q-KIND" (write, ack, read, answer, repair, repair-ack, hinted,
// hinted-ack, handoff, sync; those without a copy of a write also
// "rs-quorum"), "rs-fanout", "rs-quorum-reached", "rs-quorum-failed",
// "rs-hint", "rs-hint-handoff", "rs-hint-expired". A multi-leader run draws
// none of these, and its picture is what it was before they existed.
// Output is a pure function of the run: coordinates are printed with one
// decimal from integer times, and everything is emitted in record order.

#include <cstddef>
#include <optional>
#include <string>

#include "sim/core/SimTime.h"
#include "sim/core/Status.h"

namespace replsim {

class Simulation;
class EventRecorder;

struct TimeWindow {
  SimTime from, to;  // from < to
};

// Parses "FROM_MS:TO_MS" (fractions allowed, 0 <= FROM < TO <= 1e12). Text
// that is not such a window is the user's mistake: an error naming --window.
Expected<TimeWindow> parseTimeWindow(const std::string& text);

struct TimelineOptions {
  std::optional<TimeWindow> window;
  size_t maxMessages = 2000;
};

std::string renderTimelineSvg(const Simulation& sim, const EventRecorder& recorder, const TimelineOptions& options);

}  // namespace replsim
