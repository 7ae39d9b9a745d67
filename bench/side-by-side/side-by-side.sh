#!/bin/sh
# Side by side, in one run: the bare-heap floor (heap_baseline.cpp) and `replsim run` end to end on the same four
# workloads (mesh = all-to-all, ring = path tags; 10 ms links; each leader writes once a millisecond, keys from 1,024).
# Prints wall seconds, peak memory and the replsim/floor ratio for each row. Both produce the same simulated end time.
# usage: bench/side-by-side/side-by-side.sh PATH/TO/replsim [WORKDIR]      (from the project root; one core is enough)
# RUNS=N (default 1): each row runs the floor and replsim N times, alternately, and prints the medians of the times and
# peaks and the median of the N pairs' ratios; on a shared machine whose speed swings from minute to minute, one pair
# can be off by half.
# (Copied from the team's shared bench folder with heap_baseline.cpp, common.hpp and replsim_workload.py, which
# are unchanged so that ratios stay comparable with earlier measurements.)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=$1; dir=${2:-${TMPDIR:-/tmp}/replsim-side-by-side}
mkdir -p "$dir"
[ -x "$dir/heap_baseline" ] || ${CXX:-g++} -O2 -std=c++17 -o "$dir/heap_baseline" "$here/heap_baseline.cpp"
runs=${RUNS:-1}
measure() { # prints "wall_s peak_mib"
  /usr/bin/time -f "%e %M" -o "$dir/time.txt" "$@" > "$dir/out.txt" 2>&1 || { echo "failed: $*" >&2; tail -3 "$dir/out.txt" >&2; exit 1; }
  awk '{printf "%s %d", $1, $2 / 1024}' "$dir/time.txt"
}
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
printf '%-16s %10s %10s %12s %12s %8s\n' workload floor_s floor_mib replsim_s replsim_mib ratio
for c in "mesh 64 1000" "mesh 128 500" "ring 100 100" "ring 1000 10"; do
  set -- $c
  f="$dir/$1-$2x$3.json"
  [ -f "$f" ] || python3 "$here/replsim_workload.py" "$2" "$3" "$1" "$f"
  : > "$dir/pairs.txt"
  i=0
  while [ $i -lt "$runs" ]; do
    fl=$(measure "$dir/heap_baseline" "$2" "$3" "$1")
    rs=$(measure "$bin" run "$f" --format json)
    echo "$fl $rs" >> "$dir/pairs.txt"
    i=$((i + 1))
  done
  col() { awk -v c="$1" '{print $c}' "$dir/pairs.txt" | median; }
  ratio=$(awk '{printf "%.4f\n", $3 / $1}' "$dir/pairs.txt" | median)
  echo "$1-$2x$3 $(col 1) $(col 2) $(col 3) $(col 4) $ratio" |
    awk '{printf "%-16s %10s %10d %12s %12d %8.2f\n", $1, $2, $3, $4, $5, $6}'
done
