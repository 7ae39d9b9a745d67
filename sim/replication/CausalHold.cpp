// CausalHold: voided dependencies (the hold and release are inline in
// CausalHold.h: they run on the per-hop path).
#include "sim/replication/CausalHold.h"

namespace replsim {

void CausalHold::voidWrite(WriteIndex w) {
  voided_.resize(ctx_.writes.size(), 0);
  voided_[w] = 1;
}

bool CausalHold::voided(Dot d) const {
  if (voided_.empty()) return false;
  const WriteIndex w = ctx_.writes.find(d);
  return w != kNone && w < voided_.size() && voided_[w] != 0;
}

}  // namespace replsim
