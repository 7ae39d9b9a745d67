// FaultInjector: the scenario's faults and their effects (see
// FaultInjector.h).
#include "sim/replication/FaultInjector.h"

#include <map>
#include <set>

#include "sim/replication/AutoReconfigure.h"
#include "sim/replication/DatacenterFailover.h"
#include "sim/replication/LinkFactory.h"
#include "sim/replication/MessageSender.h"
#include "sim/replication/ObserverFanout.h"
#include "sim/replication/ReplicaSet.h"
#include "sim/model/Scenario.h"
#include "sim/topology/Topology.h"

namespace replsim {

FaultInjector::FaultInjector(const SimContext& ctx, MessageSender& sender, LinkFactory& links, DatacenterFailover& dcs,
                             AutoReconfigure& autoReconfigure)
    : ctx_(ctx), sender_(sender), links_(links), dcs_(dcs), autoReconfigure_(autoReconfigure) {}

void FaultInjector::runFault(const FaultSpec& f) {
  applyFault(f);
  if (ctx_.scenario.replication.autoReconfigureAfter) autoReconfigure_.review();
}

void FaultInjector::linkDown(NodeId a, NodeId b, LinkDownReason reason, bool on) {
  const LinkId id = ctx_.network.find(a, b);
  if (id == kNone) return;
  const uint32_t moved = ctx_.network.setDown(id, reason, on, ctx_.run.now);
  if (moved > 0) {
    const StreamEvent ev{ctx_.run.now, a, b, moved, !on, static_cast<uint8_t>(reason)};
    ctx_.observers.stream(ev);
  }
}

void FaultInjector::setNodeLinks(NodeId n, LinkDownReason reason, bool inbound, bool outbound, bool on) {
  for (LinkId id = 0; id < ctx_.network.linkCount(); ++id) {
    const Link& l = ctx_.network.link(id);
    if ((inbound && l.to == n) || (outbound && l.from == n)) {
      const uint32_t moved = ctx_.network.setDown(id, reason, on, ctx_.run.now);
      if (moved > 0) {
        const StreamEvent ev{ctx_.run.now, l.from, l.to, moved, !on, static_cast<uint8_t>(reason)};
        ctx_.observers.stream(ev);
      }
    }
  }
}

void FaultInjector::refreshOfflineLinks(NodeId n) {
  for (LinkId id = 0; id < ctx_.network.linkCount(); ++id) {
    const Link& l = ctx_.network.link(id);
    if (l.to != n && l.from != n) continue;
    const bool cut = ctx_.replicas[l.from].offline || ctx_.replicas[l.to].offline;
    const uint32_t moved = ctx_.network.setDown(id, kEndOffline, cut, ctx_.run.now);
    if (moved > 0) {
      const StreamEvent ev{ctx_.run.now, l.from, l.to, moved, !cut, static_cast<uint8_t>(kEndOffline)};
      ctx_.observers.stream(ev);
    }
  }
}

void FaultInjector::applyFault(const FaultSpec& f) {
  FaultEvent fe{ctx_.run.now, &f};
  ctx_.observers.fault(fe);
  auto node = [&](const std::string& name) { return *ctx_.topology.find(name); };
  switch (f.kind) {
    case FaultKind::Crash: crashNode(node(f.node), f, true); break;
    case FaultKind::Recover: recoverNode(node(f.node), f, true); break;
    case FaultKind::Offline:
    case FaultKind::Online: {
      const NodeId n = node(f.node);
      const bool offline = f.kind == FaultKind::Offline;
      if (ctx_.replicas[n].offline != offline)
        ctx_.observers.nodeState(NodeStateEvent{ctx_.run.now, n, NodeState::Offline, offline, &f});
      ctx_.replicas[n].offline = offline;
      refreshOfflineLinks(n);
      break;
    }
    case FaultKind::LinkDown:
    case FaultKind::LinkUp: {
      const NodeId a = node(f.link.first), b = node(f.link.second);
      const bool on = f.kind == FaultKind::LinkDown;
      ctx_.observers.linkOutage(LinkOutageEvent{ctx_.run.now, a, b, on, &f});
      linkDown(a, b, kLinkDownFault, on);
      if (f.both) {
        ctx_.observers.linkOutage(LinkOutageEvent{ctx_.run.now, b, a, on, &f});
        linkDown(b, a, kLinkDownFault, on);
      }
      break;
    }
    case FaultKind::Partition: {
      // Nodes not named in any group form one more group together.
      std::vector<int>& group = links_.partitionGroup();
      group.assign(ctx_.replicas.size(), -1);
      PartitionEvent ev{ctx_.run.now, false, {}, &f};  // the groups as the fault lists them, then the rest
      for (size_t g = 0; g < f.groups.size(); ++g) {
        ev.groups.emplace_back();
        for (const auto& name : f.groups[g]) {
          group[node(name)] = static_cast<int>(g);
          ev.groups.back().push_back(node(name));
        }
      }
      std::vector<uint32_t> rest;
      for (NodeId n = 0; n < group.size(); ++n)
        if (group[n] == -1) rest.push_back(n);
      if (!rest.empty()) ev.groups.push_back(std::move(rest));
      ctx_.observers.partition(ev);
      for (LinkId id = 0; id < ctx_.network.linkCount(); ++id) {
        const Link& l = ctx_.network.link(id);
        if (group[l.from] != group[l.to]) linkDown(l.from, l.to, kPartitioned, true);
      }
      break;
    }
    case FaultKind::Heal:
      links_.partitionGroup().clear();
      ctx_.observers.partition(PartitionEvent{ctx_.run.now, true, {}, &f});
      for (LinkId id = 0; id < ctx_.network.linkCount(); ++id) {
        const Link& l = ctx_.network.link(id);
        linkDown(l.from, l.to, kPartitioned, false);
      }
      break;
    case FaultKind::Resume:
      for (const auto& name : f.resume) setNodeLinks(node(name), kHalted, false, true, false);
      break;
    case FaultKind::Reconfigure: {
      // A removed link's unsent stream (in flight or waiting) is re-pointed:
      // the sender's replication log continues on the links the same
      // reconfiguration adds from that sender, in order — as repointing a
      // MySQL replica continues from the binlog position. With no new link
      // from that sender, it is discarded (counted).
      std::map<NodeId, std::vector<std::pair<WriteIndex, PathId>>> unsent;
      for (const auto& [a, b] : f.remove) {
        const LinkId id = ctx_.network.find(node(a), node(b));
        if (id == kNone) continue;
        for (MessageSlot s : ctx_.network.discardAll(id)) {
          unsent[node(a)].emplace_back(ctx_.network.message(s).write, ctx_.network.message(s).path);
          ctx_.network.release(s);
        }
        ctx_.network.setDown(id, kRemoved, true, ctx_.run.now);
        ctx_.observers.linkChange(LinkChangeEvent{ctx_.run.now, node(a), node(b), false, EffectCause::Fault, &f});
      }
      std::set<NodeId> repointed;
      for (const auto& [a, b] : f.add) {
        const LinkId id = links_.addLinkNow(node(a), node(b));
        ctx_.observers.linkChange(LinkChangeEvent{ctx_.run.now, node(a), node(b), true, EffectCause::Fault, &f});
        if (auto it = unsent.find(node(a)); it != unsent.end()) {
          repointed.insert(node(a));
          for (const auto& [w, path] : it->second) sender_.sendOn(id, w, path);
        }
      }
      for (const auto& [sender, messages] : unsent)
        if (!repointed.count(sender)) {
          ctx_.run.discarded += messages.size();
          for (const auto& m : messages) ctx_.run.droppedWithStream.push_back(m.first);
        }
      break;
    }
    case FaultKind::CrashDatacenter: {
      // Every node at once (followers, then the leader), as crash does each;
      // published together first, in member order.
      const DatacenterDirectory& dcs = *dcs_.directory();
      const uint32_t dc = *dcs.find(f.node);
      for (NodeId m : dcs[dc].members)
        if (!ctx_.replicas[m].crashed)
          ctx_.observers.nodeState(NodeStateEvent{ctx_.run.now, m, NodeState::Crashed, true, &f});
      for (NodeId m : dcs.followers(dc)) crashNode(m, f, false);
      crashNode(dcs.leader(dc), f, false);
      break;
    }
    case FaultKind::RecoverDatacenter: {
      // The leader first: a follower that recovers while its leader is still
      // down would otherwise look like a candidate for a failover.
      const DatacenterDirectory& dcs = *dcs_.directory();
      const uint32_t dc = *dcs.find(f.node);
      for (NodeId m : dcs[dc].members)
        if (ctx_.replicas[m].crashed)
          ctx_.observers.nodeState(NodeStateEvent{ctx_.run.now, m, NodeState::Crashed, false, &f});
      recoverNode(dcs.leader(dc), f, false);
      for (NodeId m : dcs.followers(dc)) recoverNode(m, f, false);
      break;
    }
  }
}

void FaultInjector::crashNode(NodeId n, const FaultSpec& fault, bool publish) {
  Replica& r = ctx_.replicas[n];
  if (r.crashed) return;
  if (publish) ctx_.observers.nodeState(NodeStateEvent{ctx_.run.now, n, NodeState::Crashed, true, &fault});
  r.crashed = true;
  ctx_.replicas.setLive(n, false);
  setNodeLinks(n, kReceiverCrashed, true, false, true);
  setNodeLinks(n, kSenderCrashed, false, true, true);
  dcs_.nodeCrashed(n);
}

void FaultInjector::recoverNode(NodeId n, const FaultSpec& fault, bool publish) {
  Replica& r = ctx_.replicas[n];
  if (!r.crashed) return;
  if (publish) ctx_.observers.nodeState(NodeStateEvent{ctx_.run.now, n, NodeState::Crashed, false, &fault});
  r.crashed = false;
  ctx_.replicas.setLive(n, true);
  setNodeLinks(n, kReceiverCrashed, true, false, false);
  setNodeLinks(n, kSenderCrashed, false, true, false);
  dcs_.nodeRecovered(n);
}

}  // namespace replsim
