#!/usr/bin/python3
"""docs/scenario.schema.json against the shipped scenarios and the loader.

Usage: check_schema.py REPLSIM SOURCE_DIR

1. The schema is a valid JSON Schema, draft 2020-12.
2. Every shipped scenario (scenarios/*.json, tests/data/scenarios/good/*.json)
   is valid under it.
3. On a table of good and bad documents the schema and `replsim validate -`
   (the loader) agree, and agree with the table: the schema is neither
   looser nor stricter than replsim where a schema can tell.
Prints one line per disagreement; exit 0 when there is none. Prints SKIPPED
and exits 0 when python3-jsonschema is missing (scripts/setup.sh installs it).
"""
import copy
import json
import pathlib
import re
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    print("SKIPPED: python3-jsonschema is not installed (scripts/setup.sh installs it)")
    sys.exit(0)

replsim, source = sys.argv[1], pathlib.Path(sys.argv[2])
schema = json.loads((source / "docs" / "scenario.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
failures = []


def without_comments(text):
    """JSON text with // and /* */ comments removed (outside strings)."""
    return re.sub(r'("(?:\\.|[^"\\])*")|//[^\n]*|/\*.*?\*/', lambda m: m.group(1) or "", text, flags=re.S)


def schema_errors(doc):
    return [f"{'/'.join(map(str, e.absolute_path)) or '/'}: {e.message}" for e in validator.iter_errors(doc)]


shipped_scenarios = sorted((source / "scenarios").glob("*.json"))
if not shipped_scenarios:
    failures.append(f"no scenarios/*.json under {source}: nothing to check against the schema")
shipped = shipped_scenarios + sorted((source / "tests/data/scenarios/good").glob("*.json"))
for path in shipped:
    errors = schema_errors(json.loads(without_comments(path.read_text())))
    if errors:
        failures.append(f"{path.relative_to(source)}: invalid under the schema: {errors[:3]}")

MINIMAL = {"replsim": 1, "name": "t", "topology": {"kind": "all-to-all", "leaders": ["A", "B", "C"]}}
DATACENTERS = {"kind": "all-to-all", "leaders": None, "datacenters": [{"name": "eu", "leader": "A", "followers": ["a2"]},
                                                      {"name": "us", "leader": "B", "followers": ["b2"]}]}


def patched(patch):
    """MINIMAL with `patch` merged in (RFC 7386: None removes a key)."""
    def merge(target, p):
        if not isinstance(p, dict):
            return copy.deepcopy(p)
        target = copy.deepcopy(target) if isinstance(target, dict) else {}
        for k, v in p.items():
            if v is None:
                target.pop(k, None)
            else:
                target[k] = merge(target.get(k), v)
        return target
    return merge(MINIMAL, patch)


W = {"at_ms": 0, "leader": "A", "key": "x", "value": "1"}
GOOD = {
    "minimal": {},
    "$schema": {"$schema": "../docs/scenario.schema.json"},
    "every root field": {"description": "d", "seed": 7, "until_ms": 100.5, "limits": {"max_events": 10, "max_hops": 5},
                         "expect": {"converged": True, "messages.overtaken": ">=0"}},
    "leaders by count": {"topology": {"leaders": {"count": 4}}},
    "star": {"topology": {"kind": "star", "hub": "A"}},
    "tree": {"topology": {"kind": "tree", "fanout": 2}},
    "single-leader": {"topology": {"kind": "single-leader", "leader": "A"}},
    "custom edges": {"topology": {"kind": "custom", "leaders": None,
                                  "edges": [["A", "B"], ["B", "C", {"both": True, "latency_ms": 30, "loss": 0.1}]]}},
    "datacenters": {"topology": dict(DATACENTERS, failover_after_ms=100, failover_rejoin="replay"),
                    "writes": [{"at_ms": 0, "dc": "eu", "key": "x", "value": "1"}],
                    "faults": [{"at_ms": 5, "crash_datacenter": "eu"}, {"at_ms": 50, "recover_datacenter": "eu"}]},
    "every latency": {"links": {"default": {"latency_ms": {"dist": "uniform", "min": 1, "max": 2}, "fifo": False,
                                            "loss": 0.5, "retry_ms": 5},
                                "overrides": [{"from": "A", "to": "B", "both": True,
                                               "latency_ms": {"dist": "normal", "mean": 5, "stddev": 1, "min": 1}},
                                              {"from": "A", "to": "C", "latency_ms": {"dist": "lognormal", "median": 5, "sigma": 1}},
                                              {"from": "B", "to": "C", "latency_ms": {"dist": "exponential", "mean": 5}},
                                              {"from": "C", "to": "A", "latency_ms": {"dist": "pareto", "xm": 1, "alpha": 2.5, "min": 1}},
                                              {"from": "C", "to": "B", "latency_ms": {"dist": "mixture", "of": [
                                                  {"weight": 0.9, "dist": 5}, {"weight": 0.1, "dist": {"dist": "pareto", "xm": 5, "alpha": 1.5}}]}}]}},
    "replication": {"replication": {"loop_prevention": "seen", "forward": True, "ordering": "causal",
                                    "conflicts": {"detect": "sync", "resolve": "replica-priority", "priority": ["C", "B"],
                                                  "timestamps": "clock"},
                                    "clocks": {"A": {"offset_ms": -5, "drift_ppm": 100}},
                                    "auto_reconfigure": {"after_ms": 50}}},
    "routing home": {"replication": {"routing": {"policy": "home", "home": {"x": "A"}, "failover": True}}},
    "leaderless": {"until_ms": 5000,
                   "replication": {"mode": "leaderless", "anti_entropy": {"interval_ms": 1000},
                                   "quorum": {"n": 3, "w": 2, "r": 2, "read_fanout": "r",
                                                                  "coordinator": "node", "sloppy": True,
                                                                  "hinted_handoff": True, "hint_window_ms": 10,
                                                                  "timeout_ms": 500},
                                   "placement": {"vnodes": 8}, "read_repair": "blocking", "tombstones": {"gc_grace_ms": 100},
                                   "conflicts": {"resolve": "lww", "timestamps": "clock"}},
                   "writes": [W, {"at_ms": 1, "leader": "B", "key": "x", "op": "read"},
                              {"at_ms": 2, "leader": "C", "key": "x", "op": "delete"}]},
    "mode multi-leader": {"replication": {"mode": "multi-leader"}},
    "every op": {"writes": [W, dict(W, op="insert"), dict(W, op="update", value=2), {"at_ms": 1, "leader": "A", "key": "x", "op": "delete"},
                            {"at_ms": 1, "leader": "A", "key": "n", "op": "incr"}, {"at_ms": 1, "leader": "A", "key": "n", "op": "incr", "value": "-3"},
                            {"at_ms": 2, "leader": "B", "key": "x", "op": "read"}]},
    "workload": {"workload": {"leaders": ["A", "B"], "rate_per_s": 10, "start_ms": 5, "duration_ms": 100, "keys": 3,
                              "key_distribution": "zipf", "zipf_s": 1.2, "read_fraction": 0.1, "ops": {"set": 1, "incr": 0.5}}},
    "document workload": {"workload": {"document": {"paragraphs": 2, "chars_per_paragraph": 3, "granularity": "paragraph"}}},
    "every node fault": {"faults": [{"at_ms": 1, "crash": "A"}, {"at_ms": 2, "recover": "A"}, {"at_ms": 3, "offline": "B"},
                                    {"at_ms": 4, "online": "B"}, {"at_ms": 5, "partition": [["A"], ["B", "C"]]},
                                    {"at_ms": 6, "heal": True}, {"at_ms": 7, "resume": ["A"]}]},
    "link faults": {"faults": [{"at_ms": 1, "link_down": ["A", "B"], "both": True}, {"at_ms": 2, "link_up": ["A", "B"]},
                               {"at_ms": 3, "reconfigure": {"remove": [["A", "B"]], "add": [["A", "B"]]}}]},
}
BAD = {
    "unknown root key": {"topologyy": {}},
    "missing replsim": {"replsim": None},
    "version 2": {"replsim": 2},
    "missing name": {"name": None},
    "empty name": {"name": ""},
    "negative seed": {"seed": -1},
    "seed as a string": {"seed": "42"},
    "fractional seed": {"seed": 1.5},
    "negative until": {"until_ms": -1},
    "$schema a number": {"$schema": 5},
    "misspelt kind": {"topology": {"kind": "rnig"}},
    "no leaders": {"topology": {"leaders": None}},
    "empty leaders": {"topology": {"leaders": []}},
    "invalid node name": {"topology": {"leaders": ["A B", "C"]}},
    "duplicate leader": {"topology": {"leaders": ["A", "A"]}},
    "star without hub": {"topology": {"kind": "star"}},
    "hub on a ring": {"topology": {"kind": "ring", "hub": "A"}},
    "tree without fanout": {"topology": {"kind": "tree"}},
    "fanout zero": {"topology": {"kind": "tree", "fanout": 0}},
    "file key instead of path": {"topology": {"kind": "file", "leaders": None, "file": "x.dot"}},
    "edge of four": {"topology": {"kind": "custom", "leaders": None, "edges": [["A", "B", {}, 1]]}},
    "edge setting misspelt": {"topology": {"kind": "custom", "leaders": None, "edges": [["A", "B", {"latency": 1}]]}},
    "failover_rejoin alone": {"topology": dict(DATACENTERS, failover_rejoin="replay")},
    "failover without datacenters": {"topology": {"failover_after_ms": 5}},
    "datacenter without leader": {"topology": {"leaders": None, "datacenters": [{"name": "eu"}]}},
    "links misspelt": {"links": {"defualt": {}}},
    "loss 1": {"links": {"default": {"loss": 1}}},
    "negative latency": {"links": {"default": {"latency_ms": -1}}},
    "uniform without max": {"links": {"default": {"latency_ms": {"dist": "uniform", "min": 1}}}},
    "unknown distribution": {"links": {"default": {"latency_ms": {"dist": "pareto", "mean": 1}}}},
    "pareto alpha 1": {"links": {"default": {"latency_ms": {"dist": "pareto", "xm": 1, "alpha": 1}}}},
    "mixture part without weight": {"links": {"default": {"latency_ms": {"dist": "mixture", "of": [{"dist": 1}]}}}},
    "mixture without parts": {"links": {"default": {"latency_ms": {"dist": "mixture", "of": []}}}},
    "zero retry": {"links": {"default": {"retry_ms": 0}}},
    "override without to": {"links": {"overrides": [{"from": "A"}]}},
    "loop_prevention misspelt": {"replication": {"loop_prevention": "paths"}},
    "detect misspelt": {"replication": {"conflicts": {"detect": "eventual"}}},
    "priority without replica-priority": {"replication": {"conflicts": {"priority": ["A"]}}},
    "home with direct routing": {"replication": {"routing": {"home": {"x": "A"}}}},
    "auto_reconfigure without after_ms": {"replication": {"auto_reconfigure": {}}},
    "mode misspelt": {"replication": {"mode": "leader-less"}},
    "quorum w zero": {"replication": {"mode": "leaderless", "quorum": {"w": 0}}},
    "quorum n fractional": {"replication": {"mode": "leaderless", "quorum": {"n": 2.5}}},
    "quorum misspelt": {"replication": {"mode": "leaderless", "quorum": {"wr": 2}}},
    "read_fanout misspelt": {"replication": {"mode": "leaderless", "quorum": {"read_fanout": "some"}}},
    "vnodes zero": {"replication": {"mode": "leaderless", "placement": {"vnodes": 0}}},
    "read_repair misspelt": {"replication": {"mode": "leaderless", "read_repair": "sometimes"}},
    "timeout zero": {"replication": {"mode": "leaderless", "quorum": {"timeout_ms": 0}}},
    "write not an object": {"writes": [["A", "x", "1"]]},
    "write without key": {"writes": [{"at_ms": 0, "leader": "A", "value": "1"}]},
    "write without at_ms": {"writes": [{"leader": "A", "key": "x", "value": "1"}]},
    "write without leader": {"writes": [{"at_ms": 0, "key": "x", "value": "1"}]},
    "set without value": {"writes": [{"at_ms": 0, "leader": "A", "key": "x"}]},
    "delete with value": {"writes": [{"at_ms": 0, "leader": "A", "key": "x", "op": "delete", "value": "1"}]},
    "incr by a fraction": {"writes": [{"at_ms": 0, "leader": "A", "key": "x", "op": "incr", "value": 1.5}]},
    "op misspelt": {"writes": [dict(W, op="upsert")]},
    "value an object": {"writes": [dict(W, value={"a": 1})]},
    "workload rate zero": {"workload": {"rate_per_s": 0}},
    "document with keys": {"workload": {"keys": 3, "document": {"granularity": "document"}}},
    "document without granularity": {"workload": {"document": {"paragraphs": 2}}},
    "zipf_s with uniform": {"workload": {"zipf_s": 1.2}},
    "read_fraction above 1": {"workload": {"read_fraction": 1.5}},
    "ops all unknown": {"workload": {"ops": {"upsert": 1}}},
    "fault not an object": {"faults": ["crash A"]},
    "fault without action": {"faults": [{"at_ms": 1}]},
    "fault with two actions": {"faults": [{"at_ms": 1, "crash": "A", "recover": "A"}]},
    "fault without at_ms": {"faults": [{"crash": "A"}]},
    "crash of a list": {"faults": [{"at_ms": 1, "crash": ["A"]}]},
    "link_down of three": {"faults": [{"at_ms": 1, "link_down": ["A", "B", "C"]}]},
    "heal false": {"faults": [{"at_ms": 1, "heal": False}]},
    "both on a crash": {"faults": [{"at_ms": 1, "crash": "A", "both": True}]},
    "partition of one group": {"faults": [{"at_ms": 1, "partition": [["A", "B"]]}]},
    "empty reconfigure": {"faults": [{"at_ms": 1, "reconfigure": {}}]},
    "max_hops zero": {"limits": {"max_hops": 0}},
    "limits misspelt": {"limits": {"max_event": 5}},
    "expect not an object": {"expect": ["converged"]},
}

for table, want_ok in ((GOOD, True), (BAD, False)):
    for label, patch in table.items():
        doc = patched(patch)
        schema_ok = not schema_errors(doc)
        run = subprocess.run([replsim, "validate", "-"], input=json.dumps(doc), capture_output=True, text=True)
        loader_ok = run.returncode == 0
        if schema_ok != want_ok:
            failures.append(f"{label}: the schema says {'valid' if schema_ok else 'invalid'}: {schema_errors(doc)[:2]}")
        if loader_ok != want_ok:
            failures.append(f"{label}: the loader says {'valid' if loader_ok else 'invalid'}: {run.stderr.strip()}")

for f in failures:
    print(f)
print(f"{len(shipped)} shipped scenarios, {len(GOOD)} good and {len(BAD)} bad documents; {len(failures)} disagreements")
sys.exit(1 if failures else 0)
