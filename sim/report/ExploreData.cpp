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

std::string exploreData(const Simulation& sim, const EventRecorder& rec) {
  // Written as text, one small array at a time: as one JSON document it was
  // a quarter of a million arrays (50 MB of fresh memory on all-to-all 64 x
  // 1,000) built only to be printed. Each piece is printed by nlohmann, so
  // the text is what dump() of the whole document gives.
  std::string out;
  const auto append = [&out](const ReportJson& piece) { out += piece.dump(); };
  const SimTime end = sim.endTime();
  ReportJson nodes = ReportJson::array();
  for (NodeId n = 0; n < sim.nodeCount(); ++n) nodes.push_back(sim.nodeName(n));
  out += "{\"nodes\":";
  append(nodes);
  out += ",\"end_ms\":";
  append(msOf(end));

  // What changed, in order: (time, order, sequence) with order 0 = a fault
  // starting, 1 = an event, 2 = a fault ending, and the sequence the order
  // they were recorded in; then which record it is.
  enum class What : uint8_t { Apply, Conflict, FaultStart, FaultEnd };
  struct Change {
    int64_t at;
    int order;
    size_t sequence;
    What what;
    size_t index;  // in the recorder's applies, conflicts or faults
  };
  std::vector<Change> changes;
  // Bounded whatever the recorder kept (--out-events all keeps everything):
  // the applies and conflicts a recorder with the default cap keeps, so the
  // page is the same as with the default and at most that big.
  constexpr size_t kMax = EventRecorder::kDefaultMaxRecords;
  for (const Step& s : rec.steps()) {
    if ((s.kind == StepKind::Apply || s.kind == StepKind::Conflict) && s.index >= kMax) continue;
    if (s.kind == StepKind::Apply)
      changes.push_back({rec.applies()[s.index].at.us(), 1, changes.size(), What::Apply, s.index});
    else if (s.kind == StepKind::Conflict)
      changes.push_back({rec.conflicts()[s.index].at.us(), 1, changes.size(), What::Conflict, s.index});
  }
  for (size_t i = 0; i < rec.faults().size(); ++i) {
    const FaultInterval& f = rec.faults()[i];
    if (f.kind != IntervalKind::Crash && f.kind != IntervalKind::Offline) continue;
    changes.push_back({f.from.us(), 0, changes.size(), What::FaultStart, i});
    if (f.to != SimTime::max()) changes.push_back({f.to.us(), 2, changes.size(), What::FaultEnd, i});
  }
  std::sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) {
    return std::tie(a.at, a.order, a.sequence) < std::tie(b.at, b.order, b.sequence);
  });
  out += ",\"changes\":[";
  for (size_t i = 0; i < changes.size(); ++i) {
    if (i > 0) out += ',';
    const Change& c = changes[i];
    switch (c.what) {
      case What::Apply: {
        const ApplyEvent& a = rec.applies()[c.index];
        const WriteRecord& w = sim.writes()[a.write];
        append(ReportJson::array({msOf(a.at), a.node, a.superseded ? "covered" : "apply", sim.writeName(a.write),
                                  sim.keyName(w.key), w.value}));
        break;
      }
      case What::Conflict: {
        const ConflictEvent& k = rec.conflicts()[c.index];
        append(ReportJson::array(
            {msOf(k.at), k.node, "conflict", sim.keyName(k.key), joined(sim, k.writes), joined(sim, k.kept)}));
        break;
      }
      case What::FaultStart:
      case What::FaultEnd: {
        const FaultInterval& f = rec.faults()[c.index];
        const bool crash = f.kind == IntervalKind::Crash, starts = c.what == What::FaultStart;
        append(ReportJson::array({msOf(starts ? f.from : f.to), f.node,
                                  crash ? (starts ? "crash" : "recover") : (starts ? "offline" : "online")}));
        break;
      }
    }
  }
  out += "],\"series\":{\"step_ms\":";
  append(msOf(rec.series().step(end)));
  out += ",\"rows\":[";
  bool first = true;
  for (const ReplicaSeries::Row& r : rec.series().rows(end)) {
    if (!first) out += ',';
    first = false;
    append(ReportJson::array({msOf(r.at), r.replica, r.pending, msOf(r.staleness)}));
  }
  out += "]}}";
  return out;
}

}  // namespace replsim
