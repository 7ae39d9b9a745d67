#include "sim/run/RunProgress.h"

#include <catch2/catch.hpp>

#include <sstream>

#include "sim/replication/Simulation.h"
#include "tests/TestSupport.h"

using namespace replsim;

TEST_CASE("cli::RunProgress: silent for short runs", "[cli]") {
  // 20,000 generated writes on 3 leaders: many hook calls, well under 2 s.
  const Scenario s = replsim::testing::loadScenario(R"({"replsim": 1, "name": "p",
    "topology": {"kind": "all-to-all", "leaders": ["A", "B", "C"]},
    "workload": {"rate_per_s": 1000, "duration_ms": 5000}})");
  Simulation sim(s, SimulationOptions{});
  std::ostringstream out;
  RunProgress progress(sim, out);
  sim.addObserver(&progress);
  sim.run();
  progress.finish();
  CHECK(sim.eventsProcessed() > 4096);  // the wall clock was looked at
  CHECK(out.str().empty());
}
