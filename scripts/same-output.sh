#!/usr/bin/env bash
# scripts/same-output.sh BIN_A BIN_B [SCENARIO_DIR]
#
# Runs every SCENARIO_DIR/*.json (default: the shipped scenarios/) through two
# replsim binaries — typically a g++ build and a clang++ build — with
#   replsim run FILE --trace --format json
# and compares stdout (the JSON report), stderr (the trace) and the exit
# status byte for byte. Stops at the first scenario that differs, names it and
# shows the start of the diff.
#
# Exit status: 0 all identical, 1 a scenario differs (or no scenario was
# found), 2 usage error. A ctest in the sanitizer build (tests/CMakeLists.txt,
# same_output.*) runs it against the Release binary test.sh built first.
set -euo pipefail

usage() { echo "usage: $0 BIN_A BIN_B [SCENARIO_DIR]" >&2; exit 2; }
[ $# -ge 2 ] && [ $# -le 3 ] || usage
for bin in "$1" "$2"; do
  [ -x "$bin" ] || { echo "same-output: $bin: not an executable file" >&2; exit 2; }
done
bin_a=$(realpath "$1")
bin_b=$(realpath "$2")
dir=${3:-$(dirname "$0")/../scenarios}
[ -d "$dir" ] || { echo "same-output: $dir: no such folder" >&2; exit 2; }
dir=$(cd "$dir" && pwd)

shopt -s nullglob
files=("$dir"/*.json)
if [ ${#files[@]} -eq 0 ]; then
  echo "same-output: no scenarios found ($dir/*.json): nothing compared" >&2
  exit 1
fi

# Each run starts in an empty scratch folder (anything a run might write
# lands there, not in the caller's folder); the files it names are absolute.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

run() {  # run SIDE BIN FILE: SIDE.out, SIDE.err, SIDE.status in $scratch
  local status=0
  (cd "$scratch/cwd" && "$2" run "$3" --trace --format json) >"$scratch/$1.out" 2>"$scratch/$1.err" || status=$?
  echo "$status" >"$scratch/$1.status"
}

for file in "${files[@]}"; do
  name=$(basename "$file")
  rm -rf "$scratch/cwd" && mkdir "$scratch/cwd"
  run a "$bin_a" "$file"
  rm -rf "$scratch/cwd" && mkdir "$scratch/cwd"
  run b "$bin_b" "$file"
  for part in status out err; do
    if ! cmp -s "$scratch/a.$part" "$scratch/b.$part"; then
      case $part in status) what="exit status" ;; out) what="stdout (the JSON report)" ;; *) what="stderr (the trace)" ;; esac
      {
        echo "same-output: $name: $what differs"
        echo "  A: $bin_a"
        echo "  B: $bin_b"
        diff -u --label "A $name $part" --label "B $name $part" "$scratch/a.$part" "$scratch/b.$part" | head -n 20 || true
      } >&2
      exit 1
    fi
  done
done
echo "same-output: ${#files[@]} scenarios, identical stdout, stderr and exit status from both binaries"
