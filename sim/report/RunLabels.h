#pragma once
// RunLabels: the short texts that name things of a run in the pictures and
// traces (timeline.svg, trace.json, shiviz.log), so that a write or a
// conflict reads the same in every viewer:
//   writeLabel     "A#1 x=1", "A#2 n+=5", "A#3 del x"
//   pathLabel      "A,B,C" (long paths: first five, "…", last five)
//   conflictLabel  "x: kept B#1 (lww)", "x: B#1 skipped (update_missing)"
//   valuesLabel    "[1,2]"
//   readLabel      "read x #2" (leaderless reads, numbered from 1 in issue order)
//   quorumLabel    "ack A#1", "read x #2", "answer read x #2: A#1", "repair A#1 (read x #2)",
//                  "hinted A#1 x=1", "hand-off A#1 x=1" (a leaderless message by its kind)
//   fanoutLabel    "A#1 x=1 → B,C (w=2)", "read x #2 → A,C (r=2)"
//   quorumEventLabel "quorum A#1: 2/2 acks", "no quorum for read x #2: 1/2 answers"
//   hintLabel      "hint A#1 for C stored", "... handed off", "... expired"
// Values are cut to kMaxValue code points so a large value cannot swamp a
// picture; the JSON report keeps them whole.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sim/core/SimObserver.h"
#include "sim/report/EventRecorder.h"

namespace replsim {

class Simulation;

inline constexpr size_t kMaxValue = 24;

std::string writeLabel(const Simulation& sim, uint32_t write);
std::string pathLabel(const Simulation& sim, uint32_t path);
std::string conflictLabel(const Simulation& sim, const RecordedConflict& c);
std::string valuesLabel(const std::vector<std::string>& values);
std::string readLabel(const Simulation& sim, uint32_t read, uint32_t key);
std::string quorumLabel(const Simulation& sim, QuorumMessageKind kind, uint32_t op, uint32_t key, uint32_t write);
std::string fanoutLabel(const Simulation& sim, const QuorumFanoutEvent& e);
std::string quorumEventLabel(const Simulation& sim, const QuorumEvent& e);
std::string hintLabel(const Simulation& sim, const HintEvent& e);
// "A#1,B#2" (at most `max` names, then "+N").
std::string writeList(const Simulation& sim, std::span<const uint32_t> writes, size_t max = 4);

}  // namespace replsim
