#!/usr/bin/env bash
# Runs every benchmark case in its own process (peak memory per case) and
# prints one line each. Usage: bench/run.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
[ -x "$build/bench/replsim_bench" ] || { scripts/setup.sh && scripts/build.sh --quiet "$build"; }
for c in floor-64 all-to-all-64 ring-10 ring-1000; do "$build/bench/replsim_bench" "$c"; done
# Issue 12, target 6: `replsim compare --jobs 2` against --jobs 1 on a
# comparison of 150 simulations (bench/compare-jobs.json, 10 s or more with
# one job); the two outputs must be identical.
tmp=$(mktemp -d)
for jobs in 1 2; do
  start=$(date +%s.%N)
  "$build/replsim" compare bench/compare-jobs.json --fail each-node --jobs "$jobs" >"$tmp/jobs$jobs.txt" 2>/dev/null
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }' >"$tmp/wall$jobs"
done
cmp -s "$tmp/jobs1.txt" "$tmp/jobs2.txt" || { echo "compare --jobs 2 printed something else than --jobs 1"; exit 1; }
awk -v a="$(cat "$tmp/wall1")" -v b="$(cat "$tmp/wall2")" \
  'BEGIN { printf "compare-jobs: --jobs 1 %.2f s, --jobs 2 %.2f s, speedup %.2fx (same output)\n", a, b, a / b }'
rm -rf "$tmp"
