#pragma once
// SweepHtmlReport: sweep.html, the page `replsim sweep --out DIR` writes — one
// self-contained file (inline CSS and SVG, no script, nothing fetched) with,
// per metric, the mean against the first parameter with 95 % interval bars
// (one series per combination of the other parameters), a box plot per
// cell (whiskers min..max, box q1..q3 by nearest rank, median line) and the
// statistics table; then the failed runs with their replay commands.
//
// Deterministic: derived from the SweepResult only, numbers formatted by
// px() and fixed decimals.

#include <string>

#include "sim/sweep/SweepResult.h"

namespace replsim {

std::string sweepHtml(const SweepResult& result);

}  // namespace replsim
