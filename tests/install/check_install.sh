#!/bin/sh
# `cmake --install` into a scratch prefix, then checks that the usual places
# hold what the README promises, and that the installed replsim runs an
# installed scenario (whose DOT topology is found beside it). With "deb" as
# the third argument, also builds the .deb with CPack and lists it.
# Usage: check_install.sh BUILD_DIR SCRATCH_DIR [deb]
set -eu
build=$1
scratch=$2
rm -rf "$scratch"
mkdir -p "$scratch"
prefix=$scratch/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null

fail=0
for f in bin/replsim share/doc/replsim/README.md share/doc/replsim/scenario-format.md \
         share/doc/replsim/report-format.md share/doc/replsim/cli.md share/doc/replsim/scenario.schema.json \
         share/replsim/scenario.schema.json share/replsim/scenarios/overtaking-none.json \
         share/replsim/topologies/three-datacenters.dot; do
  if [ ! -f "$prefix/$f" ]; then echo "missing: $f"; fail=1; fi
done
"$prefix/bin/replsim" --version | grep -q '^replsim ' || { echo "replsim --version failed"; fail=1; }
"$prefix/bin/replsim" schema | cmp -s - "$prefix/share/replsim/scenario.schema.json" ||
  { echo "replsim schema differs from the installed schema"; fail=1; }
"$prefix/bin/replsim" run "$prefix/share/replsim/scenarios/dot-three-datacenters.json" >/dev/null ||
  { echo "the installed replsim cannot run an installed scenario"; fail=1; }

if [ "${3:-}" = deb ]; then
  (cd "$scratch" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$scratch/deb" >/dev/null)
  deb=$(ls "$scratch"/deb/replsim_*.deb 2>/dev/null | head -n 1)
  if [ -z "$deb" ]; then
    echo "cpack made no .deb"; fail=1
  else
    contents=$(dpkg-deb -c "$deb")
    for f in ./usr/bin/replsim ./usr/share/doc/replsim/scenario-format.md ./usr/share/replsim/scenario.schema.json; do
      echo "$contents" | grep -q " $f\$" || { echo "the .deb lacks $f"; fail=1; }
    done
    dpkg-deb -f "$deb" Package | grep -qx replsim || { echo "the .deb is not named replsim"; fail=1; }
    # replsim links Boost.Graph as a shared library: the package must say so.
    dpkg-deb -f "$deb" Depends | grep -q libboost-graph || { echo "the .deb does not depend on Boost.Graph"; fail=1; }
  fi
fi
[ $fail -eq 0 ] && echo "install: ok"
exit $fail
