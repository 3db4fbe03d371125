"""A page: its YAML objects, its tables, and the adapter for verify.run_checks."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ...blocks import YAML
from ...collect import blocks_in, relative
from ...model import Block, CheckResult, Finding
from .analyzer import RowResult, compute
from .notes import not_modelled
from .table import MARKER, expected_table

NAME = "connectivity"


@dataclass
class PageCheck:
    """Everything the check says about one page."""

    page: str
    results: list[RowResult] = field(default_factory=list)
    not_modelled: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)


def page_objects(blocks: Iterable[Block]) -> list[dict]:
    """The Kubernetes objects of a page's YAML blocks, leaving out blocks that show a wrong form on purpose."""

    objects: list[dict] = []
    for block in blocks:
        if block.language not in YAML or block.meta.expect == "invalid":
            continue
        with contextlib.suppress(yaml.YAMLError):
            objects.extend(d for d in yaml.safe_load_all(block.text) if isinstance(d, dict) and d.get("kind"))
    return objects


def check_page(path: Path, root: Path) -> PageCheck:

    rel = relative(path, root)
    rows = expected_table(path.read_text(encoding="utf-8"), rel)
    result = PageCheck(rel)
    if rows:
        objects = page_objects(blocks_in(path, root))
        result.results = compute(objects, rows)
        result.not_modelled = not_modelled(objects)
    return result


def check(block: Block, root: Path) -> CheckResult | None:
    """Adapter for verify.run_checks: the page's table, reported on its first YAML block; None elsewhere."""

    page = [b for b in (block, *block.siblings) if b.language in YAML]
    if min(page, key=lambda b: b.line) is not block:
        return None
    path = root / block.page
    if not path.is_file() or not MARKER.search(path.read_text(encoding="utf-8")):
        return None
    rows = expected_table(path.read_text(encoding="utf-8"), block.page)
    objects = page_objects(page)
    findings = [Finding("error", NAME, r.message, -1) for r in compute(objects, rows) if not r.ok]
    findings += [Finding("info", NAME, f"not modelled: {note}", -1) for note in not_modelled(objects)]
    return CheckResult.from_findings(NAME, findings, f"{len(rows)} expected connections match NCA's computed connectivity")
