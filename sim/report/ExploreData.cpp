#include "sim/report/ExploreData.h"

#include <algorithm>
#include <ostream>
#include <span>
#include <sstream>
#include <string_view>
#include <tuple>
#include <vector>

#include "sim/replication/Simulation.h"
#include "sim/report/EventRecorder.h"
#include "sim/report/JsonText.h"

namespace replsim {
namespace {

double msOf(SimTime t) { return SimTime::fromUs(t.us()).ms(); }

// Appends the write names joined with "," as one JSON string.
void appendJoined(std::string& out, const Simulation& sim, std::span<const uint32_t> writes) {
  std::string s;
  for (uint32_t w : writes) {
    if (!s.empty()) s += ',';
    s += sim.writeName(w);
  }
  appendJsonString(out, s);
}

// The document's text, gathered in pieces of about 64 KiB and written to the
// stream piece by piece: a big run's data is tens of megabytes, which a
// whole string held twice over while it grew.
class PieceWriter {
 public:
  explicit PieceWriter(std::ostream& out) : out_(out) { text_.reserve(kPiece + 4096); }
  ~PieceWriter() { flush(); }
  std::string& text() { return text_; }
  // At an element boundary: writes out what has gathered once it is a piece.
  void mayFlush() {
    if (text_.size() >= kPiece) flush();
  }
  void flush() {
    out_.write(text_.data(), static_cast<std::streamsize>(text_.size()));
    text_.clear();
  }

 private:
  static constexpr size_t kPiece = 64 * 1024;
  std::ostream& out_;
  std::string text_;
};

}  // namespace

void writeExploreData(std::ostream& stream, const Simulation& sim, const EventRecorder& rec) {
  // Written as text, one scalar at a time (JsonText prints each as nlohmann's
  // dump() does, so the text is what dump() of the whole document gives): as
  // one JSON document it was a quarter of a million arrays (50 MB of fresh
  // memory on all-to-all 64 x 1,000) built only to be printed.
  PieceWriter piece(stream);
  std::string& out = piece.text();
  const auto number = [&out](auto v) { appendJsonNumber(out, v); };
  const auto quoted = [&out](std::string_view s) { appendJsonString(out, s); };
  const SimTime end = sim.endTime();
  out += "{\"nodes\":[";
  for (NodeId n = 0; n < sim.nodeCount(); ++n) {
    if (n > 0) out += ',';
    quoted(sim.nodeName(n));
  }
  out += "],\"end_ms\":";
  number(msOf(end));

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
      changes.push_back({rec.conflict(s.index).at.us(), 1, changes.size(), What::Conflict, s.index});
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
    out += '[';
    switch (c.what) {
      case What::Apply: {
        const ApplyEvent& a = rec.applies()[c.index];
        const WriteRecord& w = sim.writes()[a.write];
        number(msOf(a.at));
        out += ',';
        number(uint64_t{a.node});
        out += a.superseded ? ",\"covered\"," : ",\"apply\",";
        quoted(sim.writeName(a.write));
        out += ',';
        quoted(sim.keyName(w.key));
        out += ',';
        quoted(w.value);
        break;
      }
      case What::Conflict: {
        const RecordedConflict k = rec.conflict(c.index);
        number(msOf(k.at));
        out += ',';
        number(uint64_t{k.node});
        out += ",\"conflict\",";
        quoted(sim.keyName(k.key));
        out += ',';
        appendJoined(out, sim, k.writes);
        out += ',';
        appendJoined(out, sim, k.kept);
        break;
      }
      case What::FaultStart:
      case What::FaultEnd: {
        const FaultInterval& f = rec.faults()[c.index];
        const bool crash = f.kind == IntervalKind::Crash, starts = c.what == What::FaultStart;
        number(msOf(starts ? f.from : f.to));
        out += ',';
        number(uint64_t{f.node});
        out += ',';
        quoted(crash ? (starts ? "crash" : "recover") : (starts ? "offline" : "online"));
        break;
      }
    }
    out += ']';
    piece.mayFlush();
  }
  out += "],\"series\":{\"step_ms\":";
  number(msOf(rec.series().step(end)));
  out += ",\"rows\":[";
  bool first = true;
  for (const ReplicaSeries::Row& r : rec.series().rows(end)) {
    if (!first) out += ',';
    first = false;
    out += '[';
    number(msOf(r.at));
    out += ',';
    number(uint64_t{r.replica});
    out += ',';
    number(uint64_t{r.pending});
    out += ',';
    number(msOf(r.staleness));
    out += ']';
    piece.mayFlush();
  }
  out += "]}}";
}

std::string exploreData(const Simulation& sim, const EventRecorder& rec) {
  std::ostringstream out;
  writeExploreData(out, sim, rec);
  return std::move(out).str();
}

}  // namespace replsim
