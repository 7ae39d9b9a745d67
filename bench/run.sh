#!/usr/bin/env bash
# Runs every benchmark case in its own process (peak memory per case) and
# prints one line each. Usage: bench/run.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
[ -x "$build/bench/replsim_bench" ] || { scripts/setup.sh && scripts/build.sh --quiet "$build"; }
for c in floor-64 all-to-all-64 ring-10 ring-1000; do "$build/bench/replsim_bench" "$c"; done
