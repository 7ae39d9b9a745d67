#!/usr/bin/env bash
# ./test.sh — installs what is missing, builds, and runs every test with
# ctest: the Catch2 unit tests, every scenario's expect block, the golden
# reports; then the same suite once more under AddressSanitizer +
# UndefinedBehaviorSanitizer, built with the other compiler (clang++), which
# also checks that both compilers' replsim print the same bytes. Both builds
# treat compiler warnings as errors.
set -euo pipefail
cd "$(dirname "$0")"
# Chromium too: a test renders report.html in it (skipped only where it cannot be installed).
REPLSIM_WITH_BROWSER=1 scripts/setup.sh || { echo "setup: continuing without chromium" >&2; scripts/setup.sh; }
jobs=$(nproc)

echo "== Release build (g++)" >&2
# CXX picks the compiler of a new build folder only: an existing one (./run.sh
# shares it) keeps its own, where -DCMAKE_CXX_COMPILER would make CMake wipe
# the cache and, on that run, drop the other -D options.
CXX=g++ scripts/build.sh build -DREPLSIM_WERROR=ON
(cd build && ctest --output-on-failure -j "$jobs")

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build (clang++)" >&2
# clang++ here, so the two builds cover both compilers without a third one;
# same_output.reference_binary compares its replsim's output for every shipped
# scenario with the g++ Release build's (scripts/same-output.sh).
# The engine at -O1 -g1: compiles much faster than -O2 -g on CI's two cores,
# still lets the sanitizers see through inlining, and keeps file:line in their
# stack traces. The test files themselves build at -O0 (tests/CMakeLists.txt):
# Catch2's expansions cost most at -O1 and run in no time. (No benchmarks
# under the sanitizers: CMakeLists.txt.)
scripts/build.sh build-clang -DCMAKE_CXX_COMPILER=clang++ -DREPLSIM_WERROR=ON -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DREPLSIM_SANITIZE=ON -DREPLSIM_REFERENCE_REPLSIM="$PWD/build/replsim"
(cd build-clang && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j "$jobs")
