#!/usr/bin/env python3
"""The README's worked example is real output: every `$ replsim ...` block in
README.md that runs a shipped scenario is run again and must print exactly
what the README shows (stdout; the exit status is not compared).
Usage: check_worked_example.py REPLSIM SOURCE_DIR"""
import re
import shlex
import subprocess
import sys
from pathlib import Path

replsim, source = sys.argv[1], Path(sys.argv[2])
readme = (source / "README.md").read_text(encoding="utf-8")
blocks = re.findall(r"```\n\$ replsim (run [^\n]*)\n(.*?)```", readme, flags=re.S)
if not blocks:
    sys.exit("README.md: no `$ replsim run ...` example found")
failed = False
for command, shown in blocks:
    run = subprocess.run([replsim] + shlex.split(command), cwd=source, capture_output=True, text=True)
    if run.stdout != shown:
        failed = True
        print(f"README.md: `replsim {command}` prints something else now:")
        import difflib
        sys.stdout.writelines(difflib.unified_diff(shown.splitlines(True), run.stdout.splitlines(True),
                                                   "README.md", "actual"))
sys.exit(1 if failed else 0)
