"""The verification report: the one thing the site reads (build/verification.json)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from . import __version__, versions
from .model import BlockResult, CheckResult, Finding

SCHEMA_VERSION = 1


def finding_dict(result: BlockResult, f: Finding) -> dict[str, Any]:
    return {"level": f.level, "check": f.check, "message": f.message, "where": result.block.where(f.line)}


def check_dict(result: BlockResult, c: CheckResult) -> dict[str, Any]:
    out: dict[str, Any] = {"name": c.name, "status": c.status, "message": c.message}
    if c.versions:
        out["versions"] = list(c.versions)
        out["accepted"] = list(c.accepted)
    if c.findings:
        out["findings"] = [finding_dict(result, f) for f in c.findings]
    return out


def block_dict(result: BlockResult, not_run: dict[str, str]) -> dict[str, Any]:
    b = result.block
    return {
        "id": b.ident,
        "page": b.page,
        "line": b.line,
        "language": b.language,
        "sha256": b.sha256,
        "includes": b.included,
        "k8s": list(b.meta.k8s),
        "cni": list(b.meta.cni),
        "expect": b.meta.expect,
        "reason": b.meta.reason,
        "status": result.status,
        "summary": result.summary,
        "problems": [finding_dict(result, f) for f in b.problems],
        "checks": [check_dict(result, c) for c in result.checks],
        "not_run": [{"check": c.name, "reason": c.message} for c in result.checks if c.status == "not-run"]
        + [{"check": tier, "reason": why} for tier, why in not_run.items()],
    }


def build(results: list[BlockResult], not_run: dict[str, str]) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    return {
        "schema": SCHEMA_VERSION,
        "generator": f"k8sdoctest {__version__}",
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "versions": list(versions.ALL),
        "tiers": {"static": "run", **{k: f"not run: {v}" for k, v in not_run.items()}},
        "counts": counts,
        "blocks": [block_dict(r, not_run) for r in results],
    }


def write(report: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


def read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def text_lines(result: BlockResult) -> list[str]:
    """`file:line: level: message`, one line a finding."""
    b = result.block
    lines = []
    for f in result.findings:
        level = f.level
        if result.status == "expected-invalid" and level == "error":
            level = "info"  # the rejection the page asked for
        lines.append(f"{b.where(f.line)}: {level}: [{f.check}] {f.message}")
    if result.status == "failed" and (b.meta.expect or not any(f.level == "error" for f in result.findings)):
        lines.append(f"{b.where(-1)}: error: [expect] {result.summary}")
    return lines
