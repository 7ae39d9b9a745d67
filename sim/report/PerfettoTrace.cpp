#include "sim/report/PerfettoTrace.h"

#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/replication/Simulation.h"
#include "sim/report/EventRecorder.h"
#include "sim/report/RunLabels.h"

namespace replsim {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kClientThread = 1;
constexpr int kApplyThread = 2;
constexpr int kLinkThreads = 10;

std::string jsonString(const std::string& s) { return Json(s).dump(); }

// Writes the traceEvents array one event a line.
class TraceEvents {
 public:
  TraceEvents(const Simulation& sim, std::ostream& out) : sim_(sim), out_(out) {}

  void raw(const std::string& body) {
    out_ << (first_ ? "\n" : ",\n") << '{' << body << '}';
    first_ = false;
  }
  // pid/tid/ts and the rest; also remembers which threads were used.
  std::string where(uint32_t node, int tid, SimTime at) {
    threads_.insert({node, tid});
    return "\"pid\":" + std::to_string(node + 1) + ",\"tid\":" + std::to_string(tid) +
           ",\"ts\":" + std::to_string(at.us());
  }
  void slice(uint32_t node, int tid, SimTime at, const std::string& name, const char* cat, const Json& args) {
    raw("\"name\":" + jsonString(name) + ",\"cat\":\"" + cat + "\",\"ph\":\"X\"," + where(node, tid, at) +
        ",\"dur\":1,\"args\":" + args.dump());
  }
  void flow(uint32_t node, int tid, SimTime at, uint64_t id, bool start) {
    raw(std::string("\"name\":\"message\",\"cat\":\"replication\",\"ph\":\"") + (start ? "s" : "f") + "\"," +
        where(node, tid, at) + ",\"id\":" + std::to_string(id) + (start ? "" : ",\"bp\":\"e\""));
  }
  void instant(uint32_t node, int tid, SimTime at, const std::string& name, const char* cat, const Json& args) {
    raw("\"name\":" + jsonString(name) + ",\"cat\":\"" + cat + "\",\"ph\":\"i\",\"s\":\"t\"," + where(node, tid, at) +
        ",\"args\":" + args.dump());
  }
  void async(uint32_t node, SimTime from, SimTime to, uint64_t id, const std::string& name) {
    const std::string common = "\"name\":" + jsonString(name) + ",\"cat\":\"fault\",\"id\":" + std::to_string(id) +
                               ",\"pid\":" + std::to_string(node + 1);
    raw(common + ",\"ph\":\"b\",\"ts\":" + std::to_string(from.us()));
    raw(common + ",\"ph\":\"e\",\"ts\":" + std::to_string(to.us()));
  }
  void threadNames() {
    const size_t n = sim_.nodeCount();
    for (const auto& [node, tid] : threads_) {
      std::string name;
      if (tid == kClientThread) name = "client";
      else if (tid == kApplyThread) name = "apply";
      else if (static_cast<size_t>(tid - kLinkThreads) < n) name = "send → " + sim_.nodeName(tid - kLinkThreads);
      else name = "receive ← " + sim_.nodeName(static_cast<uint32_t>(tid - kLinkThreads - n));
      const std::string at = "\"pid\":" + std::to_string(node + 1) + ",\"tid\":" + std::to_string(tid);
      raw("\"name\":\"thread_name\",\"ph\":\"M\"," + at + ",\"args\":{\"name\":" + jsonString(name) + "}");
      raw("\"name\":\"thread_sort_index\",\"ph\":\"M\"," + at + ",\"args\":{\"sort_index\":" +
          std::to_string(tid) + "}");
    }
  }

 private:
  const Simulation& sim_;
  std::ostream& out_;
  bool first_ = true;
  std::set<std::pair<uint32_t, int>> threads_;
};

}  // namespace

ExportedEvents writePerfettoTrace(const Simulation& sim, const EventRecorder& rec, std::ostream& out,
                                  uint64_t maxEvents) {
  const ExportedEvents window = rec.exportWindow(maxEvents);
  const auto steps = std::span(rec.steps()).first(window.written);
  const auto n = static_cast<int>(sim.nodeCount());
  auto sendThread = [&](uint32_t to) { return kLinkThreads + static_cast<int>(to); };
  auto receiveThread = [&](uint32_t from) { return kLinkThreads + n + static_cast<int>(from); };
  const auto& msgs = rec.messages();

  out << "{\"displayTimeUnit\":\"ms\",\"otherData\":{\"generator\":\"replsim\",\"scenario\":"
      << jsonString(sim.scenario().name) << ",\"seed\":" << sim.seed() << ",\"messages_sent\":" << rec.messagesSent()
      << ",\"messages_recorded\":" << msgs.size();
  if (window.notWritten > 0)
    out << ",\"events_written\":" << window.written << ",\"events_not_written\":" << window.notWritten
        << ",\"note\":"
        << jsonString("only the first " + std::to_string(window.written) + " events are in this file; " +
                      std::to_string(window.notWritten) +
                      " more are not written (replsim run --out-events N|all writes more)");
  out << "},\"traceEvents\":[";
  // Messages whose arrival is in the window: only they get a flow arrow.
  std::vector<char> arrives(msgs.size(), 0);
  for (const Step& step : steps)
    if (step.kind == StepKind::Arrive) arrives[step.index] = 1;
  TraceEvents ev(sim, out);
  for (uint32_t node = 0; node < sim.nodeCount(); ++node) {
    const std::string pid = "\"pid\":" + std::to_string(node + 1);
    ev.raw("\"name\":\"process_name\",\"ph\":\"M\"," + pid + ",\"args\":{\"name\":" + jsonString(sim.nodeName(node)) +
           "}");
    ev.raw("\"name\":\"process_sort_index\",\"ph\":\"M\"," + pid + ",\"args\":{\"sort_index\":" +
           std::to_string(node) + "}");
  }

  for (const Step& step : steps) {
    switch (step.kind) {
      case StepKind::ClientOp: {
        const ClientOpEvent& e = rec.clientOps()[step.index];
        const std::string op = toString(static_cast<OpKind>(e.op));
        Json args{{"op", op}, {"key", sim.keyName(e.key)}, {"client", sim.nodeName(e.client)}};
        if (e.failed) {
          args["failed"] = toString(e.reason);
          ev.slice(e.node, kClientThread, e.at, "refused " + op + " " + sim.keyName(e.key), "client", args);
        } else {
          args["write"] = sim.writeName(e.write);
          args["value"] = sim.writes()[e.write].value;
          ev.slice(e.node, kClientThread, e.at, "write " + writeLabel(sim, e.write), "client", args);
        }
        break;
      }
      case StepKind::Read: {
        const ReadEvent& r = rec.reads()[step.index];
        Json args{{"key", sim.keyName(r.key)}, {"values", r.values}};
        if (!r.resolvedBy.empty()) args["resolved"] = {{"by", r.resolvedBy}, {"value", r.resolvedValue}};
        ev.slice(r.node, kClientThread, r.at, "read " + sim.keyName(r.key) + " → " + valuesLabel(r.values), "client",
                 args);
        break;
      }
      case StepKind::Send: {
        const RecordedMessage& m = msgs[step.index];
        if (m.quorum && !carriesCopy(m.kind)) {  // an ack, a read request or an answer
          Json args{{"kind", toString(m.kind)}, {"to", sim.nodeName(m.to)}};
          if (m.write != UINT32_MAX) args["write"] = sim.writeName(m.write);
          if (m.plannedArrival == SimTime::max()) args["queued"] = "the link is down";
          else args["arrives_us"] = m.plannedArrival.us();
          ev.slice(m.from, sendThread(m.to), m.sent,
                   "send " + quorumLabel(sim, m.kind, m.op, m.key, m.write) + " → " + sim.nodeName(m.to), "quorum",
                   args);
          if (arrives[step.index]) ev.flow(m.from, sendThread(m.to), m.sent, step.index + 1, true);
          break;
        }
        Json args{{"write", sim.writeName(m.write)}, {"to", sim.nodeName(m.to)}, {"path", pathLabel(sim, m.path)}};
        if (m.quorum) args["kind"] = toString(m.kind);
        if (m.plannedArrival == SimTime::max()) args["queued"] = "the link is down";
        else args["arrives_us"] = m.plannedArrival.us();
        if (m.retransmissions) args["lost_transmissions"] = m.retransmissions;
        const std::string what = m.quorum && m.kind != QuorumMessageKind::Write
                                     ? quorumLabel(sim, m.kind, m.op, m.key, m.write)
                                     : sim.writeName(m.write);
        ev.slice(m.from, sendThread(m.to), m.sent, "send " + what + " → " + sim.nodeName(m.to), "send", args);
        if (arrives[step.index]) ev.flow(m.from, sendThread(m.to), m.sent, step.index + 1, true);
        break;
      }
      case StepKind::Arrive: {
        const RecordedMessage& m = msgs[step.index];
        if (m.quorum && !carriesCopy(m.kind)) {
          Json args{{"kind", toString(m.kind)}, {"from", sim.nodeName(m.from)}, {"sent_us", m.sent.us()}};
          if (m.write != UINT32_MAX) args["write"] = sim.writeName(m.write);
          if (m.resent != m.sent) args["resent_us"] = m.resent.us();
          ev.slice(m.to, receiveThread(m.from), m.ended,
                   "deliver " + quorumLabel(sim, m.kind, m.op, m.key, m.write) + " ← " + sim.nodeName(m.from),
                   "quorum", args);
          ev.flow(m.to, receiveThread(m.from), m.ended, step.index + 1, false);
          break;
        }
        Json args{{"write", sim.writeName(m.write)}, {"from", sim.nodeName(m.from)}, {"path", pathLabel(sim, m.path)},
                  {"sent_us", m.sent.us()}};
        if (m.resent != m.sent) args["resent_us"] = m.resent.us();
        std::string name;
        if (m.fate == MessageFate::Dropped) {
          args["dropped"] = toString(m.reason);
          name = "drop " + sim.writeName(m.write) + " ← " + sim.nodeName(m.from) + " (" + toString(m.reason) + ")";
        } else {
          const std::string what = m.quorum && m.kind != QuorumMessageKind::Write
                                       ? quorumLabel(sim, m.kind, m.op, m.key, m.write)
                                       : sim.writeName(m.write);
          if (m.quorum) args["kind"] = toString(m.kind);
          name = "deliver " + what + " ← " + sim.nodeName(m.from);
          if (m.overtook != UINT32_MAX) {
            args["overtakes"] = sim.writeName(m.overtook);
            args["held"] = m.held;
            name += " (overtakes " + sim.writeName(m.overtook) + ")";
          }
        }
        ev.slice(m.to, receiveThread(m.from), m.ended, name, m.fate == MessageFate::Dropped ? "drop" : "deliver", args);
        ev.flow(m.to, receiveThread(m.from), m.ended, step.index + 1, false);
        break;
      }
      case StepKind::Apply: {
        const ApplyEvent& a = rec.applies()[step.index];
        Json args{{"write", sim.writeName(a.write)}, {"local", a.local}, {"superseded", a.superseded}};
        if (a.heldFor > SimTime::zero()) args["held_us"] = a.heldFor.us();
        ev.slice(a.node, kApplyThread, a.at, "apply " + writeLabel(sim, a.write), "apply", args);
        break;
      }
      case StepKind::Conflict: {
        const RecordedConflict c = rec.conflict(step.index);
        auto names = [&](std::span<const uint32_t> ws) {
          Json a = Json::array();
          for (uint32_t w : ws) a.push_back(sim.writeName(w));
          return a;
        };
        Json args{{"type", toString(c.type)}, {"key", sim.keyName(c.key)}, {"writes", names(c.writes)},
                  {"kept", names(c.kept)}, {"discarded", names(c.discarded)}, {"by", std::string(c.by)}};
        if (!c.resolvedValue.empty()) args["resolved_value"] = std::string(c.resolvedValue);
        ev.instant(c.node, kApplyThread, c.at, "conflict " + conflictLabel(sim, c), "conflict", args);
        break;
      }
      case StepKind::Fanout: {
        const QuorumFanoutEvent& f = rec.fanouts()[step.index];
        Json asked = Json::array();
        for (uint32_t node : f.asked) asked.push_back(sim.nodeName(node));
        Json args{{"op", f.read ? readLabel(sim, f.op, f.key) : sim.writeName(f.op)}, {"key", sim.keyName(f.key)},
                  {"asked", asked}, {"coordinator_is_replica", f.local}, {f.read ? "r" : "w", f.needed}};
        ev.instant(f.coordinator, kClientThread, f.at, "fan-out " + fanoutLabel(sim, f), "quorum", args);
        break;
      }
      case StepKind::Quorum: {
        const QuorumEvent& q = rec.quorums()[step.index];
        Json args{{"op", q.read ? readLabel(sim, q.op, q.key) : sim.writeName(q.op)}, {"key", sim.keyName(q.key)},
                  {"reached", q.reached}, {q.read ? "answers" : "acks", q.count}, {q.read ? "r" : "w", q.needed}};
        if (q.read && q.reached) args["result"] = q.write == UINT32_MAX ? "not found" : sim.writeName(q.write);
        ev.instant(q.coordinator, kClientThread, q.at, quorumEventLabel(sim, q), "quorum", args);
        break;
      }
      case StepKind::Hint: {
        const HintEvent& h = rec.hints()[step.index];
        Json args{{"write", sim.writeName(h.write)}, {"owner", sim.nodeName(h.owner)}, {"action", toString(h.action)}};
        ev.instant(h.node, kApplyThread, h.at, hintLabel(sim, h), "hint", args);
        break;
      }
    }
  }

  // Faults as async slices: they overlap each other and the instants above.
  uint64_t id = msgs.size() + 1;
  for (const FaultInterval& f : rec.faults()) {
    const SimTime to = f.to == SimTime::max() ? sim.endTime() : f.to;
    switch (f.kind) {
      case IntervalKind::Crash: ev.async(f.node, f.from, to, id++, "crashed"); break;
      case IntervalKind::Offline: ev.async(f.node, f.from, to, id++, "offline"); break;
      case IntervalKind::LinkDown:
        ev.async(f.node, f.from, to, id++, "link → " + sim.nodeName(f.peer) + " down");
        break;
      case IntervalKind::LinkRemoved:
        ev.async(f.node, f.from, to, id++, "link → " + sim.nodeName(f.peer) + " removed");
        break;
      case IntervalKind::LinkAdded:
        ev.async(f.node, f.from, to, id++, "link → " + sim.nodeName(f.peer) + " " + f.label);
        break;
      case IntervalKind::Partition:
        for (uint32_t node = 0; node < sim.nodeCount(); ++node)
          ev.async(node, f.from, to, id++, "partition " + f.label);
        break;
    }
  }
  ev.threadNames();
  out << "\n]}\n";
  return window;
}

}  // namespace replsim
