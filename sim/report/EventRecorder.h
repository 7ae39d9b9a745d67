#pragma once
// EventRecorder: an observer that keeps what the run's pictures and traces
// need — timeline.svg, trace.json, shiviz.log and timeseries.csv — as plain
// records, in the order things happened.
//
// What it records:
//   * every replication message: when it was sent, when it arrived (or was
//     dropped, and why), from, to, which write on which path, whether it
//     overtook a causal predecessor (and which) and was held back, and how
//     outages delayed it;
//   * client operations (writes, failures), reads, applies, conflicts;
//   * leaderless quorums (it wants the quorum hooks): every quorum message
//     (acks, read requests and answers as messages of their own, kind set;
//     a copy of a write — write, repair, hinted write, hand-off, sync — is
//     its replication message with the kind set), each operation's fan-out,
//     quorums reached or failed, and hints stored, handed off or expired;
//   * fault intervals: crashes and offline spells per node, link outages,
//     partitions, and links removed or added by reconfiguration;
//   * per replica, messages pending towards it and its staleness, on a time
//     grid (ReplicaSeries).
//
// Pairing messages. The engine announces a message with onSent and its end
// with onDelivered/onDropped, which carry (from, to, write, path) but no
// message id. The recorder pairs them by that 4-tuple, first sent first
// matched (a sender never sends the same write on the same path twice on one
// link, so the tuple is in practice unique; FIFO order settles any repeat).
// Re-sent messages: when an outage stops a link, onStream(stalled) reports
// that every message in flight on it was pulled back into the sender's log,
// and onStream(resumed) that the whole log was re-sent, with no onSent for
// the re-sends. The recorder therefore marks every outstanding message of
// that link as waiting at a stall (keeping the first time it was pulled
// back), and sets `resent` to the resume time for every waiting one; the
// message keeps its original `sent` and is drawn from `resent`. A message
// sent while its link is down (deliverAt == SimTime::max()) starts out
// waiting. Links removed by a reconfigure fault (or a retired
// auto_reconfigure bypass) lose whatever is outstanding on them; the
// recorder marks those messages Discarded when onLinkChange reports the
// removal (copies the engine re-points onto an added link come with their
// own onSent). Fault intervals come from the engine's effect hooks
// (onNodeState, onLinkOutage, onPartition, onLinkChange), never from the
// fault's input; a failover's link changes are not drawn (its own event is).
//
// Quorum messages that carry no copy are paired by (from, to, op, kind)
// instead (kept in the same per-link table under a path value no real path
// has, kQuorumPath + kind, so outages stall and resume them like the rest);
// they are not counted in messagesSent() nor in the pending series (they are
// not replication), but in quorumMessagesSent().
//
// Bounded memory: each log (messages, client operations, reads, applies,
// conflicts, fan-outs, quorums, hints) keeps its first `maxRecords` entries and counts the rest; the
// pending counts and staleness still cover every message and write. Per
// write the recorder also keeps one bit per replica (for staleness).
//
// Invariants: steps() lists the recorded events in the order the engine
// reported them (so within one instant, causes precede effects); every
// Send/Arrive step refers to a recorded message; a message has an Arrive
// step iff its fate is Delivered or Dropped, and then ended >= resent.

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/core/SimObserver.h"
#include "sim/metrics/ReplicaSeries.h"

namespace replsim {

class Simulation;

enum class MessageFate : uint8_t { InFlight, Delivered, Dropped, Discarded };

struct RecordedMessage {
  SimTime sent;                              // first transmission (onSent)
  SimTime plannedArrival;                    // as announced by onSent; max() when sent onto a down link
  SimTime pulledBackAt = SimTime::max();     // first time an outage pulled it back in flight
  SimTime resent;                            // last (re)transmission: `sent` unless it waited for an outage
  SimTime ended = SimTime::max();            // delivered, dropped or discarded; max() while outstanding
  uint32_t from = 0, to = 0, write = 0, path = 0;
  uint32_t overtook = UINT32_MAX;            // delivered before this causal predecessor was applied
  uint32_t retransmissions = 0;              // lost transmissions before the first arrival
  uint32_t outages = 0;                      // times it waited in the sender's log
  MessageFate fate = MessageFate::InFlight;
  DropReason reason = DropReason::Path;      // when Dropped
  bool held = false;                         // held back for causal order on arrival
  bool waiting = false;                      // in the sender's log: now, or when it was discarded
  // Leaderless (onQuorumMessage): what the message is for. A message that
  // carries no copy (an ack, a read request or answer) has path UINT32_MAX
  // and `write` the write acknowledged or held (UINT32_MAX: none).
  bool quorum = false;
  QuorumMessageKind kind = QuorumMessageKind::Write;
  uint32_t op = UINT32_MAX;                  // QuorumMessageEvent::op
  uint32_t key = UINT32_MAX;
};

// A conflict as the recorder kept it: ConflictEvent's fields, its lists
// and strings viewed in the recorder's storage (valid while it lives).
struct RecordedConflict {
  SimTime at;
  uint32_t node = 0;
  uint32_t key = 0;
  ConflictType type{};
  std::span<const uint32_t> writes;     // the incoming write first
  std::span<const uint32_t> kept;       // empty when nothing was applied
  std::span<const uint32_t> discarded;
  std::string_view by;                  // resolver name, or "skip"
  bool causallyLater = false;
  std::string_view resolvedValue;       // a value the resolver made (merge, custom)
};

// What the pictures shade over time: faults in force, and the links that
// reconfiguration removed or added.
enum class IntervalKind : uint8_t { Crash, Offline, LinkDown, LinkRemoved, LinkAdded, Partition };

struct FaultInterval {
  IntervalKind kind = IntervalKind::Crash;
  SimTime from;
  SimTime to = SimTime::max();  // max(): still in force when the run ended
  uint32_t node = UINT32_MAX;   // Crash, Offline: the node; links: the sender
  uint32_t peer = UINT32_MAX;   // links: the receiver
  std::string label;            // Partition: "A,B | C,D"; LinkAdded by auto_reconfigure: "bypass"
};

enum class StepKind : uint8_t { ClientOp, Read, Send, Arrive, Apply, Conflict, Fanout, Quorum, Hint };

struct Step {
  StepKind kind;
  uint32_t index;  // into the log of that kind (messages for Send and Arrive)
};

// What an event export (trace.json, shiviz.log) wrote: the first `written`
// steps, and how many of the run's events (EventRecorder::events()) are not
// in the file, recorded or not.
struct ExportedEvents {
  uint64_t written = 0;
  uint64_t notWritten = 0;
};

class EventRecorder final : public SimObserver {
 public:
  static constexpr size_t kDefaultMaxRecords = 200'000;

  explicit EventRecorder(const Simulation& sim, size_t maxRecords = kDefaultMaxRecords);

  void onClientOp(const ClientOpEvent& e) override;
  void onRead(const ReadEvent& e) override;
  void onSent(const MessageEvent& e) override;
  void onDelivered(const MessageEvent& e) override;
  void onDropped(const MessageEvent& e) override;
  void onApplied(const ApplyEvent& e) override;
  void onConflict(const ConflictEvent& e) override;
  void onStream(const StreamEvent& e) override;
  void onNodeState(const NodeStateEvent& e) override;
  void onLinkOutage(const LinkOutageEvent& e) override;
  void onPartition(const PartitionEvent& e) override;
  void onLinkChange(const LinkChangeEvent& e) override;
  bool wantsQuorumEvents() const override { return true; }
  void onQuorumMessage(const QuorumMessageEvent& e) override;
  void onQuorumFanout(const QuorumFanoutEvent& e) override;
  void onQuorum(const QuorumEvent& e) override;
  void onHint(const HintEvent& e) override;

  const std::vector<RecordedMessage>& messages() const { return messages_; }
  const std::vector<ClientOpEvent>& clientOps() const { return clientOps_; }  // writes and failures
  const std::vector<ReadEvent>& reads() const { return reads_; }
  const std::vector<ApplyEvent>& applies() const { return applies_; }
  // The conflicts kept, 0 <= i < conflictCount(), in the order they happened.
  size_t conflictCount() const { return conflicts_.size(); }
  RecordedConflict conflict(size_t i) const;
  const std::vector<FaultInterval>& faults() const { return faults_; }
  const std::vector<QuorumFanoutEvent>& fanouts() const { return fanouts_; }
  const std::vector<QuorumEvent>& quorums() const { return quorums_; }
  const std::vector<HintEvent>& hints() const { return hints_; }
  const std::vector<Step>& steps() const { return steps_; }
  const ReplicaSeries& series() const { return series_; }

  size_t maxRecords() const { return maxRecords_; }
  uint64_t messagesSent() const { return messagesSent_; }  // recorded or not
  // Leaderless acks, read requests and answers sent, recorded or not.
  uint64_t quorumMessagesSent() const { return quorumMessagesSent_; }
  // Every event of the kinds steps() lists (client operations, reads, sends,
  // arrivals, applies, conflicts, fan-outs, quorums, hints), recorded or not: steps().size() when
  // nothing was left out.
  uint64_t events() const { return events_; }
  // The exports' window: the first min(maxEvents, steps().size()) steps, the
  // rest of events() counted as not written.
  ExportedEvents exportWindow(uint64_t maxEvents) const;
  // Whether any log reached maxRecords (the pictures say so).
  bool truncated() const;

 private:
  using LinkKey = std::pair<uint32_t, uint32_t>;  // (from, to)
  using MessageKey = std::tuple<uint32_t, uint32_t, uint32_t, uint32_t>;  // (from, to, write, path)
  // A quorum message without a copy: (from, to, op, kQuorumPath + kind).
  static constexpr uint32_t kQuorumPath = UINT32_MAX - 64;

  // Counts an event of a capped log holding `logSize` entries: true when it
  // is to be kept, false (counted as not kept) at the cap.
  bool keeps(size_t logSize);
  // Appends to a capped log (and to steps_), or counts it as not kept.
  template <class Log, class Event>
  void record(Log& log, const Event& e, StepKind kind);
  void arrive(const MessageEvent& e, MessageFate fate);
  // A message sent at `at`, announced to arrive at `deliverAt` (max(): onto
  // a down link, so waiting in the sender's log): its record's common fields.
  static RecordedMessage sentRecord(SimTime at, SimTime deliverAt, uint32_t from, uint32_t to, uint32_t write,
                                    uint32_t path);
  // Keeps a sent message: in the log, outstanding under `key`, and as a step.
  // Returns its index.
  uint32_t keepSent(const RecordedMessage& m, const MessageKey& key);
  // The range of outstanding recorded messages of one link.
  std::multimap<MessageKey, uint32_t>::iterator linkBegin(uint32_t from, uint32_t to);
  std::multimap<MessageKey, uint32_t>::iterator linkEnd(uint32_t from, uint32_t to);
  void settle(uint32_t node, uint32_t write);
  void openInterval(IntervalKind kind, SimTime at, uint32_t node, uint32_t peer, std::string label = "");
  void closeInterval(IntervalKind kind, SimTime at, uint32_t node, uint32_t peer);
  void discardLink(SimTime at, uint32_t from, uint32_t to);
  void resumeLink(SimTime at, uint32_t from, uint32_t to);
  bool inTopology(uint32_t from, uint32_t to) const;  // a link of the original topology

  const Simulation& sim_;
  size_t maxRecords_;
  std::vector<RecordedMessage> messages_;
  std::vector<ClientOpEvent> clientOps_;
  std::vector<ReadEvent> reads_;
  std::vector<ApplyEvent> applies_;
  // Conflicts, packed: 200,000 of them on all-to-all 64 x 1,000, and as
  // ConflictEvents (three vectors and two strings each) they were 210 bytes
  // apiece plus three allocations. Their write lists follow one another in
  // conflictWrites_ (writes, kept, discarded); resolver names are interned.
  struct PackedConflict {
    SimTime at;
    size_t lists = 0;  // the first of its ids in conflictWrites_
    uint32_t node = 0, key = 0;
    uint32_t writes = 0, kept = 0, discarded = 0;  // how many of each, in that order
    uint32_t by = 0;                               // in resolverNames_
    uint32_t resolvedValue = UINT32_MAX;           // in resolvedValues_; UINT32_MAX: none
    ConflictType type{};
    bool causallyLater = false;
  };
  std::vector<PackedConflict> conflicts_;
  std::vector<uint32_t> conflictWrites_;
  std::vector<std::string> resolverNames_;
  std::vector<std::string> resolvedValues_;
  uint32_t lastResolver_ = 0;  // the resolverNames_ entry the last conflict named
  std::vector<FaultInterval> faults_;
  std::vector<QuorumFanoutEvent> fanouts_;
  std::vector<QuorumEvent> quorums_;
  std::vector<HintEvent> hints_;
  uint32_t lastSent_ = UINT32_MAX;  // the message the last onSent recorded (UINT32_MAX: not recorded)
  uint64_t quorumMessagesSent_ = 0;
  std::vector<Step> steps_;
  uint64_t messagesSent_ = 0;
  uint64_t events_ = 0;
  uint64_t notKept_ = 0;  // entries of the other capped logs (not messages) beyond the cap

  std::multimap<MessageKey, uint32_t> outstanding_;  // recorded messages not yet ended
  // Every message, recorded or not: looked up at each send and arrival (8
  // million times on all-to-all 64 x 1,000), never iterated, so hashed.
  struct LinkKeyHash {
    size_t operator()(const LinkKey& k) const { return std::hash<uint64_t>()((uint64_t{k.first} << 32) | k.second); }
  };
  std::unordered_map<LinkKey, uint64_t, LinkKeyHash> outstandingPerLink_;
  std::set<std::pair<uint32_t, uint32_t>> held_;      // (node, write) held for causal order
  ReplicaSeries series_;
};

}  // namespace replsim
