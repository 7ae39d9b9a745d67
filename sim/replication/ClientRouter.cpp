// ClientRouter: client operations, routing and reads (see ClientRouter.h).
#include "sim/replication/ClientRouter.h"

#include <numeric>

#include "sim/network/Network.h"
#include "sim/replication/DatacenterFailover.h"
#include "sim/replication/EventKind.h"
#include "sim/replication/ObserverFanout.h"
#include "sim/replication/ReplicaSet.h"
#include "sim/replication/RouteTable.h"
#include "sim/model/Scenario.h"
#include "sim/topology/Topology.h"

namespace replsim {

ClientRouter::ClientRouter(const SimContext& ctx, const std::vector<PlannedOp>& ops, AnyProtocol& protocol,
                           DatacenterFailover& dcs, RouteTable& routes, const ReadResolver* readResolver)
    : ctx_(ctx), ops_(ops), protocol_(protocol), dcs_(dcs), routes_(routes), readResolver_(readResolver) {}

void ClientRouter::routedOpArrives(uint32_t routed) {
  const RoutedOp r = routed_[routed];
  executeClientOp(r.op, r.target, r.issuedAt);
}

// ----------------------------------------------------------- client writes

// Where a client operation is executed: its leader (routing direct), the
// key's home leader (routing home), or the one leader (single-leader). With
// failover, a crashed home hands over to the next live leader in topology
// order — which is exactly when conflicts come back.
NodeId ClientRouter::routeTarget(const PlannedOp& op) const {
  if (ctx_.topology.kind() == TopologyKind::SingleLeader)
    return *ctx_.topology.find(ctx_.scenario.topology.leader);
  const RoutingSpec& routing = ctx_.scenario.replication.routing;
  if (routing.policy != RoutingPolicy::Home || op.op == OpKind::Read) return op.node;
  const std::string& key = ctx_.replicas.keyName(op.key);
  NodeId home;
  if (auto it = routing.home.find(key); it != routing.home.end()) home = *ctx_.topology.find(it->second);
  else home = static_cast<NodeId>(hashString(key) % ctx_.topology.nodeCount());
  if (!routing.failover || !ctx_.replicas[home].crashed) return home;
  for (size_t step = 1; step < ctx_.topology.nodeCount(); ++step) {
    const NodeId next = static_cast<NodeId>((home + step) % ctx_.topology.nodeCount());
    if (!ctx_.replicas[next].crashed) return next;
  }
  return home;
}

void ClientRouter::runClientOp(uint32_t opIndex) {
  if (dcs_.enabled()) return runDatacenterClientOp(opIndex);
  const PlannedOp& op = ops_[opIndex];
  const NodeId target = routeTarget(op);
  if (target == op.node) return executeClientOp(opIndex, target, ctx_.run.now);
  // The client's request travels to the target first: the mean latency of
  // the shortest route between the two, in either direction.
  const SimTime latency = routes_.latency(op.node, target);
  // A crashed target is found crashed when the request gets there (below).
  if (latency == SimTime::max() || (!ctx_.replicas[target].crashed && !connectedNow(op.node, target)))
    return failClientOp(op, target, FailReason::Unreachable);
  routed_.push_back(RoutedOp{opIndex, target, ctx_.run.now});
  ctx_.scheduler.schedule(ctx_.run.now + latency, toScheduled(EventKind::RoutedOp),
                          static_cast<uint32_t>(routed_.size() - 1));
}

// A client operation refused before it reached a leader.
void ClientRouter::failClientOp(const PlannedOp& op, NodeId at, FailReason reason) {
  const ClientOpEvent ev{ctx_.run.now, at, op.key, kNone, static_cast<uint8_t>(op.op), true, reason, op.node,
                        SimTime::zero()};
  ctx_.observers.clientOp(ev);
}

// Whether a client request can travel from `from` to `to` now: over links
// in either direction whose ends are both up and not cut apart by a link
// fault, a partition or a removal (a halted replication stream does not
// stop a client's request).
bool ClientRouter::connectedNow(NodeId from, NodeId to) const {
  constexpr uint8_t kCut = kLinkDownFault | kPartitioned | kReceiverCrashed | kSenderCrashed | kEndOffline | kRemoved;
  // Components over the usable links, in one pass over them (a search that
  // scanned every link per visited node cost O(nodes x links) per request).
  std::vector<NodeId> parent(ctx_.replicas.size());
  std::iota(parent.begin(), parent.end(), NodeId{0});
  auto root = [&](NodeId x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (LinkId id = 0; id < ctx_.network.linkCount(); ++id) {
    const Link& l = ctx_.network.link(id);
    if ((l.down & kCut) == 0) parent[root(l.from)] = root(l.to);
  }
  return root(from) == root(to);
}

void ClientRouter::executeClientOp(uint32_t opIndex, NodeId node, SimTime clientIssuedAt) {
  const PlannedOp& op = ops_[opIndex];
  Replica& r = ctx_.replicas[node];
  ClientOpEvent ev{ctx_.run.now, node, op.key, kNone, static_cast<uint8_t>(op.op), false, FailReason::Crashed, op.node,
                   ctx_.run.now - clientIssuedAt};
  auto fail = [&](FailReason reason) {
    ev.failed = true;
    ev.reason = reason;
    ctx_.observers.clientOp(ev);
  };
  if (r.crashed) return fail(FailReason::Crashed);
  // A write routed to a leader that failed over while the request travelled:
  // that leader is gone (it can only have rejoined as a follower).
  if (op.op != OpKind::Read && !dcs_.takesWrites(node)) return fail(FailReason::Crashed);
  // Leaderless: the contacted node coordinates a quorum read.
  if (op.op == OpKind::Read && issueClientRead(protocol_, node, op.key, ev)) return;
  KeyState& ks = r.keys[op.key];
  if (op.op == OpKind::Read) {
    ctx_.observers.clientOp(ev);
    ReadEvent read{ctx_.run.now, node, op.key, ctx_.replicas.values(node, op.key), "", ""};
    const ReadResolver* onRead = readResolver_;
    if (onRead && read.values.size() >= 2 && dcs_.takesWrites(node)) {  // a follower cannot write back
      // Read-time resolution: settle the siblings and write the result back.
      const std::string resolved = onRead->resolve(ctx_.replicas.keyName(op.key), read.values);
      read.resolvedBy = onRead->name();
      read.resolvedValue = resolved;
      ctx_.observers.read(read);
      issueClientWrite(protocol_, node, op.key, OpKind::Set, resolved, ev);
      return;
    }
    ctx_.observers.read(read);
    return;
  }
  // Leaderless: the contacted node's copy says nothing about the key (it may
  // not even be a replica); a delete is a tombstone written like any value.
  if (ctx_.scenario.replication.mode == ProtocolKind::Leaderless)
    return issueClientWrite(protocol_, node, op.key, op.op, op.value, ev);
  if (op.op == OpKind::Insert && ks.exists()) return fail(FailReason::KeyExists);
  if ((op.op == OpKind::Update || op.op == OpKind::Delete) && !ks.exists()) return fail(FailReason::KeyMissing);
  issueClientWrite(protocol_, node, op.key, op.op, op.value, ev);
}

// A client lives in a datacenter. A write goes to the leader that takes it
// now — its datacenter's (multi-leader), the root datacenter's
// (single-leader) — and a read to the node it names, or with "dc" to the
// datacenter's leader (leaderless: its first live member, for writes and
// reads). Reaching another node of its own datacenter costs the
// client the datacenter's mean intra latency; reaching another datacenter
// (single-leader) adds the route between the two datacenters' leaders.
void ClientRouter::runDatacenterClientOp(uint32_t opIndex) {
  const DatacenterDirectory* dcs = dcs_.directory();
  const PlannedOp& op = ops_[opIndex];
  const bool viaDc = op.dc != UINT32_MAX;
  const uint32_t dc = viaDc ? op.dc : dcs->dcOf(op.node);
  const SimTime intra = (*dcs)[dc].clientLatency;
  NodeId target = op.node;
  SimTime latency = SimTime::zero();
  if (ctx_.scenario.replication.mode == ProtocolKind::Leaderless) {
    // No leaders: a client naming a node contacts it; one naming its
    // datacenter contacts the first of its members (original leader first,
    // then the followers in file order) that is up when the request leaves —
    // a load balancer with perfect health checks. All down: the request
    // goes to the first member and fails there, crashed.
    if (viaDc) {
      target = (*dcs)[dc].members.front();
      for (NodeId m : (*dcs)[dc].members)
        if (!ctx_.replicas[m].crashed) {
          target = m;
          break;
        }
      latency = intra;
    }
  } else if (op.op == OpKind::Read) {
    if (viaDc) {
      target = dcs->leader(dc);
      latency = intra;
    }
  } else if (dcs->rootDc() == DatacenterDirectory::kNoDatacenter) {
    target = dcs->leader(dc);
    if (viaDc || target != op.node) latency = intra;
  } else {
    target = dcs->leader(dcs->rootDc());
    // Single-leader: the request leaves the client's datacenter and travels
    // to the one leader. A datacenter that is down takes its clients with it;
    // a cut on the way refuses the request (a crashed leader is found so on
    // arrival).
    const NodeId entry = viaDc ? dcs->leader(dc) : op.node;
    const SimTime route = routes_.latency(entry, target);
    latency = route == SimTime::max() ? route : route + (viaDc ? intra : SimTime::zero());
    if (entry != target && ctx_.replicas[entry].crashed) return failClientOp(op, entry, FailReason::Crashed);
    if (entry != target && !ctx_.replicas[target].crashed && !connectedNow(entry, target)) latency = SimTime::max();
  }
  if (latency == SimTime::max()) return failClientOp(op, target, FailReason::Unreachable);
  if (latency == SimTime::zero()) return executeClientOp(opIndex, target, ctx_.run.now);
  routed_.push_back(RoutedOp{opIndex, target, ctx_.run.now});
  ctx_.scheduler.schedule(ctx_.run.now + latency, toScheduled(EventKind::RoutedOp),
                          static_cast<uint32_t>(routed_.size() - 1));
}

}  // namespace replsim
