#pragma once
// JsonReport: builds the JSON report v1 (spec: "The JSON report") of a
// finished run from the simulation's final state and the RunStats.
//
// Fields keep the spec's order (nlohmann::ordered_json); every number is
// derived from integers (times in microseconds printed as ms), so the same
// scenario and seed give byte-identical output everywhere.
//
// The per-leader key listings (`leaders.*.keys`) are most of a big run's
// report (1,000 leaders x 1,024 keys: 20 MB of text, 120 MB as a DOM), so
// `replsim run --format json` can leave them out of the DOM
// (KeyListings::Streamed) and have writeJsonReport write them straight from
// the simulation's final state, byte for byte as the DOM would print.

#include <ostream>

#include <nlohmann/json.hpp>

#include "sim/replication/Simulation.h"
#include "sim/metrics/FreshnessStats.h"
#include "sim/metrics/Percentiles.h"
#include "sim/metrics/RunStats.h"

namespace replsim {

using ReportJson = nlohmann::ordered_json;

// Where the key listings `leaders.<name>.keys` are: in the DOM, or (Streamed)
// a null placeholder in the DOM that writeJsonReport fills in from the
// Simulation. Streamed is only for a report nothing reads but
// writeJsonReport: not the text report, not `expect`, not --out's files.
enum class KeyListings { InReport, Streamed };

// With `fresh` (the run's FreshnessStats) the report also has each node's
// replication lag, read staleness and the failovers (docs/datacenters.md).
ReportJson buildJsonReport(const Simulation& sim, const RunStats& stats, const RunOutcome& outcome,
                           const FreshnessStats* fresh = nullptr, KeyListings listings = KeyListings::InReport);

// Writes `report` to `out` exactly as `out << std::setw(2) << report` does
// (nlohmann's pretty printer: two-space indent, ": " and ",\n" separators,
// "{}"/"[]" when empty, its number format and string escaping), without a
// newline at the end. With `listingsFrom` (the Simulation the report was
// built from with KeyListings::Streamed; it must still be alive and
// unchanged) each leader's `keys` placeholder is written from that
// simulation's replicas, as buildJsonReport would have put them in the DOM.
void writeJsonReport(std::ostream& out, const ReportJson& report, const Simulation* listingsFrom = nullptr);

// Adds `key: value` at the end of `object` without looking for `key` first
// (ordered_json's operator[] searches its members one by one, so a report
// with a member per node or per key built with it costs their square).
// REQUIRES: `object` is an object (or null) and has no member `key`.
void appendMember(ReportJson& object, std::string key, ReportJson value);
// An empty object with room for `members` members. Why: ordered_json keeps
// members in a vector of pair<const string, json>, whose move may throw, so
// growing it *copies* every member deeply — a report growing one member past
// its capacity copied all the leaders' keys.
ReportJson objectWithCapacity(size_t members);

// Milliseconds as a JSON number with microsecond precision (12.345).
double jsonMs(SimTime t);

}  // namespace replsim
