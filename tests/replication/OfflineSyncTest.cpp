// Offline devices (the seed's calendar example): an `offline` fault cuts
// every link of a leader while it keeps accepting local writes; `online`
// restores them, the stalled streams are re-sent both ways and the
// concurrent changes meet as conflicts.
#include <catch2/catch.hpp>

#include "tests/TestSupport.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "sim/cli/RunCommand.h"
#include "sim/replication/Simulation.h"
#include "sim/scenario/ScenarioLoader.h"

using namespace replsim;

namespace {

Scenario load(const std::string& json) { return testing::loadScenario(json); }

// Star through the server, 10 ms links. The server creates the event at 0
// (everyone has it by 20 ms); the phone is offline from 50 to 300 ms and
// moves the event (100 ms) and adds a note (110 ms) meanwhile; the laptop,
// online, moves the same event at 120 ms.
const char* const kOfflinePhone = R"({ "replsim": 1, "name": "offline-phone",
  "topology": { "kind": "star", "hub": "server", "leaders": ["server", "phone", "laptop"] },
  "links": { "default": { "latency_ms": 10 } },
  "replication": { "conflicts": { "resolve": "lww" } },
  "writes": [
    { "at_ms": 0,   "leader": "server", "key": "event", "op": "insert", "value": "Mon 09:00" },
    { "at_ms": 100, "leader": "phone",  "key": "event", "op": "update", "value": "Mon 09:30" },
    { "at_ms": 110, "leader": "phone",  "key": "note",  "op": "insert", "value": "bring slides" },
    { "at_ms": 120, "leader": "laptop", "key": "event", "op": "update", "value": "Mon 10:00" } ],
  "faults": [ { "at_ms": 50, "offline": "phone" }, { "at_ms": 300, "online": "phone" } ] })";

const SimTime kOnline = SimTime::fromMs(300);

// Records every apply and conflict with names, for assertions on when and where.
struct Recorder final : SimObserver {
  explicit Recorder(const Simulation& s) : sim(s) {}
  struct Applied {
    SimTime at;
    std::string node, write;
    bool local;
  };
  struct Conflict {
    SimTime at;
    std::string node, key;
    std::vector<std::string> writes;
  };
  void onApplied(const ApplyEvent& e) override {
    applied.push_back({e.at, sim.nodeName(e.node), sim.writeName(e.write), e.local});
  }
  void onConflict(const ConflictEvent& e) override {
    Conflict c{e.at, sim.nodeName(e.node), sim.keyName(e.key), {}};
    for (uint32_t w : e.writes) c.writes.push_back(sim.writeName(w));
    conflicts.push_back(std::move(c));
  }
  // When `write` was applied at `node`, if it was.
  std::optional<SimTime> appliedAt(const std::string& node, const std::string& write) const {
    for (const Applied& a : applied)
      if (a.node == node && a.write == write) return a.at;
    return std::nullopt;
  }
  const Simulation& sim;
  std::vector<Applied> applied;
  std::vector<Conflict> conflicts;
};

std::vector<std::string> valuesOf(const Simulation& sim, const std::string& node, const std::string& key) {
  for (KeyId k = 0; k < sim.keyCount(); ++k)
    if (sim.keyName(k) == key) return sim.values(*sim.topology().find(node), k);
  return {};
}

using Values = std::vector<std::string>;

}  // namespace

TEST_CASE("replication::Simulation: offline device applies its writes locally and nowhere else while offline",
          "[replication][simulation][offline]") {
  const Scenario sc = load(kOfflinePhone);
  Simulation sim(sc, SimulationOptions{std::nullopt, SimTime::fromMs(250)});  // stop while the phone is offline
  Recorder rec(sim);
  sim.addObserver(&rec);
  sim.run();

  // The phone accepted and applied both of its writes at once …
  CHECK(rec.appliedAt("phone", "phone#1") == SimTime::fromMs(100));
  CHECK(rec.appliedAt("phone", "phone#2") == SimTime::fromMs(110));
  CHECK(valuesOf(sim, "phone", "event") == Values{"Mon 09:30"});
  CHECK(valuesOf(sim, "phone", "note") == Values{"bring slides"});
  // … the others have not seen them, and the phone has not seen the laptop's.
  for (const char* other : {"server", "laptop"}) {
    INFO(other);
    CHECK_FALSE(rec.appliedAt(other, "phone#1"));
    CHECK_FALSE(rec.appliedAt(other, "phone#2"));
    CHECK(valuesOf(sim, other, "event") == Values{"Mon 10:00"});
    CHECK(valuesOf(sim, other, "note").empty());
  }
  CHECK_FALSE(rec.appliedAt("phone", "laptop#1"));
  CHECK(rec.conflicts.empty());
  CHECK_FALSE(sim.converged());
}

TEST_CASE("replication::Simulation: offline device syncs both ways when it comes back online",
          "[replication][simulation][offline]") {
  const Scenario sc = load(kOfflinePhone);
  Simulation sim(sc);
  Recorder rec(sim);
  sim.addObserver(&rec);
  sim.run();

  SECTION("each side has the other's writes, delivered only after the phone is online") {
    for (const char* other : {"server", "laptop"}) {
      INFO(other);
      for (const char* w : {"phone#1", "phone#2"}) {
        INFO(w);
        const auto at = rec.appliedAt(other, w);
        REQUIRE(at);
        CHECK(*at > kOnline);
      }
      CHECK(valuesOf(sim, other, "note") == Values{"bring slides"});
    }
    const auto laptopAtPhone = rec.appliedAt("phone", "laptop#1");
    REQUIRE(laptopAtPhone);
    CHECK(*laptopAtPhone > kOnline);
    CHECK(sim.converged());
    // lww (Lamport): both moves have timestamp 2; the tie goes to the higher origin name, phone.
    for (const char* n : {"server", "phone", "laptop"}) CHECK(valuesOf(sim, n, "event") == Values{"Mon 09:30"});
  }
  SECTION("the concurrent moves of the event conflict at every replica, after reconnection") {
    REQUIRE(rec.conflicts.size() == 3);
    std::vector<std::string> where;
    for (const auto& c : rec.conflicts) {
      CHECK(c.at > kOnline);
      CHECK(c.key == "event");
      std::vector<std::string> writes = c.writes;
      std::sort(writes.begin(), writes.end());
      CHECK(writes == std::vector<std::string>{"laptop#1", "phone#1"});
      where.push_back(c.node);
    }
    std::sort(where.begin(), where.end());
    CHECK(where == std::vector<std::string>{"laptop", "phone", "server"});
  }
}

TEST_CASE("replication::Simulation: offline device's conflict and accepted writes are in the report",
          "[replication][simulation][offline]") {
  const RunResult r = runScenario(load(kOfflinePhone), RunOptions{}, nullptr);
  const ReportJson& rep = r.report;
  CHECK(r.exitStatus == 0);
  CHECK(rep["writes"]["total"] == 4);
  CHECK(rep["writes"]["failed"] == 0);  // offline is not crashed: the phone's writes are accepted
  CHECK(rep["writes"]["fully_replicated"] == 4);
  CHECK(rep["messages"]["pending_at_end"] == 0);
  CHECK(rep["conflicts"]["detected"] == 3);
  CHECK(rep["conflicts"]["discarded_total"] == 3);
  for (const auto& d : rep["conflicts"]["discarded"]) CHECK(d["write"] == "laptop#1");
  REQUIRE(rep["conflicts"]["log"].size() == 3);
  CHECK(rep["conflicts"]["log"][0]["key"] == "event");
  CHECK(rep["conflicts"]["log"][0]["type"] == "update_origin_differs");
  CHECK(rep["leaders"]["laptop"]["keys"]["note"] == ReportJson::array({"bring slides"}));
  CHECK(rep["converged"] == true);
}
