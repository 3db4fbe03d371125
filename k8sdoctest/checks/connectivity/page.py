"""A page: its YAML objects and its expected-connectivity table, as one registered check."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...model import YAML, CheckResult, Finding, Page
from ...source.pages import read_page
from .. import Check, Target
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


def page_objects(page: Page) -> list[dict[str, Any]]:
    """The Kubernetes objects of a page's YAML blocks (blocks that show a wrong form on purpose left out)."""
    return [o for o in page.objects if o.get("kind")]


def check_page(path: Path, root: Path) -> PageCheck:
    page = read_page(path, root)
    rows = expected_table(page.text, page.path)
    result = PageCheck(page.path)
    if rows:
        objects = page_objects(page)
        result.results = compute(objects, rows)
        result.not_modelled = not_modelled(objects)
    return result


def reporting_block(page: Page) -> object | None:
    """The page's table is reported once: on the first YAML block that holds a NetworkPolicy (else the first YAML block)."""
    yaml_blocks = [b for b in page.blocks if b.language in YAML and b.claims.expect != "invalid"]
    with_policy = [b for b in yaml_blocks if "NetworkPolicy" in b.text]
    chosen = with_policy or yaml_blocks
    return chosen[0] if chosen else None


def run(target: Target) -> CheckResult | None:
    page = target.page
    if reporting_block(page) is not target.block or not MARKER.search(page.text):
        return None
    rows = expected_table(page.text, page.path)
    objects = page_objects(page)
    findings = [Finding("error", NAME, r.message, -1) for r in compute(objects, rows) if not r.ok]
    findings += [Finding("info", NAME, f"not modelled: {note}", -1) for note in not_modelled(objects)]
    return CheckResult.from_findings(NAME, findings, f"{len(rows)} expected connections match NCA's computed connectivity")


CHECK = Check(NAME, "连通性计算", YAML, run, after=("yaml",), needs=("page",))
