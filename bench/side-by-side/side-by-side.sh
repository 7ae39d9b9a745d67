#!/bin/sh
# Side by side, in one run: the bare-heap floor (heap_baseline.cpp) and `replsim run` end to end on the same four
# workloads (mesh = all-to-all, ring = path tags; 10 ms links; each leader writes once a millisecond, keys from 1,024).
# Prints wall seconds, peak memory and the replsim/floor ratio for each row. Both produce the same simulated end time.
# usage: bench/side-by-side/side-by-side.sh PATH/TO/replsim [WORKDIR]      (from the project root; one core is enough)
# (Copied from the team's shared bench folder with heap_baseline.cpp, common.hpp and replsim_workload.py, which
# are unchanged so that ratios stay comparable with earlier measurements.)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=$1; dir=${2:-${TMPDIR:-/tmp}/replsim-side-by-side}
mkdir -p "$dir"
[ -x "$dir/heap_baseline" ] || ${CXX:-g++} -O2 -std=c++17 -o "$dir/heap_baseline" "$here/heap_baseline.cpp"
measure() { # prints "wall_s peak_mib"
  /usr/bin/time -f "%e %M" -o "$dir/time.txt" "$@" > "$dir/out.txt" 2>&1 || { echo "failed: $*" >&2; tail -3 "$dir/out.txt" >&2; exit 1; }
  awk '{printf "%s %d", $1, $2 / 1024}' "$dir/time.txt"
}
printf '%-16s %10s %10s %12s %12s %8s\n' workload floor_s floor_mib replsim_s replsim_mib ratio
for c in "mesh 64 1000" "mesh 128 500" "ring 100 100" "ring 1000 10"; do
  set -- $c
  f="$dir/$1-$2x$3.json"
  [ -f "$f" ] || python3 "$here/replsim_workload.py" "$2" "$3" "$1" "$f"
  fl=$(measure "$dir/heap_baseline" "$2" "$3" "$1")
  rs=$(measure "$bin" run "$f" --format json)
  echo "$1-$2x$3 $fl $rs" | awk '{printf "%-16s %10s %10s %12s %12s %8.2f\n", $1, $2, $3, $4, $5, $4 / $2}'
done
