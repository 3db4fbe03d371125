#!/usr/bin/env python3
"""A stand-in kubectl for unit tests of the live runner: logs its calls, answers from fake.json."""

import json
import pathlib
import sys

here = pathlib.Path(__file__).parent
args = sys.argv[1:]
stdin = sys.stdin.read() if "-" in args else ""
with open(here / "calls.log", "a") as log:
    log.write(json.dumps({"args": args, "stdin": stdin}) + "\n")
for rule in json.loads((here / "fake.json").read_text()):
    if all(word in args for word in rule["match"]):
        sys.stdout.write(rule.get("stdout", ""))
        sys.stderr.write(rule.get("stderr", ""))
        sys.exit(rule.get("rc", 0))
