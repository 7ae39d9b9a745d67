#!/usr/bin/env bash
# The default tour of ./run.sh: the headline scenarios with their traces,
# the topology analysis, and every scenario's reports written under reports/.
# Usage: scripts/tour.sh REPLSIM
set -euo pipefail
cd "$(dirname "$0")/.."
replsim=$1
banner() { printf '\n\033[1m==== %s\033[0m\n' "$*"; }

banner "Overtaking: an update races ahead of its insert (ordering none, then causal)"
"$replsim" run scenarios/overtaking-none.json --trace || true
"$replsim" run scenarios/overtaking-causal.json | sed -n '1,12p'

banner "A ring with path tags"
"$replsim" run scenarios/ring-path-tags.json --trace | sed -n '1,16p'

banner "MySQL circular replication: origin (server_id) loop prevention after a rewiring"
"$replsim" run scenarios/mysql-circular-origin.json --trace 2>&1 | tail -4 || true

banner "The title example under lww, merge and siblings"
for r in lww merge siblings; do "$replsim" run "scenarios/conflict-$r.json" | grep -E "^(replsim|Result|Leaders| {12}L)" ; done

banner "Asynchronous vs synchronous conflict detection on one workload"
for d in async sync; do "$replsim" run "scenarios/detect-$d.json" | grep -E "^(replsim|Writes| {12}(commit|[0-9]+ (committed|writes confirmed))| {14}p50)"; done

banner "Collaborative editing: one edit stream, three units of change"
for g in document paragraph character; do
  printf '%-10s ' "$g"; "$replsim" run "scenarios/collab-edit-$g.json" | grep -E "^Conflicts"
done

banner "Which topology survives which outage (Boost.Graph analysis)"
for k in ring bidirectional-ring star all-to-all; do
  "$replsim" topology --kind "$k" --leaders 5 | sed -n '1,10p'
done
if "$replsim" compare --help >/dev/null 2>&1 && [ -f scenarios/compare-topologies.json ]; then
  banner "Outage tolerance, simulated beside predicted"
  "$replsim" compare scenarios/compare-topologies.json --topologies all-to-all,ring,bidirectional-ring,star --fail each-node
fi

banner "Single-leader, multi-leader and leaderless across three datacenters (the seed's comparison, measured)"
"$replsim" compare scenarios/datacenters-modes.json --modes single-leader,multi-leader,leaderless

banner "A datacenter's leader fails: its follower is promoted, and the writes it never had are lost"
"$replsim" run scenarios/datacenter-failover-lost-writes.json | grep -iE "^(replsim|Failover|  lost|Result)|lost" | head -8

banner "Many seeds at once: how often does each resolver lose a write of the title example? (replsim sweep)"
"$replsim" sweep docs/sweeps/title-conflict-random.json \
  --set replication.conflicts.resolve=lww,first-update-wins,merge,siblings --seeds 1..100 \
  --metrics conflicts.discarded_writes,converged

banner "Reports"
scripts/update-golden.sh "$(dirname "$replsim")" >/dev/null
for s in scenarios/*.json; do "$replsim" run "$s" --out "out/$(basename "$s" .json)" >/dev/null 2>&1 || true; done
echo "Every scenario's reports are in out/<scenario>/ (golden copies in reports/)."
[ -f out/overtaking-none/report.html ] && echo "Open out/overtaking-none/report.html in a browser to see the space-time diagram."
