#!/usr/bin/env bash
# tests/same_output/self_test.sh SAME_OUTPUT_SH SCRATCH
# scripts/same-output.sh can fail: fed two fake "replsim" binaries (tiny shell
# scripts) over a folder of three scenarios, it passes when they print the
# same, and fails naming the scenario when stdout, stderr or the exit status
# of one scenario differs, or when there is no scenario at all.
set -euo pipefail
script=$1
scratch=$2
rm -rf "$scratch" && mkdir -p "$scratch/scenarios" "$scratch/empty"
for s in alpha beta gamma; do echo '{}' >"$scratch/scenarios/$s.json"; done

# fake NAME [BODY]: an executable that prints a report on stdout and a trace
# on stderr naming the scenario, then runs BODY with $file the scenario's
# name (its arguments are: run FILE --trace --format json).
fake() {
  printf '#!/bin/sh\nfile=$(basename "$2")\necho "{\\"report\\": \\"$file\\"}"\necho "0 trace of $file" >&2\n%s\nexit 0\n' \
    "${2:-}" >"$scratch/$1"
  chmod +x "$scratch/$1"
}
fake reference
fake same
fake stdout_differs '[ "$file" = beta.json ] && echo "{}"'
fake stderr_differs '[ "$file" = gamma.json ] && echo "1 more trace" >&2'
fake status_differs '[ "$file" = alpha.json ] && exit 2'

failed=0
expect() {  # expect STATUS PATTERN BIN_B [DIR]
  local want=$1 pattern=$2 b=$3 dir=${4:-$scratch/scenarios} status=0
  bash "$script" "$scratch/reference" "$scratch/$b" "$dir" >"$scratch/out" 2>&1 || status=$?
  if [ "$status" != "$want" ] || ! grep -q -- "$pattern" "$scratch/out"; then
    echo "FAIL: $b over $dir: exit $status (want $want), output without \"$pattern\":"
    cat "$scratch/out"
    failed=1
  else
    echo "ok: $b: exit $status, \"$pattern\""
  fi
}
expect 0 "3 scenarios, identical" same
expect 1 "beta.json: stdout (the JSON report) differs" stdout_differs
expect 1 "gamma.json: stderr (the trace) differs" stderr_differs
expect 1 "alpha.json: exit status differs" status_differs
expect 1 "no scenarios found" same "$scratch/empty"
exit $failed
