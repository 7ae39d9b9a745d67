#!/bin/sh
# Prints the DOM headless Chromium builds for PAGE (a file:// URL), offline and
# quiet: no QUIC, no background fetches, a throwaway profile; --no-sandbox
# because CI runs as root. Exit status non-zero when chromium fails.
# Usage: dump_dom.sh PAGE
set -eu
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --dump-dom "$1" 2>/dev/null
