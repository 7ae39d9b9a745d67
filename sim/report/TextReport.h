#pragma once
// TextReport: renders the JSON report as the text a person reads first
// (cli.md "The text report"): result, topology, a table per leader,
// messages, writes, conflicts with every discarded write, anomalies and the
// expectations with ✓/✗. Lines stay within 100 columns.
//
// It is a pure function of the JSON report, so the two can never disagree.

#include <string>

#include "sim/report/JsonReport.h"

namespace replsim {

std::string renderTextReport(const ReportJson& report);

}  // namespace replsim
