#include "sim/report/ExploreData.h"

#include <algorithm>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "sim/replication/Simulation.h"
#include "sim/report/EventRecorder.h"

namespace replsim {
namespace {

double msOf(SimTime t) { return SimTime::fromUs(t.us()).ms(); }

std::string joined(const Simulation& sim, const std::vector<uint32_t>& writes) {
  std::string s;
  for (uint32_t w : writes) s += fmt::format("{}{}", s.empty() ? "" : ",", sim.writeName(w));
  return s;
}

}  // namespace

ReportJson exploreData(const Simulation& sim, const EventRecorder& rec) {
  ReportJson j;
  j["nodes"] = ReportJson::array();
  for (NodeId n = 0; n < sim.nodeCount(); ++n) j["nodes"].push_back(sim.nodeName(n));
  const SimTime end = sim.endTime();
  j["end_ms"] = msOf(end);

  // (time, order, sequence, change): order 0 = a fault starting, 1 = an
  // event, 2 = a fault ending; sequence keeps the recorded order.
  std::vector<std::tuple<int64_t, int, size_t, ReportJson>> changes;
  // Bounded whatever the recorder kept (--out-events all keeps everything):
  // the applies and conflicts a recorder with the default cap keeps, so the
  // page is the same as with the default and at most that big.
  constexpr size_t kMax = EventRecorder::kDefaultMaxRecords;
  for (const Step& s : rec.steps()) {
    if ((s.kind == StepKind::Apply || s.kind == StepKind::Conflict) && s.index >= kMax) continue;
    if (s.kind == StepKind::Apply) {
      const ApplyEvent& a = rec.applies()[s.index];
      const WriteRecord& w = sim.writes()[a.write];
      changes.emplace_back(a.at.us(), 1, changes.size(),
                           ReportJson::array({msOf(a.at), a.node, a.superseded ? "covered" : "apply",
                                              sim.writeName(a.write), sim.keyName(w.key), w.value}));
    } else if (s.kind == StepKind::Conflict) {
      const ConflictEvent& c = rec.conflicts()[s.index];
      changes.emplace_back(c.at.us(), 1, changes.size(),
                           ReportJson::array({msOf(c.at), c.node, "conflict", sim.keyName(c.key),
                                              joined(sim, c.writes), joined(sim, c.kept)}));
    }
  }
  for (const FaultInterval& f : rec.faults()) {
    if (f.kind != IntervalKind::Crash && f.kind != IntervalKind::Offline) continue;
    const bool crash = f.kind == IntervalKind::Crash;
    changes.emplace_back(f.from.us(), 0, changes.size(),
                         ReportJson::array({msOf(f.from), f.node, crash ? "crash" : "offline"}));
    if (f.to != SimTime::max())
      changes.emplace_back(f.to.us(), 2, changes.size(),
                           ReportJson::array({msOf(f.to), f.node, crash ? "recover" : "online"}));
  }
  std::sort(changes.begin(), changes.end(), [](const auto& a, const auto& b) {
    return std::tie(std::get<0>(a), std::get<1>(a), std::get<2>(a)) <
           std::tie(std::get<0>(b), std::get<1>(b), std::get<2>(b));
  });
  j["changes"] = ReportJson::array();
  for (auto& c : changes) j["changes"].push_back(std::move(std::get<3>(c)));

  ReportJson rows = ReportJson::array();
  for (const ReplicaSeries::Row& r : rec.series().rows(end))
    rows.push_back(ReportJson::array({msOf(r.at), r.replica, r.pending, msOf(r.staleness)}));
  j["series"] = {{"step_ms", msOf(rec.series().step(end))}, {"rows", std::move(rows)}};
  return j;
}

}  // namespace replsim
