#!/bin/sh
# Renders `replsim sweep --out DIR`'s sweep.html in headless Chromium and
# checks the page the browser built: the summary, a mean-against-parameter
# plot with interval bars, a box plot per cell, the statistics table. Offline,
# no script. Prints "SKIPPED: chromium not installed" (exit 0) without chromium.
# Usage: render_sweep.sh REPLSIM SCENARIO OUTDIR
set -eu
replsim=$1 scenario=$2 dir=$3
if ! command -v chromium >/dev/null 2>&1; then
  echo "SKIPPED: chromium not installed"
  exit 0
fi
rm -rf "$dir" && mkdir -p "$dir"
"$replsim" sweep "$scenario" --set replication.conflicts.resolve=lww,merge,keep-local --seeds 1..20 \
  --metrics conflicts.discarded_writes,converged --out "$dir" > /dev/null || { echo "FAIL: replsim sweep --out failed"; exit 1; }
page="file://$(cd "$dir" && pwd)/sweep.html"
dom=$(sh "$(dirname "$0")/../browser/dump_dom.sh" "$page") || { echo "FAIL: chromium could not render $page"; exit 1; }
flat=$(printf '%s' "$dom" | tr '\n' ' ')
expect() {  # PATTERN (extended regex) COUNT WHAT
  n=$(printf '%s' "$flat" | grep -Eo -- "$1" | wc -l)
  if [ "$n" -ne "$2" ]; then echo "FAIL: the rendered page has $n $3, expected $2"; exit 1; fi
}
expect '<section id="summary"' 1 "summary sections"
expect '<svg[^>]*class="mean-plot"' 2 "mean plots (one per metric)"
expect 'class="ci-bar"' 6 "interval bars (3 cells x 2 metrics)"
expect '<svg[^>]*class="box-plot"' 2 "box plots (one per metric)"
expect 'class="box"' 6 "boxes (3 cells x 2 metrics)"
expect '<table class="stats">' 2 "statistics tables"
echo "OK: $page renders its plots and tables"
