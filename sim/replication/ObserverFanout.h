#pragma once
// ObserverFanout: the engine's one list of SimObservers and one method per
// hook, so no component writes its own loop over observers.
//
// Invariants: observers are called synchronously, in the order they were
// added, with the event exactly as the component built it. The per-hop hooks
// (sent, delivered, dropped, applied) are inline: they run once per message.
// REQUIRES: observers outlive the run; none is added once run() started.

#include <vector>

#include "sim/core/SimObserver.h"

namespace replsim {

class ObserverFanout {
 public:
  void add(SimObserver* observer) { observers_.push_back(observer); }

  void clientOp(const ClientOpEvent& e) const { for (SimObserver* o : observers_) o->onClientOp(e); }
  void read(const ReadEvent& e) const { for (SimObserver* o : observers_) o->onRead(e); }
  void sent(const MessageEvent& e) const { for (SimObserver* o : observers_) o->onSent(e); }
  void delivered(const MessageEvent& e) const { for (SimObserver* o : observers_) o->onDelivered(e); }
  void dropped(const MessageEvent& e) const { for (SimObserver* o : observers_) o->onDropped(e); }
  void applied(const ApplyEvent& e) const { for (SimObserver* o : observers_) o->onApplied(e); }
  void conflict(const ConflictEvent& e) const { for (SimObserver* o : observers_) o->onConflict(e); }
  void commit(const CommitEvent& e) const { for (SimObserver* o : observers_) o->onCommit(e); }
  void stream(const StreamEvent& e) const { for (SimObserver* o : observers_) o->onStream(e); }

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
};

}  // namespace replsim
