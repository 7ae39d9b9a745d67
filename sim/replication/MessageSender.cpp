// MessageSender: the max_hops stop (the send itself is inline in the header).
#include "sim/replication/MessageSender.h"

namespace replsim {

void MessageSender::stopForHops(WriteIndex w, PathId path) {
  RunOutcome out;
  out.reason = StopReason::MaxHops;
  out.limit = ctx_.scenario.limits.maxHops;
  out.at = ctx_.run.now;
  out.write = w;
  out.path = path;
  out.loopPrevention = ctx_.scenario.replication.loopPrevention;
  ctx_.run.requestStop(out);
}

}  // namespace replsim
