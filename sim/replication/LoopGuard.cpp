// LoopGuard: loop prevention. The rule is inline in LoopGuard.h: it runs
// once per delivered message, on the per-hop path.
#include "sim/replication/LoopGuard.h"
