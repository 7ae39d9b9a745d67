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
# The engine at -O1 -g1: compiles much faster than -O2 -g on CI's two cores,
# still lets the sanitizers see through inlining, and keeps file:line in their
# stack traces. The test files themselves build at -O0 (tests/CMakeLists.txt):
# Catch2's expansions cost most at -O1 and run in no time. (No benchmarks
# under the sanitizers: CMakeLists.txt.)
scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DREPLSIM_SANITIZE=ON
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j "$jobs")
