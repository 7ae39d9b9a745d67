#pragma once
// AutoReconfigure: replication.auto_reconfigure. A leader whose link to its
// next hop has been unusable for after_ms routes around it: it adds a
// bypass link to the next reachable node of the original topology
// (following the unreachable node's own out-links) and re-sends what was
// waiting for the unreachable node on the bypass. When the original link
// carries traffic again, the bypass is removed (what is outstanding on it is
// discarded and counted in RunState).
//
// Invariants: at most one active bypass per original link; a bypass never
// duplicates or revives a link that exists (up, down or removed), except a
// retired bypass of its own; retiring removes only what it added. Added and
// removed bypasses are published (onLinkChange, cause AutoReconfigure).

#include <cstdint>
#include <vector>

#include "sim/network/Network.h"
#include "sim/replication/SimContext.h"

namespace replsim {

class MessageSender;
class LinkFactory;

class AutoReconfigure {
 public:
  AutoReconfigure(const SimContext& ctx, MessageSender& sender, LinkFactory& links)
      : ctx_(ctx), sender_(sender), links_(links) {}

  // After a fault: schedule checks for links that became unreachable, retire
  // bypasses whose original link is up again.
  void review();
  // EventKind::AutoReconfigure: the link has been unreachable for after_ms.
  void check(LinkId original);

 private:
  struct Bypass {
    LinkId original;
    LinkId bypass;
    bool active;
  };
  bool unreachable(const Link& l) const;
  void retireBypass(LinkId original);
  Bypass* activeBypass(LinkId original);

  SimContext ctx_;
  MessageSender& sender_;
  LinkFactory& links_;
  std::vector<uint8_t> checkPending_;  // per original link: a check is scheduled
  std::vector<Bypass> bypasses_;
};

}  // namespace replsim
