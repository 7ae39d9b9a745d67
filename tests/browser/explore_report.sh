#!/bin/sh
# Drives a run's report.html in headless Chromium: the page, opened with
# "#selftest", zooms the timeline, hides and shows the dropped messages,
# clicks an arrow to follow its write, moves the time slider to the end and
# to 0, and draws the plots, writing one PASS/FAIL line per step into
# <pre id="selftest">; this script checks that every step passed and that
# the DOM after the interaction matches each extra PATTERN given.
#
# Usage: explore_report.sh REPLSIM SCENARIO OUT_DIR [PATTERN...]
#   PATTERN: an extended regex the rendered #selftest text must match,
#   e.g. 'hid [1-9][0-9]* of' (the scenario has dropped arrows to hide).
# Exit status 0 when the self-test passed; when chromium is not installed,
# prints "SKIPPED: chromium not installed" and exits 0 (ctest reports the
# test as skipped through SKIP_REGULAR_EXPRESSION).
set -eu

if [ $# -lt 3 ]; then
  echo "usage: $0 REPLSIM SCENARIO OUT_DIR [PATTERN...]" >&2
  exit 2
fi
replsim=$1 scenario=$2 dir=$3
shift 3

if ! command -v chromium >/dev/null 2>&1; then
  echo "SKIPPED: chromium not installed"
  exit 0
fi

rm -rf "$dir" && mkdir -p "$dir"
status=0
"$replsim" run "$scenario" --out "$dir" >/dev/null || status=$?
[ "$status" -eq 0 ] || [ "$status" -eq 2 ] || { echo "FAIL: $replsim run $scenario --out $dir exited $status"; exit 1; }
page="file://$(cd "$dir" && pwd)/report.html#selftest"

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# Offline and quiet: no QUIC, no background fetches, a throwaway profile.
# --no-sandbox because CI runs this as root.
dom=$(timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --dump-dom "$page" 2>/dev/null) || { echo "FAIL: chromium could not render $page"; exit 1; }
result=$(printf '%s\n' "$dom" | sed -n '/<pre id="selftest"/,/<\/pre>/p')
printf '%s\n' "$result"
printf '%s' "$result" | grep -q 'SELFTEST PASS' || { echo "FAIL: the page's self-test did not pass"; exit 1; }
for pattern in "$@"; do
  printf '%s' "$result" | grep -Eq -- "$pattern" || { echo "FAIL: the self-test output does not match: $pattern"; exit 1; }
done
# The static sections the self-test does not drive.
flat=$(printf '%s' "$dom" | tr '\n' ' ')
for id in moment plots leaders conflicts; do
  printf '%s' "$flat" | grep -q "id=\"$id\"" || { echo "FAIL: no section #$id"; exit 1; }
done
echo "OK: $page explored"
