#!/usr/bin/env bash
# ./test.sh — installs what is missing, builds, and runs every test with
# ctest: the Catch2 unit tests, every scenario's expect block, the golden
# reports; then the same suite once more under AddressSanitizer +
# UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")"
# Chromium too: a test renders report.html in it (skipped only where it cannot be installed).
REPLSIM_WITH_BROWSER=1 scripts/setup.sh || { echo "setup: continuing without chromium" >&2; scripts/setup.sh; }
jobs=$(nproc)

echo "== Release build" >&2
scripts/build.sh build
(cd build && ctest --output-on-failure -j "$jobs")

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build" >&2
# -O1: compiles much faster than -O2 on CI's two cores and still lets the
# sanitizers see through inlining; the tests are small, so run time barely moves.
scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" -DREPLSIM_SANITIZE=ON
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j "$jobs")
