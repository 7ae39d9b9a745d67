#!/usr/bin/env python3
"""Fails when a file under sim/ includes a header of a layer above its own.

The layers, bottom first, are read from sim/CMakeLists.txt's comment (the
line after "#   core ->"), the same order its libraries link in, so the
picture a reader sees and the rule this test applies are one text. A folder
of sim/ that is in no layer is an error too: every file has a place.

Usage: check_layers.py SIM_DIR          checks the tree
       check_layers.py --self-test      shows that an upward include fails
"""
import os
import re
import sys
import tempfile

INCLUDE = re.compile(r'^\s*#\s*include\s+"sim/([a-z_]+)/')


def layer_order(sim_dir):
    text = open(os.path.join(sim_dir, "CMakeLists.txt"), encoding="utf-8").read()
    m = re.search(r"^#\s+(core ->.*?)\n\n", text, re.S | re.M)
    if not m:
        raise SystemExit(f"{sim_dir}/CMakeLists.txt: no layer picture (a comment line starting '#   core ->')")
    chain = " ".join(line.lstrip("#").strip() for line in m.group(1).splitlines())
    return [name.strip() for name in chain.split("->") if name.strip()]


def check(sim_dir):
    order = layer_order(sim_dir)
    rank = {name: i for i, name in enumerate(order)}
    problems = []
    for folder in sorted(os.listdir(sim_dir)):
        path = os.path.join(sim_dir, folder)
        if not os.path.isdir(path):
            continue
        if folder not in rank:
            problems.append(f"sim/{folder}/: a folder in no layer (add it to sim/CMakeLists.txt)")
            continue
        for root, _, files in os.walk(path):
            for name in sorted(files):
                if not name.endswith((".h", ".cpp")):
                    continue
                file = os.path.join(root, name)
                for number, line in enumerate(open(file, encoding="utf-8"), 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    target = m.group(1)
                    rel = os.path.relpath(file, os.path.dirname(sim_dir))
                    if target not in rank:
                        problems.append(f"{rel}:{number}: includes sim/{target}/, a folder in no layer")
                    elif rank[target] > rank[folder]:
                        problems.append(f"{rel}:{number}: layer '{folder}' includes '{target}', a layer above it "
                                        f"(order: {' -> '.join(order)})")
    return order, problems


def self_test():
    with tempfile.TemporaryDirectory() as d:
        sim = os.path.join(d, "sim")
        for f in ("core", "cli"):
            os.makedirs(os.path.join(sim, f))
        open(os.path.join(sim, "CMakeLists.txt"), "w").write("#   core -> cli\n\n")
        open(os.path.join(sim, "cli", "A.cpp"), "w").write('#include "sim/core/B.h"\n')
        _, ok = check(sim)
        open(os.path.join(sim, "core", "B.h"), "w").write('#include "sim/cli/A.h"\n')
        _, bad = check(sim)
    if ok or len(bad) != 1 or "includes 'cli'" not in bad[0]:
        print(f"self-test failed: downward {ok}, upward {bad}")
        return 1
    print("self-test: an upward include is caught")
    return 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    order, problems = check(sys.argv[1])
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} include(s) against the layering")
        return 1
    print(f"layers ok: {' -> '.join(order)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
