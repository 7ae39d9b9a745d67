#pragma once
// latencyKey: an exact identity of a LatencyDistribution — equal keys if and
// only if the two distributions are the same form with the same parameters
// (a mixture's parts, weights and nesting included) — for code that shares
// one copy of equal link settings. kind/a/b/floorMs alone do not identify a
// mixture, whose parameters are its parts.

#include <string>

#include "sim/model/LatencyDistribution.h"

namespace replsim {

// Parameters as hexadecimal floats, so no two different values print alike.
std::string latencyKey(const LatencyDistribution& d);

}  // namespace replsim
