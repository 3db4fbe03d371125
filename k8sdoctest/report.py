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
        + [{"check": tier, "reason": why} for tier, why in not_run.items() if not ran(result, tier)],
    }


def ran(result: BlockResult, tier: str) -> bool:
    """Whether any check of the tier (`live` → `live:calico`, `live:cilium`) ran on this block."""
    return any(c.name.startswith(f"{tier}:") and c.status != "not-run" for c in result.checks)


def merge(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """The static report plus the live reports of a CI matrix: live checks join their block by sha256."""
    base = json.loads(json.dumps(reports[0]))
    index = {(b["page"], b["sha256"]): b for b in base["blocks"]}
    for other in reports[1:]:
        for block in other["blocks"]:
            target = index.get((block["page"], block["sha256"]))
            if target is None:
                continue  # a different text: the live run verified another version of the block
            names = {c["name"] for c in target["checks"]}
            target["checks"] += [c for c in block["checks"] if c["name"].startswith("live:") and c["name"] not in names]
            target["not_run"] += [n for n in block["not_run"] if n["check"].startswith("live:") and n not in target["not_run"]]
        for tier, state in other.get("tiers", {}).items():
            if tier.startswith("live:"):
                base["tiers"][tier] = state
    for block in base["blocks"]:
        live = [c for c in block["checks"] if c["name"].startswith("live:")]
        if any(c["status"] != "not-run" for c in live):
            block["not_run"] = [n for n in block["not_run"] if n["check"] != "live"]
        if any(c["status"] == "failed" for c in live):
            block["status"] = "failed"
            block["summary"] = next(c["message"] for c in live if c["status"] == "failed")
    if any(t.startswith("live:") for t in base["tiers"]):
        base["tiers"].pop("live", None)
    base["counts"] = {}
    for block in base["blocks"]:
        base["counts"][block["status"]] = base["counts"].get(block["status"], 0) + 1
    return base


def build(results: list[BlockResult], not_run: dict[str, str], ran_tiers: tuple[str, ...] = ()) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    return {
        "schema": SCHEMA_VERSION,
        "generator": f"k8sdoctest {__version__}",
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "versions": list(versions.ALL),
        "tiers": {"static": "run", **{k: f"not run: {v}" for k, v in not_run.items()}, **{t: "run" for t in ran_tiers}},
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
