#pragma once
// SweepReport: how `replsim sweep` (and `sweep merge`) print a SweepResult —
// a text table per metric (one row per cell), JSON (one object per cell with
// its statistics, its seeds and every metric's raw per-seed values, and its
// failed runs with their replay commands) and CSV (sweepCsv: one row per
// cell; sweepRunsCsv: one row per run, the raw values).
//
// All three derive statistics from the raw values only, so a merged sweep
// prints byte-identically to the unsharded one. Statistics are rounded to 6
// decimals; raw values are written exactly (JSON round-trips doubles), which
// is what lets `sweep merge` read parts back without losing a bit.

#include <string>

#include "sim/report/JsonReport.h"
#include "sim/sweep/SweepResult.h"

namespace replsim {

ReportJson sweepJson(const SweepResult& result);
std::string sweepText(const SweepResult& result);
std::string sweepCsv(const SweepResult& result);
std::string sweepRunsCsv(const SweepResult& result);

// A statistic in text and HTML tables: whole numbers bare, others to 3 decimals.
std::string sweepNumber(double v);

// "lww", "0.05": a parameter value as text tables and CSV show it.
std::string sweepValueText(const nlohmann::json& value);

}  // namespace replsim
