#pragma once
// ModeCompareReport: renders a ModeComparisonResult (`replsim compare
// --modes`) as text, JSON or CSV. Pure functions of the result: the same
// result gives the same bytes, whatever --jobs produced it.
//
// * text: the seed's comparison table, one column per mode — performance
//   (client write latency p50/p99 per datacenter), datacenter outages
//   (writes failed, delayed, time to recover; mean, then each datacenter),
//   network problems (flapping), conflicts and discarded writes.
// * JSON {"replsim_compare_modes": 1, ...}: every number per mode and
//   situation.
// * CSV: one row per mode × situation (no trouble, each datacenter down,
//   flapping), then per mode × datacenter latency rows; unset values empty.
// Times are rounded to 1 us, other numbers to 6 decimals.

#include <string>

#include <nlohmann/json.hpp>

#include "sim/compare/ModeComparisonResult.h"

namespace replsim {

std::string modeCompareText(const ModeComparisonResult& result);
nlohmann::ordered_json modeCompareJson(const ModeComparisonResult& result);
std::string modeCompareCsv(const ModeComparisonResult& result);

}  // namespace replsim
