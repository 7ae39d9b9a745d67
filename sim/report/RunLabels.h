#pragma once
// RunLabels: the short texts that name things of a run in the pictures and
// traces (timeline.svg, trace.json, shiviz.log), so that a write or a
// conflict reads the same in every viewer:
//   writeLabel     "A#1 x=1", "A#2 n+=5", "A#3 del x"
//   pathLabel      "A,B,C" (long paths: first five, "…", last five)
//   conflictLabel  "x: kept B#1 (lww)", "x: B#1 skipped (update_missing)"
//   valuesLabel    "[1,2]"
// Values are cut to kMaxValue code points so a large value cannot swamp a
// picture; the JSON report keeps them whole.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/SimObserver.h"

namespace replsim {

class Simulation;

inline constexpr size_t kMaxValue = 24;

std::string writeLabel(const Simulation& sim, uint32_t write);
std::string pathLabel(const Simulation& sim, uint32_t path);
std::string conflictLabel(const Simulation& sim, const ConflictEvent& c);
std::string valuesLabel(const std::vector<std::string>& values);
// "A#1,B#2" (at most `max` names, then "+N").
std::string writeList(const Simulation& sim, const std::vector<uint32_t>& writes, size_t max = 4);

}  // namespace replsim
