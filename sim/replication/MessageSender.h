#pragma once
// MessageSender: puts a replication message for one write on a link and
// announces it (onSent) — the one place every component sends through, so
// the max_hops limit is checked for every copy whoever sends it.
//
// Contract: a copy whose path is longer than limits.max_hops is not sent;
// the run is asked to stop (StopReason::MaxHops, with the write and path).
// sendOnAll skips removed links; links that are down queue the message in
// the sender's log (the network's rule).

#include "sim/network/Network.h"
#include "sim/replication/ObserverFanout.h"
#include "sim/replication/PathTable.h"
#include "sim/replication/SimContext.h"
#include "sim/model/Scenario.h"

namespace replsim {

class MessageSender {
 public:
  explicit MessageSender(const SimContext& ctx) : ctx_(ctx) {}

  // Returns where the copy went (slot kNone: not sent, max_hops).
  // `kind` picks the link's latency (by_kind); multi-leader copies take the link's own.
  SendOutcome sendOn(LinkId link, WriteIndex w, PathId path, MessageKind kind = MessageKind::Link) {
    if (ctx_.paths.length(path) > ctx_.scenario.limits.maxHops) {
      stopForHops(w, path);
      return SendOutcome{};
    }
    const Link& l = ctx_.network.link(link);
    SendOutcome out = ctx_.network.send(link, w, path, ctx_.run.now, kind);
    const SimTime now = ctx_.run.now;
    const MessageEvent ev{now, l.from, l.to, w, path, out.queued ? SimTime::max() : out.arrival,
                          out.retransmissions, UINT32_MAX, false, DropReason::Path};
    ctx_.observers.sent(ev);
    return out;
  }
  // On every link out of `node` that was not removed.
  void sendOnAll(NodeId node, WriteIndex w, PathId path) {
    for (LinkId l : ctx_.network.outLinks(node))
      if ((ctx_.network.link(l).down & kRemoved) == 0) sendOn(l, w, path);
  }

 private:
  void stopForHops(WriteIndex w, PathId path);

  SimContext ctx_;
};

}  // namespace replsim
