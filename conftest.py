"""Sybil wiring: every yaml/bash/json block of docs/ is one pytest item.

Composition only: extraction lives in k8sdoctest.blocks/collect, checks in
k8sdoctest.checks, the verdict in k8sdoctest.verify, the report in k8sdoctest.report.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sybil import Sybil

from k8sdoctest import report
from k8sdoctest.checks import crd
from k8sdoctest.collect import BlockParser
from k8sdoctest.live import docker
from k8sdoctest.model import Block, BlockResult
from k8sdoctest.verify import Context, verify_block

ROOT = Path(__file__).parent
REPORT = ROOT / "build" / "verification.json"

_results: dict[str, BlockResult] = {}
_ctx = Context(root=ROOT, crd_dir=crd.default_dir(ROOT))
_live_reason = docker.live_reason()
if _live_reason:
    _ctx.not_run["live"] = _live_reason


class BlockFailed(AssertionError):
    """A block that does not verify: its findings, one `file:line: level: message` a line."""


def evaluate(block: Block) -> None:
    result = verify_block(block, _ctx)
    _results[block.ident] = result
    if result.status == "failed":
        raise BlockFailed("\n".join(report.text_lines(result)) or result.summary)


pytest_collect_file = Sybil(
    parsers=[BlockParser(ROOT, evaluate)],
    patterns=["*.md"],
    path=str(ROOT / "docs"),
).pytest()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write the report of the blocks this run verified (the site reads it)."""
    if _results:
        report.write(report.build(list(_results.values()), _ctx.not_run), REPORT)
