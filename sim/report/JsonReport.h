#pragma once
// JsonReport: builds the JSON report v1 (spec: "The JSON report") of a
// finished run from the simulation's final state and the RunStats.
//
// Fields keep the spec's order (nlohmann::ordered_json); every number is
// derived from integers (times in microseconds printed as ms), so the same
// scenario and seed give byte-identical output everywhere.

#include <nlohmann/json.hpp>

#include "sim/replication/Simulation.h"
#include "sim/metrics/FreshnessStats.h"
#include "sim/metrics/Percentiles.h"
#include "sim/metrics/RunStats.h"

namespace replsim {

using ReportJson = nlohmann::ordered_json;

// With `fresh` (the run's FreshnessStats) the report also has each node's
// replication lag, read staleness and the failovers (docs/datacenters.md).
ReportJson buildJsonReport(const Simulation& sim, const RunStats& stats, const RunOutcome& outcome,
                           const FreshnessStats* fresh = nullptr);

// Adds `key: value` at the end of `object` without looking for `key` first
// (ordered_json's operator[] searches its members one by one, so a report
// with a member per node or per key built with it costs their square).
// REQUIRES: `object` is an object (or null) and has no member `key`.
void appendMember(ReportJson& object, std::string key, ReportJson value);

// Milliseconds as a JSON number with microsecond precision (12.345).
double jsonMs(SimTime t);

}  // namespace replsim
