"""The publish gate: every code block MkDocs rendered is, byte for byte, a text verified in this build.

The check runs on the rendered HTML, not on the Markdown source, so any include form,
nesting or extension that changes what a reader sees or copies is caught by construction:
the n-th `<pre><code>` of a page must unescape to the n-th fence of the page as the
verifier read it (includes expanded for yaml/bash/json, the literal body for other fences).

The report is evidence, not authority: the static verdict of every block is recomputed here
(k8sdoctest.verify on the page); the report contributes only the live results recorded for
that exact text (page and sha256). A block whose text is not in the report is stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any

from sybil import Document

from ..model import TESTED, Block, CheckResult
from ..report import BlockRecord, Report
from ..report.records import to_result
from ..settings import Settings
from ..source import markdown
from ..source.files import MAX_BYTES
from ..verify import verify_block

PUBLISHABLE = ("verified", "expected-invalid")


@dataclass(frozen=True)
class Fence:
    """A fenced block as the verifier read it: what must appear in the rendered HTML, and whether it may."""

    line: int
    language: str
    text: str  # includes expanded (tested blocks) or the literal body (others)
    problem: str = ""  # why it may not publish; empty when it may
    block: Block | None = None


class _Code(HTMLParser):
    """The text of every `<pre>…<code>…</code>…</pre>`, as a browser shows (and the copy button copies) it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.downloads: list[str] = []
        self._pre = 0
        self._code: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            self._pre += 1
        elif tag == "code" and self._pre and self._code is None:
            self._code = []
        elif tag == "a" and any(k == "download" for k, _ in attrs):
            self.downloads.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "code" and self._code is not None and self._pre:
            self.blocks.append("".join(self._code))
            self._code = None
        elif tag == "pre" and self._pre:
            self._pre -= 1

    def handle_data(self, data: str) -> None:
        if self._code is not None:
            self._code.append(data)


def rendered(html: str) -> tuple[list[str], list[str]]:
    """(code texts, download hrefs) of a rendered page."""
    parser = _Code()
    parser.feed(html)
    parser.close()
    # Pygments ends every block with one newline that is not part of the text.
    return [b.removesuffix("\n") for b in parser.blocks], parser.downloads


def records_by_text(report: Report) -> dict[tuple[str, str], list[BlockRecord]]:
    found: dict[tuple[str, str], list[BlockRecord]] = {}
    for record in report["blocks"]:
        found.setdefault((record["page"], record["sha256"]), []).append(record)
    return found


def _live(records: list[BlockRecord], line: int, where: str) -> tuple[list[CheckResult], str]:
    """The live results recorded for this text; a conflict between records for one text fails closed."""
    own = [r for r in records if r["line"] == line] or records
    lives = {tuple(sorted(str(sorted(c.items())) for c in r["checks"] if c.get("tier") == "live")) for r in own}
    if len(lives) > 1:
        return [], f"{where}: the report holds conflicting live results for this text: run `make verify` again"
    return [to_result(c) for c in own[0]["checks"] if c.get("tier") == "live"], ""


def _judge(block: Block, page: Any, settings: Settings, records: list[BlockRecord] | None) -> str:
    """Why `block` may not publish, or "" when it may."""
    from ..verify import verdict

    where = f"{block.page}:{block.line}"
    if not records:
        return f"{where}: block is stale or unverified: its text is not in the report (run `make verify`)"
    static = verify_block(block, page, settings)
    live, conflict = _live(records, block.line, where)
    if conflict:
        return conflict
    status, summary = verdict(static.block.claims, static.block.problems, [*static.checks, *live])
    if status not in PUBLISHABLE:
        return f"{where}: block failed verification: {summary}"
    own = [r for r in records if r["line"] == block.line] or records
    if any(r["status"] != status for r in own):
        said = sorted({r["status"] for r in own})
        return f"{where}: the report says {', '.join(said)} but this build verifies it as {status}: the report was edited or is from another run"
    return ""


def fences(source: str, rel: str, settings: Settings, report: Report | None) -> tuple[list[Fence], list[str]]:
    """Every top-level fence of a page in order, judged; and the page's own problems."""
    page, regions = markdown.read(source, rel, settings.root)
    problems = [f"{rel}:{p.line}: {p.message}" for p in page.problems if p.level == "error"]
    tested = {region.start: block for region, block in zip(regions, page.blocks, strict=True)}
    lines = markdown.Lines(source)
    index = records_by_text(report) if report is not None else {}
    out: list[Fence] = []
    for region in markdown.top_level(markdown.LEXER(Document(source, rel))):
        language = markdown.language_of(str(region.lexemes["info"]))
        block = tested.get(region.start)
        if block is not None:
            out.append(Fence(block.line, language, block.text, _judge(block, page, settings, index.get((rel, block.sha256))), block))
        else:
            out.append(Fence(lines(region.start), language, str(region.lexemes["source"]).removesuffix("\n")))
    return out, problems


def compare(rel: str, expected: list[Fence], shown: list[str]) -> list[str]:
    """One problem per rendered block that is not the verified text at its place, or that may not publish."""
    problems = [f.problem for f in expected if f.problem]
    for fence, text in zip(expected, shown, strict=False):
        if text != fence.text:
            difference = _first_difference(fence.text, text)
            problems.append(f"{rel}:{fence.line}: the rendered {fence.language or 'code'} block is not the text that was verified: {difference}")
    if len(shown) != len(expected):
        problems.append(f"{rel}: {len(shown)} code blocks rendered but {len(expected)} fences in the source: "
                        "something outside the verifier (an include or extension) added or removed a block")
    return problems


def _first_difference(want: str, got: str) -> str:
    a, b = want.split("\n"), got.split("\n")
    for n, (x, y) in enumerate(zip(a, b, strict=False), start=1):
        if x != y:
            return f"line {n} is {y[:60]!r}, verified {x[:60]!r}"
    return f"{len(b)} lines rendered, {len(a)} verified"


def too_large(path: Path, rel: str) -> str:
    """A page over the verifier's size limit is refused before MkDocs spends time on it."""
    try:
        size = path.stat().st_size
    except OSError:
        return ""
    if size > MAX_BYTES:
        return f"{rel}: page is {size / 1024 / 1024:.1f} MB, over the {MAX_BYTES // 1024 // 1024} MB limit: not built"
    return ""


@dataclass
class Gate:
    """What one MkDocs build checked: per page, the fences; at the end, the problems and the files to publish."""

    settings: Settings
    report: Report
    problems: list[str] = field(default_factory=list)
    downloads: dict[str, str] = field(default_factory=dict)  # site path -> verified text
    _fences: dict[str, list[Fence]] = field(default_factory=dict)

    def page(self, rel: str, source: str) -> list[Fence]:
        if rel not in self._fences:
            found, problems = fences(source, rel, self.settings, self.report)
            self._fences[rel] = found
            self.problems += problems
        return self._fences[rel]

    def download(self, rel: str, source: str, line: int) -> str | None:
        """The site path (`snippets/…`) serving the verified text of the block at `line`, when it is one include."""
        from .publish import download_path

        fence = next((f for f in self.page(rel, source) if f.line == line and f.block is not None), None)
        if fence is None or fence.block is None or fence.problem:
            return None
        path = download_path(rel, source, fence.block)
        if path is None:
            return None
        text = fence.text + "\n"
        if self.downloads.setdefault(path, text) != text:
            self.problems.append(f"{rel}:{line}: {path} would serve two different texts")
        return path

    def content(self, rel: str, source: str, html: str, url: str) -> None:
        """Check a rendered page: its code blocks and its download links."""
        shown, links = rendered(html)
        self.problems += compare(rel, self.page(rel, source), shown)
        base = PurePosixPath("/" + url) if url.endswith("/") or not url else PurePosixPath("/" + url).parent
        for href in links:
            target = _resolve(base, href)
            if target not in self.downloads:
                self.problems.append(f"{rel}: download link {href!r} does not serve a text verified in this build")


def _resolve(base: PurePosixPath, href: str) -> str:
    parts: list[str] = []
    for part in (base / href).parts[1:]:
        if part == "..":
            if parts:
                parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return "/".join(parts)


__all__ = ["TESTED", "Fence", "Gate", "compare", "fences", "rendered", "too_large"]
