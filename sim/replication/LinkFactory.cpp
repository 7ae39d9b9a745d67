// LinkFactory: links added during the run (see LinkFactory.h).
#include "sim/replication/LinkFactory.h"

#include "sim/replication/ReplicaSet.h"
#include "sim/model/Scenario.h"
#include "sim/topology/Topology.h"

namespace replsim {

LinkId LinkFactory::addLinkNow(NodeId from, NodeId to) {
  LinkParams params = ctx_.scenario.links.defaults;
  bool original = false;
  for (const TopologyLink& tl : ctx_.topology.links())
    if (tl.from == from && tl.to == to) { params = tl.params(); original = true; }
  if (!original)
    for (const LinkOverride& o : ctx_.scenario.links.overrides) {
      const std::string& a = ctx_.topology.name(from);
      const std::string& b = ctx_.topology.name(to);
      if ((o.from == a && o.to == b) || (o.both && o.from == b && o.to == a)) params.apply(o.settings);
    }
  return addLinkWith(from, to, params);
}

LinkId LinkFactory::addLinkWith(NodeId from, NodeId to, const LinkParams& params) {
  const LinkId id = ctx_.network.addLink(from, to, params, ctx_.run.now);
  ctx_.network.setDown(id, kReceiverCrashed, ctx_.replicas[to].crashed, ctx_.run.now);
  ctx_.network.setDown(id, kSenderCrashed, ctx_.replicas[from].crashed, ctx_.run.now);
  ctx_.network.setDown(id, kEndOffline, ctx_.replicas[from].offline || ctx_.replicas[to].offline, ctx_.run.now);
  ctx_.network.setDown(id, kPartitioned, !partitionGroup_.empty() && partitionGroup_[from] != partitionGroup_[to],
                       ctx_.run.now);
  return id;
}

}  // namespace replsim
