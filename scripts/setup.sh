#!/usr/bin/env bash
# Installs what replsim needs to build and test, from Debian's packages, and
# nothing when it is all there already. Used by ./run.sh and ./test.sh.
set -euo pipefail

# clang: Debian's clang 14, test.sh's second compiler (the sanitizer build).
# Its AddressSanitizer/UBSan runtimes are in libclang-rt-14-dev, which clang-14
# only recommends (through libclang-common-14-dev), and recommends are not
# installed here: so it is named. libfmt-dev: {fmt}, for message formatting.
packages=(g++ clang libclang-rt-14-dev cmake make libboost-graph-dev nlohmann-json3-dev libcli11-dev catch2 libfmt-dev
          libbenchmark-dev graphviz python3-jsonschema parallel libjemalloc-dev)
if [ "${REPLSIM_WITH_BROWSER:-0}" = 1 ]; then packages+=(chromium); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "setup: need root (or sudo) to install: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
