// AutoReconfigure: bypass links around unreachable next hops (see
// AutoReconfigure.h).
#include "sim/replication/AutoReconfigure.h"

#include "sim/replication/EventKind.h"
#include "sim/replication/LinkFactory.h"
#include "sim/replication/MessageSender.h"
#include "sim/replication/ObserverFanout.h"
#include "sim/replication/ReplicaSet.h"
#include "sim/model/Scenario.h"
#include "sim/topology/Topology.h"

namespace replsim {

// A link whose sender could send but whose receiver it cannot reach. An
// offline or crashed sender has nothing to route around: its own links are
// down because of it.
bool AutoReconfigure::unreachable(const Link& l) const {
  constexpr uint8_t kCut = kLinkDownFault | kPartitioned | kReceiverCrashed | kEndOffline;
  return (l.down & kCut) != 0 && !ctx_.replicas[l.from].crashed && !ctx_.replicas[l.from].offline;
}

void AutoReconfigure::review() {
  const size_t original = ctx_.topology.links().size();
  checkPending_.resize(original, 0);
  for (LinkId id = 0; id < original; ++id) {
    const Link& l = ctx_.network.link(id);
    const bool bypassed = activeBypass(id) != nullptr;
    if (unreachable(l) && !bypassed && !checkPending_[id]) {
      checkPending_[id] = 1;
      ctx_.scheduler.schedule(ctx_.run.now + *ctx_.scenario.replication.autoReconfigureAfter,
                              toScheduled(EventKind::AutoReconfigure), id);
    }
    if (bypassed && l.down == 0) retireBypass(id);
  }
}

AutoReconfigure::Bypass* AutoReconfigure::activeBypass(LinkId original) {
  for (Bypass& b : bypasses_)
    if (b.original == original && b.active) return &b;
  return nullptr;
}

void AutoReconfigure::check(LinkId id) {
  checkPending_[id] = 0;
  const Link l = ctx_.network.link(id);
  if (!unreachable(l) || activeBypass(id)) return;
  // The next reachable node: breadth-first along the original topology from
  // the unreachable node, skipping crashed and offline nodes.
  std::vector<uint8_t> seen(ctx_.replicas.size(), 0);
  std::vector<NodeId> queue{l.to};
  seen[l.to] = seen[l.from] = 1;
  NodeId target = kNone;
  for (size_t i = 0; i < queue.size() && target == kNone; ++i)
    for (const TopologyLink& tl : ctx_.topology.links()) {
      if (tl.from != queue[i] || seen[tl.to]) continue;
      seen[tl.to] = 1;
      if (!ctx_.replicas[tl.to].crashed && !ctx_.replicas[tl.to].offline) { target = tl.to; break; }
      queue.push_back(tl.to);
    }
  if (target == kNone) return;
  // A bypass never duplicates or revives a link that exists (up, down or
  // removed): the sender already streams to that node, or a reconfiguration
  // took the link away on purpose. Retiring a bypass then removes only what
  // it added.
  if (const LinkId existing = ctx_.network.find(l.from, target); existing != kNone) {
    // Only a bypass of ours that was retired may come back.
    bool ours = false, inUse = false;
    for (const Bypass& b : bypasses_)
      if (b.bypass == existing) (b.active ? inUse : ours) = true;
    if (!ours || inUse) return;
  }
  const LinkId bypass = links_.addLinkNow(l.from, target);
  bypasses_.push_back(Bypass{id, bypass, true});
  ctx_.observers.linkChange(
      LinkChangeEvent{ctx_.run.now, l.from, target, true, EffectCause::AutoReconfigure, nullptr});
  // What waited for the unreachable node goes round it (duplicates are
  // dropped by loop prevention like any other copy).
  for (MessageSlot s : ctx_.network.backlog(id)) {
    const Message& m = ctx_.network.message(s);
    sender_.sendOn(bypass, m.write, m.path);
  }
}

void AutoReconfigure::retireBypass(LinkId original) {
  Bypass* b = activeBypass(original);
  b->active = false;
  const Link& l = ctx_.network.link(b->bypass);
  const auto gone = ctx_.network.discardAll(b->bypass);
  for (MessageSlot s : gone) {
    ctx_.run.droppedWithStream.push_back(ctx_.network.message(s).write);
    ctx_.network.release(s);
  }
  ctx_.run.discarded += gone.size();
  ctx_.network.setDown(b->bypass, kRemoved, true, ctx_.run.now);
  ctx_.observers.linkChange(
      LinkChangeEvent{ctx_.run.now, l.from, l.to, false, EffectCause::AutoReconfigure, nullptr});
}

// A link added while the run goes on (reconfigure, auto_reconfigure) starts
// in the world as it is: a crashed or offline end and a partition between
// its ends hold it down. Its settings are the topology's for that pair when
// the original topology had the link, else links.default with the

}  // namespace replsim
