// EventRecorder keeps conflicts packed (PackedConflict, their write lists in
// one shared vector, resolver names interned): what conflict(i) gives back
// must be exactly what the engine reported, field by field.
#include "sim/report/EventRecorder.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "tests/report/RecordedRun.h"

using namespace replsim;
using namespace replsim::testing;

namespace {

// Copies every ConflictEvent the engine reports.
struct ConflictTap final : SimObserver {
  std::vector<ConflictEvent> seen;
  void onConflict(const ConflictEvent& e) override { seen.push_back(e); }
};

std::vector<uint32_t> ids(std::span<const uint32_t> s) { return {s.begin(), s.end()}; }

}  // namespace

TEST_CASE("report::EventRecorder: a conflict reads back as it was reported", "[report]") {
  size_t conflicts = 0, withValue = 0, withSkip = 0;
  std::set<std::string> resolvers;
  for (const char* name : {"conflict-lww.json", "conflict-merge.json", "custom-resolver-cart.json",
                           "conflict-siblings.json", "conflict-error.json", "conflict-keep-local.json",
                           "overtaking-causal.json", "overtaking-none.json", "lossy-workload.json", "leaderless-siblings-dotted-bounded.json"}) {
    {
      INFO(name);
      LoadResult loaded = loadScenarioFile((std::filesystem::path(REPLSIM_SOURCE_DIR) / "scenarios" / name).string());
      REQUIRE(loaded.ok());
      for (const size_t cap : {EventRecorder::kDefaultMaxRecords, size_t{2}}) {
        Simulation sim(*loaded.scenario);
        EventRecorder rec(sim, cap);
        ConflictTap tap;
        sim.addObserver(&rec);
        sim.addObserver(&tap);
        sim.run();
        REQUIRE(rec.conflictCount() == std::min(cap, tap.seen.size()));
        for (size_t i = 0; i < rec.conflictCount(); ++i) {
          const ConflictEvent& e = tap.seen[i];
          const RecordedConflict c = rec.conflict(i);
          CHECK(c.at == e.at);
          CHECK(c.node == e.node);
          CHECK(c.key == e.key);
          CHECK(c.type == e.type);
          CHECK(ids(c.writes) == e.writes);
          CHECK(ids(c.kept) == e.kept);
          CHECK(ids(c.discarded) == e.discarded);
          CHECK(c.by == e.by);
          CHECK(c.causallyLater == e.causallyLater);
          CHECK(c.resolvedValue == e.resolvedValue);
          if (cap != 2) {
            ++conflicts;
            withValue += !e.resolvedValue.empty();
            withSkip += e.by == "skip";
            resolvers.insert(std::string(e.by));
          }
        }
        // Steps name conflicts in the order they were kept.
        size_t next = 0;
        for (const Step& s : rec.steps())
          if (s.kind == StepKind::Conflict) CHECK(s.index == next++);
        CHECK(next == rec.conflictCount());
        if (tap.seen.size() > cap) CHECK(rec.truncated());
      }
    }
  }
  // The runs above cover what the packing has to keep apart.
  CHECK(conflicts > 50);
  CHECK(withValue > 0);
  CHECK(withSkip > 0);
  CHECK(resolvers.size() >= 4);
}
