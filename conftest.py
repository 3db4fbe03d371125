"""Sybil wiring: every yaml/bash/json block of docs/ is one pytest item per tier.

Composition only: extraction lives in k8sdoctest.blocks/collect, checks in
k8sdoctest.checks, the verdict in k8sdoctest.verify, the live tier in
k8sdoctest.live, the report in k8sdoctest.report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sybil import Sybil

from k8sdoctest import report
from k8sdoctest.checks import crd
from k8sdoctest.collect import BlockParser, PageDocument
from k8sdoctest.live import runner
from k8sdoctest.live.state import REASON
from k8sdoctest.model import Block, BlockResult, CheckResult
from k8sdoctest.verify import Context, verify_block

pytest_plugins = ["k8sdoctest.live.plugin"]

ROOT = Path(__file__).parent
REPORT = ROOT / "build" / "verification.json"

_results: dict[str, BlockResult] = {}
_live: dict[str, tuple[Block, list[CheckResult]]] = {}
_ctx = Context(root=ROOT, crd_dir=crd.default_dirs(ROOT) or None)


class BlockFailed(AssertionError):
    """A block that does not verify: its findings, one `file:line: level: message` a line."""


def evaluate(block: Block) -> None:
    result = verify_block(block, _ctx)
    _results[block.ident] = result
    if result.status == "failed":
        raise BlockFailed("\n".join(report.text_lines(result)) or result.summary)


def evaluate_live(block: Block, namespace: dict[str, Any]) -> None:
    results = runner.evaluate(block, namespace["live_clusters"], namespace)
    _live.setdefault(block.ident, (block, []))[1].extend(results)
    failed = [r for r in results if r.status == "failed"]
    if failed:
        raise BlockFailed("\n".join(f"{block.where(-1)}: error: [{r.name}] {f.message}" for r in failed for f in r.findings))


def teardown_live(namespace: dict[str, Any]) -> None:
    if "live_clusters" in namespace:
        runner.delete_namespaces(namespace["live_clusters"], namespace)


PAGES = {"patterns": ["*.md"], "path": str(ROOT / "docs"), "document_types": {".md": PageDocument}}
static = Sybil(parsers=[BlockParser(ROOT, evaluate)], name="static", **PAGES)
live = Sybil(parsers=[BlockParser(ROOT, evaluate_live, with_namespace=True)], name="live",
             fixtures=["live_clusters"], teardown=teardown_live, **PAGES)
pytest_collect_file = (static + live).pytest()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write the report of the blocks this run verified (the site reads it; CI merges the live ones)."""
    results = dict(_results)
    for ident, (block, live_results) in _live.items():
        if ident in results:
            results[ident].checks.extend(live_results)
        else:  # a live-only run (`pytest -m live`): the block's static checks are in another report
            failed = any(r.status == "failed" for r in live_results)
            results[ident] = BlockResult(block, live_results, "failed" if failed else "verified")
    if not results:
        return
    reason = session.config.stash.get(REASON, None)
    not_run = {**_ctx.not_run, **({"live": reason} if reason else {})}
    ran = tuple(sorted({c.name for _, checks in _live.values() for c in checks if c.status != "not-run"}))
    report.write(report.build(list(results.values()), not_run, ran), REPORT)
