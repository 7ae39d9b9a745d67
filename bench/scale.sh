#!/bin/sh
# Scale runs of issue 12 (targets 3 and 4): `replsim run FILE --format json` on each scenario in bench/scale/,
# printing wall seconds and peak memory (/usr/bin/time). Usage: bench/scale.sh [PATH/TO/replsim]
set -eu
cd "$(dirname "$0")/.."
bin=${1:-build/replsim}
printf '%-34s %8s %10s\n' scenario wall_s peak_mib
for f in bench/scale/*.json; do
  /usr/bin/time -f "%e %M" -o /tmp/replsim-scale-time.txt "$bin" run "$f" --format json >/dev/null
  awk -v n="$(basename "$f" .json)" '{printf "%-34s %8s %10d\n", n, $1, $2 / 1024}' /tmp/replsim-scale-time.txt
done
