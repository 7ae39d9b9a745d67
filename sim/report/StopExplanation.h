#pragma once
// StopExplanation: the sentence that says why a run stopped at a limit and
// the likely cause — the report layer's wording of the engine's RunOutcome
// (the engine publishes only values).
//
// Contract: empty for a run that was not stopped by a limit (quiescent,
// until); otherwise one or two sentences naming the limit, its value, when
// it was reached and what to do about it.

#include <string>

#include "sim/replication/RunOutcome.h"

namespace replsim {

class Simulation;

std::string explainStop(const RunOutcome& outcome, const Simulation& sim);

}  // namespace replsim
