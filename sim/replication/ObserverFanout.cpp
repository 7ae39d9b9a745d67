// ObserverFanout: the hooks that are not on the per-message path.
#include "sim/replication/ObserverFanout.h"

namespace replsim {

void ObserverFanout::fault(const FaultEvent& e) const { for (SimObserver* o : observers_) o->onFault(e); }
void ObserverFanout::nodeState(const NodeStateEvent& e) const {
  for (SimObserver* o : observers_) o->onNodeState(e);
}
void ObserverFanout::linkOutage(const LinkOutageEvent& e) const {
  for (SimObserver* o : observers_) o->onLinkOutage(e);
}
void ObserverFanout::partition(const PartitionEvent& e) const { for (SimObserver* o : observers_) o->onPartition(e); }
void ObserverFanout::linkChange(const LinkChangeEvent& e) const {
  for (SimObserver* o : observers_) o->onLinkChange(e);
}
void ObserverFanout::failover(const FailoverEvent& e) const { for (SimObserver* o : observers_) o->onFailover(e); }
void ObserverFanout::rejoin(const RejoinEvent& e) const { for (SimObserver* o : observers_) o->onRejoin(e); }

}  // namespace replsim
