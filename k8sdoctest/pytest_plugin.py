"""pytest plugin: every tested code block of a docs tree is a test item, and the run writes the report.

Registered as the `k8sdoctest` pytest11 entry point and inert until asked for:
`k8sdoctest_paths = docs` in the ini file, `--k8sdoctest` on the command line (the
rootdir's Markdown), or a one-line conftest:
`from k8sdoctest.pytest_plugin import collect_markdown as pytest_collect_file`.
The run's state lives in `config.stash`, as pytest's own plugins keep theirs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sybil import Document, Region, Sybil

from . import report, settings
from .live.state import REASON
from .model import Block, BlockResult, CheckResult, Page
from .source import markdown
from .source.files import read_text, relative
from .source.pages import broken
from .verify import verdict, verify_block

pytest_plugins = ["k8sdoctest.live.plugin"]  # the live tier's options, fixtures and selection


class BlockFailed(AssertionError):
    """A block that does not verify: its findings, one `file:line: level: message` a line."""


@dataclass
class RunState:
    settings: settings.Settings
    results: dict[str, BlockResult] = field(default_factory=dict)
    live: dict[str, tuple[Block, list[CheckResult]]] = field(default_factory=dict)
    collect: Callable[[Path, Any], Any] | None = None


STATE = pytest.StashKey[RunState]()


class PageDocument(Document):
    """A page that always parses: unreadable text (not UTF-8, too large) becomes a finding, not a traceback."""

    @classmethod
    def parse(cls, path: str, *parsers: Any, encoding: str = "utf-8") -> PageDocument:
        text, problems = read_text(Path(path), path)
        document = cls(text, path)
        document.namespace["k8sdoctest_problems"] = problems
        for parser in parsers:
            for region in parser(document):
                document.add(region)
        return document


class BlockParser:
    """A sybil parser: every tested fenced block becomes an example evaluated by `evaluate(block, page, example)`."""

    def __init__(self, root: Path, evaluate: Callable[[Block, Page, Any], None], examples: Path | None = None) -> None:
        self.root = root
        self.evaluate = evaluate
        self.examples = examples  # a Hugo site's examples directory: shortcodes become blocks

    def __call__(self, document: Document) -> Iterable[Region]:
        rel = relative(Path(document.path), self.root)
        problems = document.namespace.get("k8sdoctest_problems")
        if problems:
            page = broken(rel, problems)
            yield Region(0, 0, parsed=page.blocks[0], evaluator=self._evaluator(page.blocks[0], page))
            return
        page, regions = markdown.read(document.text, rel, self.root, examples=self.examples)
        for region, block in zip(regions, page.blocks, strict=True):
            region.parsed = block
            region.evaluator = self._evaluator(block, page)
            yield region

    def _evaluator(self, block: Block, page: Page) -> Callable[[Any], None]:
        return lambda example: self.evaluate(block, page, example)


def evaluate_static(state: RunState) -> Callable[[Block, Page, Any], None]:
    def evaluate(block: Block, page: Page, example: Any) -> None:
        result = verify_block(block, page, state.settings)
        state.results[block.ident] = result
        if result.status == "failed":
            raise BlockFailed("\n".join(report.text_lines(result)) or result.summary)
    return evaluate


def evaluate_live(state: RunState) -> Callable[[Block, Page, Any], None]:
    def evaluate(block: Block, page: Page, example: Any) -> None:
        from .live import runner  # the live tier is imported only where it runs

        results = runner.evaluate(block, page, example.namespace["live_clusters"], example.namespace)
        state.live.setdefault(block.ident, (block, []))[1].extend(results)
        failed = [r for r in results if r.status == "failed"]
        if failed:
            raise BlockFailed("\n".join(f"{block.where(-1)}: error: [live {r.cni} {r.k8s}] {f.message}" for r in failed for f in r.findings))
    return evaluate


def teardown_live(namespace: dict[str, Any]) -> None:
    if "live_clusters" in namespace:
        from .live import runner

        runner.delete_namespaces(namespace["live_clusters"], namespace)


def make_collector(state: RunState, paths: list[Path]) -> Callable[[Path, Any], Any]:
    """sybil's pytest hook over `paths`: a static item per block, and a live one (marked `live`)."""
    root = state.settings.root
    sybils = []
    for path in paths:
        common: dict[str, Any] = {"patterns": ["*.md", "*.markdown"], "path": str(path.resolve()), "document_types": {".md": PageDocument}}
        examples = state.settings.examples
        sybils.append(Sybil(parsers=[BlockParser(root, evaluate_static(state), examples)], name=f"static:{path.name}", **common))
        sybils.append(Sybil(parsers=[BlockParser(root, evaluate_live(state), examples)], name=f"live:{path.name}",
                            fixtures=["live_clusters"], teardown=teardown_live, **common))
    collection = sybils[0]
    for other in sybils[1:]:
        collection = collection + other  # type: ignore[assignment]
    return collection.pytest()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("k8sdoctest_paths", "directories whose Markdown code blocks are tests (relative to the rootdir)", type="paths", default=[])  # type: ignore[maybe-unrecognized-str-typeform, unused-ignore]
    parser.addini("k8sdoctest_report", "where the verification report is written (default build/verification.json)", default="")
    parser.addini("k8sdoctest_examples", "a Hugo site's examples directory, for {{< codenew file= >}} (relative to the rootdir)", default="")
    parser.getgroup("k8sdoctest").addoption("--k8sdoctest", action="store_true", help="test the code blocks of the rootdir's Markdown files")


def pytest_configure(config: pytest.Config) -> None:
    report_path = config.getini("k8sdoctest_report")
    examples = config.getini("k8sdoctest_examples")
    run = settings.from_environment(config.rootpath, report=config.rootpath / report_path if report_path else None,
                                    examples=config.rootpath / examples if examples else None)
    state = RunState(run)
    paths = list(config.getini("k8sdoctest_paths")) or ([config.rootpath] if config.getoption("--k8sdoctest") else [])
    if paths:
        state.collect = make_collector(state, paths)
    config.stash[STATE] = state
    config.addinivalue_line("markers", "live: needs a Docker engine and the internet (kind clusters)")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> Any:
    state = parent.config.stash.get(STATE, None)
    if state is None or state.collect is None:
        return None
    return state.collect(file_path, parent)


def collect_markdown(file_path: Path, parent: pytest.Collector) -> Any:
    """For a one-line conftest: the Markdown below the conftest's rootdir, whatever the ini says."""
    state = parent.config.stash[STATE]
    if state.collect is not None:
        return None  # the ini already collects: do not collect twice
    state.collect = make_collector(state, [parent.config.rootpath])
    return state.collect(file_path, parent)


def live_only(block: Block, results: list[CheckResult]) -> BlockResult:
    """A live-only run (`pytest -m live`): the block's verdict from its live results alone."""
    status, summary = verdict(block.claims, block.problems, results)
    return BlockResult(block, tuple(results), status, summary)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write the report of the blocks this run verified (the site reads it; CI merges the live ones)."""
    state = session.config.stash.get(STATE, None)
    if state is None or not (state.results or state.live):
        return
    results = dict(state.results)
    for ident, (block, live_results) in state.live.items():
        if ident in results:
            static = results[ident]
            checks = (*static.checks, *live_results)
            status, summary = verdict(block.claims, block.problems, checks)
            results[ident] = BlockResult(block, checks, status, summary)
        else:
            results[ident] = live_only(block, live_results)
    reason = session.config.stash.get(REASON, None)
    not_run = {"live": reason} if reason else {}
    ran = tuple(sorted({f"live:{c.cni}:{c.k8s}" for _, checks in state.live.values() for c in checks if c.status != "not-run"}))
    if state.settings.report is not None:
        report.write(report.build(list(results.values()), not_run, ran), state.settings.report)
