#pragma once
// RunOutcome: why a run stopped, as values. The engine never words it:
// sim/report/StopExplanation.h renders the sentence reports print.
//
// Invariants: for MaxEvents, `limit` is limits.max_events and `at` the time
// of the last event run; for MaxHops, `limit` is limits.max_hops, `write`
// the write that exceeded it, `path` its path when it did, and `at` then.
// Quiescent and Until carry nothing else.

#include <cstdint>

#include "sim/core/SimTime.h"
#include "sim/model/Scenario.h"

namespace replsim {

enum class StopReason { Quiescent, Until, MaxEvents, MaxHops };
const char* toString(StopReason r);

struct RunOutcome {
  StopReason reason = StopReason::Quiescent;
  uint64_t limit = 0;            // the limit that stopped the run (MaxEvents, MaxHops)
  SimTime at;                    // when the limit was reached
  uint32_t write = UINT32_MAX;   // MaxHops: the write whose path grew too long
  uint32_t path = UINT32_MAX;    // MaxHops: that path (a PathId)
  LoopPrevention loopPrevention = LoopPrevention::Path;  // the setting in force (explains the cause)
  bool limitReached() const { return reason == StopReason::MaxEvents || reason == StopReason::MaxHops; }
};

}  // namespace replsim
