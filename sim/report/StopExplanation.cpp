#include "sim/report/StopExplanation.h"

#include "sim/replication/Simulation.h"

namespace replsim {

std::string explainStop(const RunOutcome& outcome, const Simulation& sim) {
  switch (outcome.reason) {
    case StopReason::Quiescent:
    case StopReason::Until: return "";
    case StopReason::MaxEvents:
      return "the run reached limits.max_events = " + std::to_string(outcome.limit) + " events at " +
             formatMs(outcome.at) + " ms. " +
             (outcome.loopPrevention == LoopPrevention::None
                  ? "loop_prevention is none, so writes may be circulating forever; "
                    "use path, origin or seen, or raise the limit."
                  : "If the scenario is simply large, raise limits.max_events.");
    case StopReason::MaxHops: {
      std::string route;
      const auto nodes = sim.paths().nodes(outcome.path);
      for (size_t i = 0; i < nodes.size() && i < 12; ++i) route += (i ? "," : "") + sim.nodeName(nodes[i]);
      if (nodes.size() > 12) route += ",…";
      std::string why;
      switch (outcome.loopPrevention) {
        case LoopPrevention::None:
          why = "loop_prevention is none, so nothing stops a write circulating a cycle of the topology; "
                "use path, origin or seen.";
          break;
        case LoopPrevention::Origin:
          why = "loop_prevention is origin, which only drops a write back at its origin: if the origin is "
                "unreachable (crashed or routed around), the write circulates forever. path or seen stops it.";
          break;
        default:
          why = "the topology's longest loop-free route is longer than limits.max_hops; raise the limit.";
      }
      return "write " + sim.writeName(outcome.write) + " reached limits.max_hops = " + std::to_string(outcome.limit) +
             " hops at " + formatMs(outcome.at) + " ms (path " + route + "). " + why;
    }
  }
  return "";
}

}  // namespace replsim
