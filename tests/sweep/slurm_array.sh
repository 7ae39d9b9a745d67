#!/bin/sh
# Simulates the Slurm job array of scripts/sweep.sbatch locally: runs the
# script once per task with SLURM_ARRAY_TASK_ID=1..N and
# SLURM_ARRAY_TASK_COUNT=N (what sbatch --array=1-N sets), then
# `replsim sweep merge`; the merge must equal the unsharded sweep byte for byte.
# Usage: slurm_array.sh REPLSIM SBATCH_SCRIPT SCENARIO WORKDIR
set -eu
replsim=$1 script=$2 scenario=$3 work=$4
rm -rf "$work" && mkdir -p "$work" && cd "$work"
args="$scenario --set replication.conflicts.resolve=lww,siblings --seeds 3..17 --metrics conflicts.discarded_writes,converged"
n=6
i=1
while [ "$i" -le "$n" ]; do
  REPLSIM="$replsim" SWEEP_ARGS="$args" SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_COUNT=$n bash "$script"
  i=$((i + 1))
done
# shellcheck disable=SC2086
"$replsim" sweep $args --format json > whole.json
"$replsim" sweep merge part-*/sweep.json --format json > merged.json
cmp whole.json merged.json || { echo "FAIL: the merged array differs from the unsharded sweep"; exit 1; }
echo "OK: a $n-task job array merges byte-identically to the unsharded sweep"
