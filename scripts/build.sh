#!/usr/bin/env bash
# Configures and builds one build folder: scripts/build.sh [--quiet] DIR [cmake args...]
# --quiet (./run.sh): prints nothing when the build succeeds; CMake's and the
# compiler's output goes to DIR/build.log, which is printed when it fails.
set -euo pipefail
quiet=0
if [ "${1:-}" = --quiet ]; then quiet=1; shift; fi
dir=$1; shift
source_dir=$(dirname "$0")/..
if [ $quiet = 0 ]; then
  cmake -S "$source_dir" -B "$dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  cmake --build "$dir" -j "$(nproc)"
  exit 0
fi
mkdir -p "$dir"
log=$dir/build.log
if ! { cmake -S "$source_dir" -B "$dir" -DCMAKE_BUILD_TYPE=Release "$@" &&
       cmake --build "$dir" -j "$(nproc)"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "build: failed; the output above is in $log" >&2
  exit 1
fi
