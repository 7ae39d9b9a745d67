#!/usr/bin/env bash
# Regenerates the sweep examples shown in docs/sweeps.md: runs each sweep on
# its base scenario in docs/sweeps/ and writes its text table next to it
# (docs/sweeps/NAME.txt), which docs/sweeps.md shows verbatim.
# Usage: scripts/sweep-examples.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
replsim="${1:-build}/replsim"

# DDIA's title example under every resolver, 200 seeds of random latencies.
"$replsim" sweep docs/sweeps/title-conflict-random.json \
  --set replication.conflicts.resolve=lww,first-update-wins,apply-remote,keep-local,replica-priority,merge,siblings,error \
  --seeds 1..200 --metrics conflicts.discarded_writes,converged > docs/sweeps/title-conflict-random.txt

# Ring vs bidirectional ring vs all-to-all, loss 0-20 %, 100 seeds: convergence time.
"$replsim" sweep docs/sweeps/ring-loss.json \
  --set topology.kind=ring,bidirectional-ring,all-to-all --set links.default.loss=0..0.2/0.05 \
  --seeds 1..100 --metrics convergence_ms,messages.retransmitted > docs/sweeps/ring-loss.txt

# A datacenter failover against failover_after_ms: writes lost vs writes failed.
"$replsim" sweep docs/sweeps/failover.json \
  --set topology.failover_after_ms=10,25,50,100,200,400 \
  --seeds 1..100 --metrics 'failovers.*.lost_writes,writes.failed,converged' > docs/sweeps/failover.txt

echo "wrote docs/sweeps/title-conflict-random.txt, ring-loss.txt, failover.txt" >&2
