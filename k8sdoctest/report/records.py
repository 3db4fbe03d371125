"""The report's records: typed, versioned, built from results and read back fail-closed.

build/verification.json is what the site reads and CI merges. Its shape is declared here
once (TypedDicts); `read` refuses anything that does not have that shape.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any, NotRequired, TypedDict, cast

from .. import __version__, versions
from ..model import BlockResult, CheckResult, Claims, Finding

SCHEMA_VERSION = 2
STATUSES = ("verified", "failed", "expected-invalid")
CHECK_STATUSES = ("passed", "failed", "not-run")
LEVELS = ("error", "warning", "info")


class FindingRecord(TypedDict):
    level: str
    check: str
    message: str
    where: str  # `page.md:N` or `page.md:N (snippets/file:M)`: 1-based lines


class CheckRecord(TypedDict):
    name: str
    tier: str  # static | live
    cni: str | None
    k8s: str | None
    status: str
    message: str
    versions: NotRequired[list[str]]
    accepted: NotRequired[list[str]]
    findings: NotRequired[list[FindingRecord]]


class NotRunRecord(TypedDict):
    check: str
    reason: str


class BlockRecord(TypedDict):
    id: str
    page: str
    line: int
    language: str
    sha256: str
    includes: list[str]
    k8s: list[str]
    cni: list[str]
    expect: str | None
    match: str | None
    reason: str | None
    status: str
    summary: str
    problems: list[FindingRecord]
    checks: list[CheckRecord]
    not_run: list[NotRunRecord]


class Report(TypedDict):
    schema: int
    generator: str
    created: str
    versions: list[str]
    tiers: dict[str, str]
    counts: dict[str, int]
    blocks: list[BlockRecord]
    hidden: NotRequired[dict[str, int]]  # page → tested-language blocks inside HTML comments (not checked)


class ReportError(ValueError):
    """A report that cannot be trusted; the message is one line."""


def finding_record(result: BlockResult, f: Finding) -> FindingRecord:
    return {"level": f.level, "check": f.check, "message": f.message, "where": result.block.where(f.line)}


def check_record(result: BlockResult, c: CheckResult) -> CheckRecord:
    out: CheckRecord = {"name": c.name, "tier": c.tier, "cni": c.cni, "k8s": c.k8s, "status": c.status, "message": c.message}
    if c.versions:
        out["versions"] = list(c.versions)
        out["accepted"] = list(c.accepted)
    if c.findings:
        out["findings"] = [finding_record(result, f) for f in c.findings]
    return out


def block_record(result: BlockResult, not_run: dict[str, str]) -> BlockRecord:
    b = result.block
    return {
        "id": b.ident, "page": b.page, "line": b.line, "language": b.language, "sha256": b.sha256, "includes": b.included,
        "k8s": list(b.claims.k8s), "cni": list(b.claims.cni),
        "expect": b.claims.expect, "match": b.claims.match, "reason": b.claims.reason,
        "status": result.status, "summary": result.summary,
        "problems": [finding_record(result, f) for f in b.problems],
        "checks": [check_record(result, c) for c in result.checks],
        "not_run": [NotRunRecord(check=c.name, reason=c.message) for c in result.checks if c.status == "not-run"]
        + [NotRunRecord(check=tier, reason=why) for tier, why in not_run.items() if not ran(result.checks, tier)],
    }


def ran(checks: Any, tier: str) -> bool:
    """Whether any check of `tier` ran on the block (records or results)."""
    return any(_get(c, "tier") == tier and _get(c, "status") != "not-run" for c in checks)


def _get(c: Any, key: str) -> Any:
    return c[key] if isinstance(c, dict) else getattr(c, key)


def counts(blocks: list[BlockRecord]) -> dict[str, int]:
    found: dict[str, int] = {}
    for b in blocks:
        found[b["status"]] = found.get(b["status"], 0) + 1
    return found


def build(results: list[BlockResult], not_run: dict[str, str], ran_tiers: tuple[str, ...] = (), created: str | None = None) -> Report:
    return assemble([block_record(r, not_run) for r in results], not_run, ran_tiers, created)


def assemble(blocks: list[BlockRecord], not_run: dict[str, str], ran_tiers: tuple[str, ...] = (), created: str | None = None) -> Report:
    """The report around block records made as results streamed by; `created` defaults to now (a test fixes it)."""
    return {
        "schema": SCHEMA_VERSION,
        "generator": f"k8sdoctest {__version__}",
        "created": created or dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "versions": list(versions.ALL),
        "tiers": {"static": "run", **{k: f"not run: {v}" for k, v in not_run.items()}, **{t: "run" for t in ran_tiers}},
        "counts": counts(blocks),
        "blocks": blocks,
    }


def finding_of(record: FindingRecord) -> Finding:
    return Finding(record["level"], record["check"], record["message"])  # type: ignore[arg-type]


def to_result(record: CheckRecord) -> CheckResult:
    findings = tuple(finding_of(f) for f in record.get("findings", []))
    return CheckResult(record["name"], record["status"], record["message"], findings=findings,  # type: ignore[arg-type]
                       tier=record["tier"], cni=record["cni"], k8s=record["k8s"])  # type: ignore[arg-type]


def claims_of(record: BlockRecord) -> Claims:
    return Claims(tuple(record["k8s"]), tuple(record["cni"]), record["expect"], record["match"], record["reason"])


def write(report: Report, path: Path) -> None:
    """Atomically: a unique temporary file beside the target, then rename (concurrent writers never collide)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read(path: Path) -> Report:
    """The report at `path`, validated; ReportError with a one-line reason otherwise."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise ReportError(f"cannot read the report {path}: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportError(f"the report {path} is not valid JSON (truncated or corrupt?): {exc}") from None
    return validate(data, str(path))


def validate(data: Any, where: str = "report") -> Report:
    if not isinstance(data, dict) or data.get("schema") != SCHEMA_VERSION:
        raise ReportError(f"{where}: not a k8sdoctest report of schema {SCHEMA_VERSION}: run `make verify` again")
    blocks = data.get("blocks")
    if not isinstance(blocks, list):
        raise ReportError(f"{where}: `blocks` is missing or not a list")
    for n, block in enumerate(blocks):
        _validate_block(block, f"{where}: block {n}")
    return cast(Report, data)


def _validate_block(block: Any, where: str) -> None:
    if not isinstance(block, dict):
        raise ReportError(f"{where} is not an object")
    for key, kind in (("page", str), ("sha256", str), ("status", str), ("line", int), ("checks", list), ("not_run", list)):
        if not isinstance(block.get(key), kind):
            raise ReportError(f"{where}: `{key}` is missing or not a {kind.__name__}")
    if block["status"] not in STATUSES:
        raise ReportError(f"{where} ({block['page']}:{block['line']}): unknown status {block['status']!r}")
    for check in block["checks"]:
        if not isinstance(check, dict) or check.get("status") not in CHECK_STATUSES or not isinstance(check.get("name"), str):
            raise ReportError(f"{where} ({block['page']}:{block['line']}): a check record has no name or an unknown status")
