#pragma once
// CompareReport: renders a ComparisonResult (`replsim compare`) as text,
// JSON or CSV. Pure functions of the result: the same result gives the same
// bytes, whatever --jobs produced it.
//
// * text: one row per topology — kind, messages per write, propagation p50
//   and p99 without failures, the worst and average fraction of cut pairs
//   (simulated / predicted by Boost.Graph), and over the failures the worst
//   writes delayed, max staleness and catch-up time; then a legend and
//   whether simulation and prediction agree. Lines fit 100 columns.
// * JSON {"replsim_compare": 1, ...}: everything, every failure with its cut
//   pairs (simulated and predicted), and the per-topology summary.
// * CSV: a header, then one row per topology × failure, the baseline (no
//   failure) row first for each topology. Unset values are empty cells.
//
// Numbers are rounded to 1 us for times and to 6 decimals otherwise, so no
// floating-point noise reaches the output.

#include <string>

#include <nlohmann/json.hpp>

#include "sim/compare/ComparisonResult.h"

namespace replsim {

std::string compareText(const ComparisonResult& result);
nlohmann::ordered_json compareJson(const ComparisonResult& result);
std::string compareCsv(const ComparisonResult& result);

}  // namespace replsim
