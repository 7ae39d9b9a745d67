#pragma once
// LeaderlessProtocol: Dynamo-style quorum replication (replication.mode
// "leaderless", docs/leaderless.md) — the second ReplicationProtocol.
//
//   * placement: each key's preference list is its first n distinct nodes
//     on a consistent-hash ring with placement.vnodes tokens per node
//     (HashRing);
//   * a client write reaches the node the client contacted, its
//     coordinator. The write gets id COORDINATOR#SEQ and an lww timestamp
//     (Clocks); the coordinator stores it at once if it is a replica and
//     sends it to the other replicas of the preference list. A replica keeps
//     the write if it is newer (lww: timestamp, then origin name) than what
//     it holds, and acknowledges either way. The write commits (onCommit,
//     its client is told) at the w-th ack, the coordinator's own store
//     counting as one; without w acks after quorum.timeout_ms it fails for
//     its client — but stays wherever it was stored (no rollback);
//   * a client read at coordinator C asks the key's replicas (read_fanout
//     "all": every replica; "r": r of them — C itself when it is a replica,
//     then the first of the preference list whose link is up), C's own copy
//     answering at once when C is a replica. The
//     r-th answer decides: the newest of the first r by lww (not found when
//     none has the key). Without r answers after quorum.timeout_ms the read
//     fails;
//   * read_repair: the coordinator writes the result back to every replica
//     whose answer was older — among the first r answers when the r-th
//     arrives, and any later answer when it arrives. "blocking": the client
//     gets its answer when the repairs of the first r answers are
//     acknowledged (the read fails if that takes past the timeout); "async":
//     at once. A repair travels like a write copy (MessageSender);
//   * hinted handoff (quorum.hinted_handoff): a copy that cannot be sent to
//     a replica goes instead to the next node after the preference list on
//     the ring that the coordinator can reach, with a hint naming the
//     replica. The fallback keeps hints aside (not in its data) and checks
//     them every kHintCheck: a hint whose owner it can reach is handed off
//     (the owner stores the write), one older than hint_window_ms is
//     dropped. A fallback's ack counts towards w only with quorum.sloppy;
//     with sloppy, reads also ask the fallbacks in place of unreachable
//     replicas (and a fallback answers from its own data, without hints);
//   * deletes are tombstones (lww like any write; a read that returns one
//     returns not-found). A replica purges a tombstone tombstones.gc_grace_ms
//     after it stored it; if it later stores a write older than the purged
//     delete (read repair, a hint, a late copy), the deleted value is back:
//     counted as resurrected;
//   * anti-entropy (anti_entropy.interval_ms; needs until_ms): every
//     interval, each pair of replicas (in node order) that are up and
//     linked both ways compares a Merkle tree (a binary tree over the keys
//     both replicate, sorted by name; a leaf hashes the write a replica
//     holds) top-down, stopping at equal subtrees, and for each differing
//     key ships the newer version (lww) to the other as a message. The tree
//     exchange is taken at the round's instant (counted, not sent); the
//     shipped keys travel over the links;
//   * conflicts.resolve "siblings" (LeaderlessSiblings.cpp): each replica
//     keeps a key as a SiblingObject (DottedVersionVector.h) instead of one
//     write. A client's session is the node it contacts: the context of
//     (node, key) is the one its last operation there returned — a read's
//     merged context, or the context of the version a write created (set
//     when the coordinator creates it). A write gets the dot (coordinator,
//     the coordinator's next counter for the key) and that session context
//     as its causal past; its version (the write alone with dots, the
//     coordinator's object with the write for vnode clocks) is what the
//     copies and hints carry, and a replica stores it by sync. A read
//     merges (syncs) the first r answers and returns every sibling's value
//     (sorted; tombstones left out); read repair, hints and anti-entropy
//     ship whole objects and store them by sync. Tombstones are siblings
//     and are never purged;
//   * messages travel on the shared Network (latency, loss, outages). A
//     coordinator or replica sends only over a link that is up at that
//     moment; a message already on the wire when its link goes down arrives
//     when the link is back (links are streams). The copies of a write
//     (coordinator -> replica) go through MessageSender and are published
//     (onSent/onDelivered) like replication messages.
//     Each message names its MessageKind, so a link's by_kind latency
//     applies: Write -> write, Ack -> ack, Read -> read, Answer ->
//     read_response, Repair and RepairAck -> repair, HintedWrite, HintedAck
//     and Hint -> hint, Sync -> anti_entropy;
//   * quorum.coordinator "client": the client runs on the contacted node's
//     host and coordinates itself — every step above, but each leg to that
//     node's own replica (the copy and its ack, the read request and its
//     answer, a repair and its ack, a hint the node keeps for another) is a
//     loopback message too, not an instant store: it takes a transmission
//     under links.default (its by_kind, loss and retry; no fifo clamp),
//     scheduled as EventKind::ClientLoopback, not published (like the own
//     store it replaces), and lost if the node is crashed when it arrives.
//     Legs to other replicas ride the node's links as with "node";
//   * for the reports (only when an observer wants them,
//     SimObserver::wantsQuorumEvents): every message sent and delivered
//     with its kind (onQuorumMessage: acks, read requests and answers
//     included), each operation's fan-out (onQuorumFanout, after its
//     requests), the quorum reached or failed (onQuorum, at most once per
//     operation; a write's comes just before its onCommit), and hints
//     stored, handed off and expired (onHint).
//
// Invariants: replica data changes only through ReplicaSet::updateKey; each
// write is stored or superseded at most once per replica (onApplied once);
// every client write is published (onClientOp) once, and committed
// (onCommit) at most once; every read is published once, when it is
// answered (onClientOp + onRead) or fails (onClientOp, failed).

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sim/conflicts/DottedVersionVector.h"
#include "sim/network/Network.h"
#include "sim/replication/Clocks.h"
#include "sim/replication/EventKind.h"
#include "sim/replication/HashRing.h"
#include "sim/replication/LeaderlessStats.h"
#include "sim/replication/MessageSender.h"
#include "sim/replication/ReplicationProtocol.h"
#include "sim/replication/SimContext.h"

namespace replsim {

class LeaderlessProtocol final {
 public:
  // How often a node holding hints checks them.
  static constexpr SimTime kHintCheck = SimTime::fromUs(100'000);

  LeaderlessProtocol(const SimContext& ctx, MessageSender& sender);
  LeaderlessProtocol(const LeaderlessProtocol&) = delete;
  LeaderlessProtocol& operator=(const LeaderlessProtocol&) = delete;

  // ---- ReplicationProtocol ----
  void issueClientWrite(NodeId node, KeyId key, OpKind op, const std::string& value, ClientOpEvent ev);
  void deliver(const Event& e);
  // EventKind::QuorumWriteTimeout and QuorumReadTimeout.
  void handleEvent(EventKind kind, uint32_t target);
  void voidWrites(const std::vector<WriteIndex>&) {}  // no failover without leaders
  size_t heldAtEnd() const { return 0; }              // nothing is held back
  // A leaderless write reaches its key's replicas, not every node; the
  // per-origin question has no answer here, so no node is claimed (the
  // invariant checker then demands neither delivery nor convergence).
  std::vector<uint8_t> reachableFrom(NodeId) const;
  // The fast "every node's writes reach every node" check (main's concept
  // asks for it): never, for the same reason.
  bool everyNodeReachesEveryNode() const { return false; }

  // ---- reads: the protocol coordinates them (ClientRouter hands them over) ----
  void issueClientRead(NodeId node, KeyId key, ClientOpEvent ev);

  // ---- for the reports ----
  const LeaderlessStats& stats() const { return stats_; }
  // Failed writes stored by at least one replica (not rolled back).
  uint64_t partialWrites() const;
  // Hints still held by fallback nodes.
  size_t hintsHeld() const;
  const std::vector<NodeId>& preferenceList(KeyId key);
  // The same, computed afresh (for the reports).
  std::vector<NodeId> preferenceListOf(KeyId key) const;
  // lww order: true when write a is newer than b (kNone is older than any write).
  bool newer(WriteIndex a, WriteIndex b) const;
  // conflicts.resolve "siblings": the object a replica holds for a key
  // (empty when it holds nothing), and the dot a write was given.
  bool keepsSiblings() const { return siblings_; }
  const SiblingObject& objectAt(NodeId node, KeyId key) const;
  Dot versionDot(WriteIndex w) const { return versionDots_[w]; }

 private:
  // HintedWrite: a copy to a fallback node for an unreachable replica
  // (`owner`), acknowledged by HintedAck; Hint: the hand-off to the owner.
  // Sync: a key shipped by anti-entropy.
  enum class Kind : uint8_t { Write, Ack, Read, Answer, Repair, RepairAck, HintedWrite, HintedAck, Hint, Sync };
  struct Payload {
    Kind kind = Kind::Write;
    uint32_t op = 0;             // the write (Write, Ack, Hinted*) or read (Read, Answer, Repair*) operation
    WriteIndex write = kNone;    // Write, Ack, Repair, Hint*: the write; Answer: what the replica holds
    bool blocking = false;       // Repair, RepairAck: the read waits for this repair
    NodeId owner = kNone;        // HintedWrite, Hint: the replica the write is meant for
    // siblings: Answer: the replica's object; Repair, Sync: the object to
    // store (Write, Hint*: the write's version, versions_[write]).
    std::shared_ptr<const SiblingObject> object{};
  };
  struct Hint {
    WriteIndex write;
    NodeId owner;
    SimTime storedAt;
  };
  struct WriteOp {
    NodeId coordinator;
    SimTime issuedAt;
    SimTime clientLatency;       // the client's request to the coordinator
    uint32_t acks = 0;
    uint32_t fallbacksUsed = 0;  // how far down the key's fallbacks this write went
    bool done = false;
  };
  struct ReadOp {
    NodeId coordinator;
    KeyId key;
    SimTime startedAt;
    ClientOpEvent ev;
    uint32_t answers = 0;
    WriteIndex best = kNone;
    std::vector<std::pair<NodeId, WriteIndex>> heard{};  // the first r answers: who held what
    uint32_t repairsPending = 0;  // read_repair blocking: repairs not acknowledged yet
    bool decided = false;         // r answers arrived: `best` is the result
    bool done = false;            // the client was told (answer or failure)
    // siblings: the sync of the answers so far (after r: the result; `best`
    // is then its newest sibling, for the trace), and each of the first r
    // answers' objects, in the order of `heard`.
    SiblingObject result{};
    std::vector<SiblingObject> heardObjects{};
  };
  struct Commit {
    WriteIndex write;
    SimTime at;
  };

  // Sends a payload from -> to if the link is up; false when it is not.
  // from == to (coordinator "client" only): a loopback leg (see above).
  bool send(NodeId from, NodeId to, const Payload& p);
  // What a payload does when it reaches `to`; `m` is its network message
  // (nullptr for a loopback leg, which is not published).
  void receive(NodeId from, NodeId to, const Payload& p, const Message* m);
  static MessageKind messageKind(Kind k);
  // A replica stores w if newer than what it holds (publishes onApplied).
  // With siblings it syncs `object` (w's version when null) into its own.
  void store(NodeId node, WriteIndex w, const SiblingObject* object = nullptr);
  void ack(uint32_t op);
  void answer(uint32_t read, NodeId from, WriteIndex held, const SiblingObject* object = nullptr);
  // The r-th answer: repairs (read_repair), then the client's answer.
  void decide(uint32_t read);
  // Read repair: sends the read's result to a replica that answered older
  // (stores it at once at the coordinator itself).
  void repair(uint32_t read, NodeId replica, bool blocking);
  void finishRead(uint32_t read);
  static QuorumMessageKind publicKind(Kind kind);
  // The quorum hooks; called only when ctx_.observers.quorumWanted().
  void publishMessage(NodeId from, NodeId to, const Payload& p, SimTime deliverAt, bool delivered);
  void publishFanout(NodeId coordinator, uint32_t op, KeyId key, bool read, bool local);
  void publishQuorum(NodeId coordinator, uint32_t op, KeyId key, bool read, bool reached, uint32_t count,
                     WriteIndex w);
  void publishHint(NodeId node, NodeId owner, WriteIndex w, HintAction action);
  bool linkUp(NodeId from, NodeId to) const;
  // Hinted handoff: the next fallback of w's key that `from` can reach
  // takes the write for `owner` (kNone: none left).
  NodeId handOff(NodeId from, WriteIndex w, NodeId owner);
  void storeHint(NodeId node, WriteIndex w, NodeId owner);
  void hintedAck(WriteIndex w);
  void checkHints(NodeId node);
  // Tombstones: purge one whose gc grace has passed (if still there).
  void collectTombstone(uint32_t gc);
  // Anti-entropy: every pair of reachable replicas compares Merkle trees
  // over the keys both hold and ships the newer version of each differing key.
  void antiEntropyRound();
  void compareReplicas(NodeId a, NodeId b);
  // The key's nodes after its preference list, in ring order.
  const std::vector<NodeId>& fallbacks(KeyId key);

  // ---- siblings (LeaderlessSiblings.cpp) ----
  // The version write w creates at its coordinator (its dot, its session's
  // context as causal past); updates the session.
  void makeVersion(NodeId coordinator, WriteIndex w);
  // Syncs `in` into the node's object for its key; publishes onApplied for
  // each of in's writes the node sees for the first time.
  void storeObject(NodeId node, const SiblingObject& in);
  SiblingObject& object(NodeId node, KeyId key);
  std::shared_ptr<const SiblingObject> snapshot(NodeId node, KeyId key) const;
  // A read answer's object joins the read's result.
  void answerSiblings(ReadOp& o, NodeId from, const SiblingObject& held);
  // The r-th answer's repairs: each of the first r whose object differs.
  void repairSiblings(uint32_t read);
  // The client's answer: the values, staleness and the session's context.
  std::vector<std::string> finishSiblingRead(ReadOp& o, uint64_t& missed, SimTime& earliest);
  // Anti-entropy: a leaf's hash, and the shipping of one differing key.
  uint64_t siblingsLeaf(NodeId node, KeyId key) const;
  void syncSiblings(NodeId a, NodeId b, KeyId key);

  SimContext ctx_;
  MessageSender& sender_;
  const QuorumSpec& quorum_;
  bool clientCoordinates_;                        // quorum.coordinator "client"
  struct Loopback {
    NodeId node;
    Payload payload;
  };
  std::vector<Loopback> loopbacks_;               // by ClientLoopback event target
  std::vector<uint32_t> freeLoopbacks_;
  ReadRepair readRepair_;
  SimTime gcGrace_;
  HashRing ring_;
  Clocks clocks_;
  std::vector<std::vector<NodeId>> preference_;  // by KeyId, computed on first use
  std::vector<std::vector<NodeId>> fallbacks_;   // by KeyId, computed on first use
  std::vector<std::vector<Hint>> hints_;         // by NodeId: hints held there, in arrival order
  std::vector<uint8_t> hintCheckScheduled_;      // by NodeId
  struct Tombstone {
    NodeId node;
    KeyId key;
    WriteIndex write;
  };
  std::vector<Tombstone> tombstones_;             // by TombstoneGc event target
  std::vector<std::vector<WriteIndex>> purged_;   // [node][key]: the newest tombstone purged there, or kNone
  std::vector<Payload> payload_;                  // by MessageSlot
  std::vector<WriteOp> writeOps_;                 // by WriteIndex
  std::vector<ReadOp> readOps_;
  std::vector<uint32_t> stored_;                  // by WriteIndex: replicas that stored it
  std::vector<std::vector<Commit>> commits_;      // by KeyId, in commit order
  std::vector<NodeId> fanout_;                    // the requests of the fan-out being issued (publishMessage)
  LeaderlessStats stats_;

  // siblings (conflicts.resolve "siblings")
  bool siblings_ = false;
  SiblingClock clock_ = SiblingClock::Dotted;
  struct Session {
    CausalContext context;  // what the session's last operation on the key returned
    uint32_t counter = 0;   // the node's last dot counter for the key (as coordinator)
  };
  std::map<std::pair<NodeId, KeyId>, Session> sessions_;  // by (contacted node, key)
  std::vector<SiblingObject> versions_;                   // by WriteIndex
  std::vector<Dot> versionDots_;                          // by WriteIndex
  std::vector<std::vector<SiblingObject>> objects_;       // [node][key], sized on first use
};

static_assert(ReplicationProtocol<LeaderlessProtocol>);

}  // namespace replsim
