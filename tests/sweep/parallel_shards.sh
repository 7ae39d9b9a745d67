#!/bin/sh
# GNU parallel shards a sweep locally, exactly as docs/sweeps.md shows it
# (`parallel replsim sweep ... --shard {}/4 --format json --out part-{} ::: 1 2 3 4`),
# then `replsim sweep merge` joins the parts; the merged text, JSON and CSV
# must equal the unsharded sweep's byte for byte. Skipped (exit 0, "SKIPPED")
# where GNU parallel is not installed.
# Usage: parallel_shards.sh REPLSIM SCENARIO WORKDIR
set -eu
replsim=$1 scenario=$2 work=$3
if ! command -v parallel >/dev/null 2>&1; then
  echo "SKIPPED: GNU parallel not installed"
  exit 0
fi
rm -rf "$work" && mkdir -p "$work" && cd "$work"
set -- --set replication.conflicts.resolve=lww,merge,keep-local --seeds 1..20 \
       --metrics conflicts.discarded_writes,converged
"$replsim" sweep "$scenario" "$@" --jobs 2 --out whole > whole.txt
parallel --will-cite "$replsim" sweep "$scenario" "$@" --jobs 1 --shard {}/4 --format json --out part-{} ">" /dev/null ::: 1 2 3 4
"$replsim" sweep merge part-*/sweep.json --out merged > merged.txt
for f in sweep.txt sweep.json sweep.csv runs.csv sweep.html; do
  cmp "whole/$f" "merged/$f" || { echo "FAIL: merged $f differs from the unsharded sweep"; exit 1; }
done
cmp whole.txt merged.txt || { echo "FAIL: merged output differs"; exit 1; }
# A missing shard is reported, not merged.
if "$replsim" sweep merge part-1/sweep.json part-2/sweep.json part-4/sweep.json > /dev/null 2> missing.err; then
  echo "FAIL: a merge with shard 3 missing succeeded"; exit 1
fi
grep -q "missing shard 3 of 4" missing.err || { echo "FAIL: no 'missing shard 3 of 4' in: $(cat missing.err)"; exit 1; }
echo "OK: 4 shards under GNU parallel merge byte-identically to the unsharded sweep"
