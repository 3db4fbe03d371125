"""`bash-syntax`: `bash -n` accepts the block.

`bash -n` reads one script a process; `prepare` starts them for all the blocks of a run
at once, a few at a time, in the background (the processes wait on exec and I/O, not on
each other, and the blocks without shell are verified meanwhile); `run` waits for its block.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path

from .. import background
from ..model import SHELL, CheckResult, Finding
from . import Check, Target

NAME = "bash-syntax"
NO_COMMAND = "block holds no command, only output: use a ```text fence"

_batch: dict[str, Future[tuple[int, str]]] = {}  # block text → (exit status, stderr) of `bash -n`, from the last `prepare`


def tool(name: str) -> str | None:
    """The tool from this environment's bin directory first, then PATH."""
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else shutil.which(name)


def _syntax(bash: str, text: str) -> tuple[int, str]:
    try:
        proc = subprocess.run([bash, "-n"], input=text, capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        return 1, "bash -n did not finish within 30 s"
    return proc.returncode, proc.stderr


def prepare(targets: Sequence[Target]) -> None:
    _batch.clear()
    bash = tool("bash")
    texts = list(dict.fromkeys(t.block.text for t in targets if not _only_comments(t.block.text)))
    if bash is None or len(texts) < 2:
        return
    _batch.update((text, background.submit(_syntax, bash, text)) for text in texts)


def _only_comments(text: str) -> bool:
    return all(line.strip().startswith("#") or not line.strip() for line in text.split("\n"))


def run(target: Target) -> CheckResult:
    text = target.script.text
    if not target.script.commands and not target.script.is_script and text.strip():
        return CheckResult.from_findings(NAME, [Finding("warning", NAME, NO_COMMAND, -1)], "no command: output shown in a shell fence")
    bash = tool("bash")
    if bash is None:
        return CheckResult.not_run(NAME, "bash is not installed")
    if _only_comments(text):
        return CheckResult.from_findings(NAME, [Finding("error", NAME, "block has nothing verifiable: only comments or blank lines", -1)], "")
    started = _batch.get(text)
    returncode, stderr = started.result() if started is not None else _syntax(bash, text)
    findings = []
    for line in stderr.splitlines():
        found = re.match(r"^[^:]*: line (\d+): (.*)$", line)
        if found:
            findings.append(Finding("error", NAME, found.group(2), int(found.group(1)) - 1))
    if returncode and not findings:
        findings.append(Finding("error", NAME, stderr.strip() or "bash -n failed", 0))
    return CheckResult.from_findings(NAME, findings, "bash -n: no syntax error")


CHECK = Check(NAME, "bash -n", SHELL, run, needs=("tools",), prepare=prepare)
