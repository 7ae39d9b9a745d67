#include "sim/check/InvariantChecker.h"

#include <algorithm>
#include <map>
#include <string>

#include <fmt/format.h>

#include "sim/network/Network.h"

namespace replsim {
namespace {

bool isSkip(ConflictType t) { return t == ConflictType::UpdateMissing || t == ConflictType::DeleteMissing; }

}  // namespace

InvariantChecker::InvariantChecker(const Simulation& sim, Mode mode)
    : sim_(sim),
      mode_(mode),
      applied_(sim.nodeCount()),
      leaderless_(sim.scenario().replication.mode == ProtocolKind::Leaderless) {}

bool InvariantChecker::mark(std::vector<uint8_t>& flags, uint32_t w) {
  if (w >= flags.size()) flags.resize(w + 1, 0);
  const bool was = flags[w] != 0;
  flags[w] = 1;
  return was;
}

void InvariantChecker::violate(const std::string& invariant, std::string message) {
  ++violationCount_;
  if (violations_.size() < kMaxViolations) violations_.push_back(InvariantViolation{invariant, std::move(message)});
}

void InvariantChecker::markChecked(const char* invariant) { checked_.emplace_back(invariant); }

void InvariantChecker::onApplied(const ApplyEvent& e) {
  if (applied_.testAndSet(e.write, e.node))
    violate("applied_once", fmt::format("{} was applied twice at {} ({} ms)", sim_.writeName(e.write),
                                        sim_.nodeName(e.node), formatMs(e.at)));
  if (mode_ == Mode::Each) checkNode(e.node);
}

void InvariantChecker::onConflict(const ConflictEvent& e) {
  for (uint32_t d : e.discarded) mark(discarded_, d);
  if (isSkip(e.type)) ++skippedUpdates_;
  if (mode_ == Mode::Each) checkNode(e.node);
}

void InvariantChecker::onCommit(const CommitEvent& e) {
  if (leaderless_ && (e.write >= quorumReached_.size() || !quorumReached_[e.write]))
    violate("quorum_once", fmt::format("{} was committed ({} ms) without its quorum reached", sim_.writeName(e.write),
                                       formatMs(e.at)));
  if (mark(published_, e.write))
    violate("sync_commits", fmt::format("the outcome of {} was told to its client twice ({} ms)", sim_.writeName(e.write),
                                        formatMs(e.at)));
  mark(e.aborted ? aborted_ : committed_, e.write);
}

void InvariantChecker::onQuorum(const QuorumEvent& e) {
  const std::string what = e.read ? fmt::format("read #{} of {}", e.op + 1, sim_.keyName(e.key)) : sim_.writeName(e.op);
  if (mark(e.read ? quorumReads_ : quorumWrites_, e.op))
    violate("quorum_once", fmt::format("the quorum of {} was published twice ({} ms)", what, formatMs(e.at)));
  if (e.reached != (e.count >= e.needed))
    violate("quorum_once", fmt::format("the quorum of {} was {} with {} of {} ({} ms)", what,
                                       e.reached ? "reached" : "failed", e.count, e.needed, formatMs(e.at)));
  if (e.reached && !e.read) mark(quorumReached_, e.op);
}

void InvariantChecker::onFailover(const FailoverEvent& e) {
  failovers_ = true;
  for (uint32_t w : e.lost) mark(lost_, w);
  for (uint32_t n : e.resynced) resynced(n);
}

void InvariantChecker::onRejoin(const RejoinEvent& e) {
  if (e.resynced) resynced(e.node);
}

void InvariantChecker::resynced(NodeId n) {
  // Its data became a copy of another replica's: what it had applied is
  // what it now holds.
  for (WriteIndex w = 0; w < sim_.writes().size(); ++w)
    applied_.set(w, n, sim_.replica(n).processed.contains(sim_.writes()[w].dot));
}

void InvariantChecker::onClientOp(const ClientOpEvent& e) {
  if (mode_ == Mode::Each) checkNode(e.node);
}

void InvariantChecker::onDelivered(const MessageEvent& e) {
  if (mode_ == Mode::Each) checkNode(e.to);
}

// What holds at every moment at one replica: no aborted write applied, and
// under merge, every pure counter equal to the increments applied there.
void InvariantChecker::checkNode(uint32_t node) {
  const Replica& r = sim_.replica(node);
  const WriteLog& log = sim_.writes();
  const bool merge = sim_.resolver().countsIncrements();
  std::map<KeyId, int64_t> sums;
  std::map<KeyId, bool> pure;
  for (WriteIndex w = 0; w < log.size(); ++w) {
    const WriteRecord& wr = log[w];
    const bool aborted = sim_.aborted(w);
    if (merge) pure.try_emplace(wr.key, true).first->second &= wr.op == OpKind::Incr;
    // (without merge only an aborted write matters: asked first, it spares
    // a lookup per node and write, 2 % of an all-to-all 64 x 1,000)
    else if (!aborted) continue;
    if (!r.processed.contains(wr.dot)) continue;
    if (aborted)
      violate("aborted_no_trace", fmt::format("{} was aborted but {} applied it", sim_.writeName(w), sim_.nodeName(node)));
    if (merge) sums[wr.key] += wr.delta;
  }
  if (!merge) return;
  for (const auto& [key, isPure] : pure) {
    if (!isPure) continue;
    auto it = sums.find(key);
    const std::vector<std::string> expected =
        it == sums.end() ? std::vector<std::string>{} : std::vector<std::string>{std::to_string(it->second)};
    const std::vector<std::string> held = sim_.values(node, key);
    if (held != expected)
      violate("merge_counters", fmt::format("counter {} at {} is {}, but the increments applied there sum to {}",
                                            sim_.keyName(key), sim_.nodeName(node),
                                            held.empty() ? std::string("absent") : held.front(),
                                            expected.empty() ? std::string("nothing") : expected.front()));
  }
}

bool InvariantChecker::convergentResolver() const {
  const ReplicationSpec& rep = sim_.scenario().replication;
  if (rep.conflicts.detect == Detect::Sync) return true;  // committed writes never conflict
  return sim_.resolver().convergent(rep.ordering == Ordering::Causal);
}

bool InvariantChecker::faultsHealed() const {
  for (NodeId n = 0; n < sim_.nodeCount(); ++n)
    if (sim_.replica(n).crashed || sim_.replica(n).offline) return false;
  const Network& net = sim_.network();
  for (LinkId id = 0; id < net.linkCount(); ++id)
    if ((net.link(id).down & ~kRemoved) != 0) return false;
  return true;
}

// Writes with a copy on the wire, in a stopped stream, or held back.
std::vector<uint8_t> InvariantChecker::pendingWrites() const {
  std::vector<uint8_t> pending(sim_.writes().size(), 0);
  const Network& net = sim_.network();
  for (LinkId id = 0; id < net.linkCount(); ++id) {
    const Link& l = net.link(id);
    // (a leaderless read request or answer may name no write: kNone)
    const auto note = [&](WriteIndex w) { if (w < pending.size()) pending[w] = 1; };
    for (MessageSlot s = l.inFlightHead; s != kNone; s = net.message(s).next) note(net.message(s).write);
    for (MessageSlot s : net.backlog(id)) note(net.message(s).write);
  }
  for (NodeId n = 0; n < sim_.nodeCount(); ++n)
    for (const auto& [dot, held] : sim_.replica(n).held) pending[held.write] = 1;
  return pending;
}

void InvariantChecker::finish(const RunOutcome& outcome) {
  const WriteLog& log = sim_.writes();
  const size_t writes = log.size();
  for (auto* v : {&discarded_, &committed_, &aborted_, &lost_, &published_}) v->resize(writes, 0);
  const bool quiescent = outcome.reason == StopReason::Quiescent;
  const bool healed = faultsHealed();
  const bool sync = sim_.scenario().replication.conflicts.detect == Detect::Sync;

  markChecked("applied_once");
  for (NodeId n = 0; n < sim_.nodeCount(); ++n) checkNode(n);
  if (sync) markChecked("aborted_no_trace");
  if (sim_.resolver().countsIncrements()) markChecked("merge_counters");

  if (quiescent) {
    markChecked("confirmed_writes");
    std::vector<uint8_t> accounted = pendingWrites();
    for (WriteIndex w : sim_.writesDroppedWithStreams()) accounted[w] = 1;
    // Per origin, the nodes its writes can reach at all: a graph with no
    // path from the origin to a node (a one-way link) never delivers there.
    // (every node reaches every node, decided at once: no search per origin)
    const bool allReach = sim_.everyNodeReachesEveryNode();
    std::vector<std::vector<uint8_t>> reach(sim_.nodeCount());
    for (WriteIndex w = 0; w < writes; ++w) {
      if (!committed_[w] || discarded_[w] || lost_[w] || aborted_[w] || accounted[w]) continue;
      const NodeId origin = log[w].dot.origin;
      if (!allReach && reach[origin].empty()) reach[origin] = sim_.reachableFrom(origin);
      for (NodeId n = 0; n < sim_.nodeCount(); ++n) {
        if ((!allReach && !reach[origin][n]) || sim_.replica(n).crashed || sim_.replica(n).processed.contains(log[w].dot)) continue;
        violate("confirmed_writes", fmt::format("{} was confirmed to its client, but {} never got it, and no conflict, "
                                                "abort, failover or pending message accounts for it",
                                                sim_.writeName(w), sim_.nodeName(n)));
        break;
      }
    }
  }

  // An update or delete skipped for a missing row (possible only without
  // causal ordering) is a divergence replsim shows on purpose.
  if (convergentResolver() && healed && quiescent && !failovers_ && skippedUpdates_ == 0 &&
      sim_.everyWriteCanReachEveryNode()) {
    markChecked("converged");
    bool sameDigests = true;
    for (NodeId n = 1; n < sim_.nodeCount(); ++n) sameDigests = sameDigests && sim_.replica(n).digest == sim_.replica(0).digest;
    if (!sim_.converged() || !sameDigests)
      violate("converged", fmt::format("every fault healed and every write can reach every node under a convergent "
                                       "resolver ({}), yet the replicas hold different data",
                                       sim_.resolverName()));
  }

  if (sync) {
    markChecked("sync_commits");
    const SyncCommits& sc = sim_.syncCommits();
    uint64_t committed = 0, aborted = 0, uncommitted = 0;
    for (WriteIndex w = 0; w < writes; ++w) {
      if (committed_[w] && discarded_[w])
        violate("sync_commits", fmt::format("{} was committed, then discarded", sim_.writeName(w)));
      const auto state = sc.tracked(w) ? sc.entry(w).state : SyncCommits::State::Pending;
      if (committed_[w]) {
        ++committed;
        if (state != SyncCommits::State::Committed)
          violate("sync_commits", fmt::format("{} was confirmed to its client but never committed", sim_.writeName(w)));
      } else if (aborted_[w]) {
        ++aborted;
        if (state != SyncCommits::State::Aborted)
          violate("sync_commits", fmt::format("{} was reported aborted but is not", sim_.writeName(w)));
      } else {
        ++uncommitted;
        if (quiescent && state != SyncCommits::State::Pending)
          violate("sync_commits", fmt::format("{} was decided, but its client was never told", sim_.writeName(w)));
      }
    }
    if (committed + aborted + uncommitted != writes)
      violate("sync_commits", fmt::format("committed + aborted + uncommitted = {}, but {} writes were issued",
                                          committed + aborted + uncommitted, writes));
  }

  const ReplicationSpec& rep = sim_.scenario().replication;
  if (rep.ordering == Ordering::Causal || sync) {
    markChecked("causal_order");
    if (skippedUpdates_ > 0)
      violate("causal_order", fmt::format("{} update(s) or delete(s) skipped for a missing row although writes are "
                                          "applied in causal order",
                                          skippedUpdates_));
  }

  if (leaderless_) markChecked("quorum_once");  // checked as the hooks came

  if (quiescent && healed) {
    markChecked("nothing_pending");
    const size_t pending = sim_.network().inFlight() + sim_.network().backlogged() + sim_.heldAtEnd();
    if (pending > 0)
      violate("nothing_pending",
              fmt::format("{} message(s) still pending although the run is quiescent and every fault healed", pending));
  }
}

}  // namespace replsim
