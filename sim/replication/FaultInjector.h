#pragma once
// FaultInjector: applies the scenario's faults — crash / recover (also a
// whole datacenter), offline / online, link_down / link_up, partition /
// heal, resume (after the error resolver halted a stream) and reconfigure
// (links removed and added).
//
// Contracts: onFault (the input) is published before the fault takes
// effect; each effect is then published where it happens, with the fault as
// its cause (onNodeState, onLinkOutage, onPartition, onLinkChange, and
// onStream for every stream an outage stopped or resumed). A reconfigure
// re-points a removed link's unsent stream onto the links the same fault
// adds from that sender, in order; with none, it is discarded (counted in
// RunState). Invariant: a link is down for a reason bit exactly while that
// reason holds (crashed / offline end, link fault, partition, removal).

#include <vector>

#include "sim/network/Network.h"
#include "sim/replication/SimContext.h"

namespace replsim {

struct FaultSpec;
class MessageSender;
class LinkFactory;
class DatacenterFailover;
class AutoReconfigure;

class FaultInjector {
 public:
  FaultInjector(const SimContext& ctx, MessageSender& sender, LinkFactory& links, DatacenterFailover& dcs,
                AutoReconfigure& autoReconfigure);

  // Applies f now, then lets auto_reconfigure review the links.
  void runFault(const FaultSpec& f);

 private:
  void applyFault(const FaultSpec& f);
  // `fault` is the cause; publish: whether to publish the node's state
  // change (a datacenter's nodes are published together beforehand).
  void crashNode(NodeId n, const FaultSpec& fault, bool publish);
  void recoverNode(NodeId n, const FaultSpec& fault, bool publish);
  void setNodeLinks(NodeId n, LinkDownReason reason, bool inbound, bool outbound, bool on);
  void refreshOfflineLinks(NodeId n);
  void linkDown(NodeId a, NodeId b, LinkDownReason reason, bool on);

  SimContext ctx_;
  MessageSender& sender_;
  LinkFactory& links_;
  DatacenterFailover& dcs_;
  AutoReconfigure& autoReconfigure_;
};

}  // namespace replsim
