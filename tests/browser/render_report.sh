#!/bin/sh
# Renders a run's report.html in headless Chromium and checks that what the
# browser built has the summary and the timeline picture: the page must work
# in a real browser, offline, before any script (explore_report.sh drives
# the script).
#
# Usage: render_report.sh REPORT_HTML [REPLSIM SCENARIO]
#   With REPLSIM and SCENARIO, first runs `REPLSIM run SCENARIO --out DIR`
#   where DIR is REPORT_HTML's folder.
# Exit status 0 when the page renders as expected; when chromium is not
# installed, prints "SKIPPED: chromium not installed" and exits 0 (ctest
# reports the test as skipped through SKIP_REGULAR_EXPRESSION).
set -eu

if [ $# -ne 1 ] && [ $# -ne 3 ]; then
  echo "usage: $0 REPORT_HTML [REPLSIM SCENARIO]" >&2
  exit 2
fi
html=$1

if ! command -v chromium >/dev/null 2>&1; then
  echo "SKIPPED: chromium not installed"
  exit 0
fi

dir=$(dirname "$html")
if [ $# -eq 3 ]; then
  mkdir -p "$dir"
  "$2" run "$3" --out "$dir" >/dev/null || { echo "FAIL: $2 run $3 --out $dir failed"; exit 1; }
fi
[ -f "$html" ] || { echo "FAIL: $html does not exist"; exit 1; }
page="file://$(cd "$dir" && pwd)/$(basename "$html")"

dom=$(sh "$(dirname "$0")/dump_dom.sh" "$page") || { echo "FAIL: chromium could not render $page"; exit 1; }
flat=$(printf '%s' "$dom" | tr '\n' ' ')

expect() {  # PATTERN (extended regex) WHAT
  if ! printf '%s' "$flat" | grep -Eq -- "$1"; then
    echo "FAIL: the rendered page has no $2"
    exit 1
  fi
}
expect '<section id="summary"[^>]*>' "summary section"
expect 'class="verdict">(✓ Converged|✗ Diverged)' "converged/diverged verdict"
expect 'id="timeline-picture"> *<svg' "timeline <svg> in the timeline section"
expect 'class="rs-msg' "message arrows in the timeline"
expect '<h2 id="leaders">Leaders</h2> *<table[^>]*>' "leaders table"
expect '<h2 id="expectations">' "expectations"
echo "OK: $page renders with its summary and timeline"
