"""`bash-syntax`: `bash -n` accepts the block."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from ..model import SHELL, CheckResult, Finding
from . import Check, Target

NAME = "bash-syntax"
NO_COMMAND = "block holds no command, only output: use a ```text fence"


def tool(name: str) -> str | None:
    """The tool from this environment's bin directory first, then PATH."""
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else shutil.which(name)


def run(target: Target) -> CheckResult:
    text = target.script.text
    if not target.script.commands and not target.script.is_script and text.strip():
        return CheckResult.from_findings(NAME, [Finding("warning", NAME, NO_COMMAND, -1)], "no command: output shown in a shell fence")
    bash = tool("bash")
    if bash is None:
        return CheckResult.not_run(NAME, "bash is not installed")
    if all(line.strip().startswith("#") or not line.strip() for line in text.split("\n")):
        return CheckResult.from_findings(NAME, [Finding("error", NAME, "block has nothing verifiable: only comments or blank lines", -1)], "")
    proc = subprocess.run([bash, "-n"], input=text, capture_output=True, text=True, timeout=30)
    findings = []
    for line in proc.stderr.splitlines():
        found = re.match(r"^[^:]*: line (\d+): (.*)$", line)
        if found:
            findings.append(Finding("error", NAME, found.group(2), int(found.group(1)) - 1))
    if proc.returncode and not findings:
        findings.append(Finding("error", NAME, proc.stderr.strip() or "bash -n failed", 0))
    return CheckResult.from_findings(NAME, findings, "bash -n: no syntax error")


CHECK = Check(NAME, "bash -n", SHELL, run, needs=("tools",))
