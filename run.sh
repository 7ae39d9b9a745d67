#!/usr/bin/env bash
# ./run.sh [replsim arguments]
# Installs what is missing, builds replsim (Release) and runs it with the
# given arguments — or, with none, the default tour: the headline scenarios,
# the topology analysis, and the reports written under reports/.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
scripts/build.sh --quiet build
if [ $# -gt 0 ]; then exec build/replsim "$@"; fi
scripts/tour.sh build/replsim
