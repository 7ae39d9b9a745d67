#!/usr/bin/env bash
# scripts/soak.sh N [SEED] [BUILD_DIR] — a long campaign of the randomized
# property test: N generated scenarios from seed SEED (default 1), every
# invariant checked; the first failure of each invariant is shrunk and
# written to BUILD_DIR/property-failures/ (default build/). Every failing
# scenario is also kept unshrunk, with index.txt naming what it breaks, in
# BUILD_DIR/property-failures/unshrunk/. Exit status 0 when every invariant held.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
  echo "usage: scripts/soak.sh N [SEED] [BUILD_DIR]" >&2
  exit 1
fi
count=$1
seed=${2:-1}
build=${3:-build}
if [ ! -x "$build/tests/replsim_tests" ]; then
  echo "soak: $build/tests/replsim_tests is missing; build it first (scripts/build.sh $build)" >&2
  exit 1
fi
out="$PWD/$build/property-failures"
rm -rf "$out/unshrunk"
echo "soak: $count scenarios from seed $seed; failures go to $out" >&2
REPLSIM_PROPERTY_COUNT=$count REPLSIM_PROPERTY_SEED=$seed REPLSIM_PROPERTY_OUT=$out REPLSIM_PROPERTY_KEEP=1 \
  "$build/tests/replsim_tests" "sim::Properties: random scenarios keep every invariant"
