#pragma once
// ObserverFanout: the engine's one list of SimObservers and one method per
// hook, so no component writes its own loop over observers.
//
// Invariants: observers are called synchronously, in the order they were
// added, with the event exactly as the component built it. The per-hop hooks
// (sent, delivered, dropped, applied) are inline: they run once per message.
// The leaderless quorum hooks go only to the observers that want them
// (SimObserver::wantsQuorumEvents, asked once in add()); a component asks
// quorumWanted() before it builds such an event, so a run without such an
// observer pays one branch per message and builds nothing.
// REQUIRES: observers outlive the run; none is added once run() started.

#include <vector>

#include "sim/core/SimObserver.h"

namespace replsim {

class ObserverFanout {
 public:
  void add(SimObserver* observer) {
    observers_.push_back(observer);
    if (observer->wantsQuorumEvents()) quorumObservers_.push_back(observer);
  }
  bool quorumWanted() const { return !quorumObservers_.empty(); }

  void clientOp(const ClientOpEvent& e) const { for (SimObserver* o : observers_) o->onClientOp(e); }
  void read(const ReadEvent& e) const { for (SimObserver* o : observers_) o->onRead(e); }
  void sent(const MessageEvent& e) const { for (SimObserver* o : observers_) o->onSent(e); }
  void delivered(const MessageEvent& e) const { for (SimObserver* o : observers_) o->onDelivered(e); }
  void dropped(const MessageEvent& e) const { for (SimObserver* o : observers_) o->onDropped(e); }
  void applied(const ApplyEvent& e) const { for (SimObserver* o : observers_) o->onApplied(e); }
  void conflict(const ConflictEvent& e) const { for (SimObserver* o : observers_) o->onConflict(e); }
  void commit(const CommitEvent& e) const { for (SimObserver* o : observers_) o->onCommit(e); }
  void stream(const StreamEvent& e) const { for (SimObserver* o : observers_) o->onStream(e); }
  // Leaderless quorums (only to the observers that want them).
  void quorumMessage(const QuorumMessageEvent& e) const { for (SimObserver* o : quorumObservers_) o->onQuorumMessage(e); }
  void quorumFanout(const QuorumFanoutEvent& e) const { for (SimObserver* o : quorumObservers_) o->onQuorumFanout(e); }
  void quorum(const QuorumEvent& e) const { for (SimObserver* o : quorumObservers_) o->onQuorum(e); }
  void hint(const HintEvent& e) const { for (SimObserver* o : quorumObservers_) o->onHint(e); }

  // Rare: faults and their effects, failovers.
  void fault(const FaultEvent& e) const;
  void nodeState(const NodeStateEvent& e) const;
  void linkOutage(const LinkOutageEvent& e) const;
  void partition(const PartitionEvent& e) const;
  void linkChange(const LinkChangeEvent& e) const;
  void failover(const FailoverEvent& e) const;
  void rejoin(const RejoinEvent& e) const;

 private:
  std::vector<SimObserver*> observers_;
  std::vector<SimObserver*> quorumObservers_;  // those of observers_ that want the quorum hooks
};

}  // namespace replsim
