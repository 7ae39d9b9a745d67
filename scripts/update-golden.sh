#!/usr/bin/env bash
# Regenerates the golden reports in reports/ from scenarios/: for every
# scenario, reports/<name>/ gets the files `replsim run --out` writes; the
# golden copy keeps report.txt and report.json for every scenario, plus the
# space-time diagram (timeline.svg) for the headline scenarios listed in
# scripts/headline-scenarios.txt (report.html is not kept: it inlines the
# topology picture from the local Graphviz, whose output varies by version).
# It also keeps the tables `replsim compare` prints for the shipped
# comparisons in reports/compare/. Review the diff, then commit.
# Usage: scripts/update-golden.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
[ -x "$build/replsim" ] || { scripts/setup.sh && scripts/build.sh --quiet "$build"; }
headline=$(cat scripts/headline-scenarios.txt)
for s in scenarios/*.json; do
  name=$(basename "$s" .json)
  tmp=$(mktemp -d)
  "$build/replsim" run "$s" --out "$tmp" >/dev/null 2>&1 || true
  rm -rf "reports/$name" && mkdir -p "reports/$name"
  cp "$tmp/report.txt" "$tmp/report.json" "reports/$name/"
  if grep -qx "$name" <<<"$headline"; then
    for f in timeline.svg; do [ -f "$tmp/$f" ] && cp "$tmp/$f" "reports/$name/"; done
  fi
  rm -rf "$tmp"
done
# The tables of the shipped comparisons (ctests golden.compare.*).
mkdir -p reports/compare
"$build/replsim" compare scenarios/compare-topologies.json --topologies all-to-all,ring,bidirectional-ring,star \
  --fail each-node > reports/compare/topologies.txt 2>/dev/null
"$build/replsim" compare scenarios/datacenters-modes.json --modes single-leader,multi-leader,leaderless \
  > reports/compare/modes.txt 2>/dev/null
# The sweep examples of docs/sweeps.md (ctests golden.sweep.*).
scripts/sweep-examples.sh "$build"
echo "reports/ regenerated from $(ls scenarios/*.json | wc -l) scenarios"
