"""Markdown → a Page of frozen Blocks, with the sybil regions they came from."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from pathlib import Path
from re import Match

from sybil import Document, Region
from sybil.parsers.markdown.lexers import FENCE, RawFencedCodeBlockLexer

from .. import versions
from ..model import TESTED, Block, Claims, Finding, Page
from . import claims as claims_
from . import hugo
from .includes import INCLUDE, Includes, expand_block

# The info string: a language, then attributes (`title="…"`, `{ .yaml }`, `hl_lines=…`).
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
INFO = re.compile(r"[ \t]*(?P<info>[^\n`]*)$\n", re.MULTILINE)


class _Lexer(RawFencedCodeBlockLexer):
    """sybil's fence lexer, also telling whether the fence was closed."""

    def __init__(self) -> None:
        super().__init__(info_pattern=INFO)

    def make_region(self, opening: Match[str], document: Document, closing: Match[str] | None) -> Region | None:
        region = super().make_region(opening, document, closing)
        if region is not None:
            region.lexemes["closed"] = closing is not None
            region.lexemes["indent"] = len(opening.group("prefix"))
        return region

    def __call__(self, document: Document) -> Iterator[Region]:
        """sybil's pairing of fences, in linear time.

        sybil scans every open fence for each new one, which is quadratic in unclosed fences
        (20k took 95 s). A closing fence closes the earliest open fence of the same character
        and prefix width that is no longer than it; per (character, prefix width) the running
        minimum of fence lengths only falls, so that earliest fence is a binary search.
        """
        stack: list[tuple[Match[str], tuple[str, int]]] = []  # open fences, oldest first
        by_key: dict[tuple[str, int], tuple[list[int], list[int]]] = {}  # key -> (stack positions, running min length)
        for match in FENCE.finditer(document.text):
            fence = match.group("fence")
            key = (fence[0], len(match.group("prefix")))
            entries = by_key.get(key)
            if entries and entries[0] and not match.group("trailing").strip():
                positions, minima = entries
                # minima is non-increasing: the first entry whose running minimum ≤ len(fence)
                at = _first_at_most(minima, len(fence))
                if at < len(positions):
                    i = positions[at]
                    region = self.make_region(stack[i][0], document, match)
                    while len(stack) > i:
                        _, old = stack.pop()
                        by_key[old][0].pop()
                        by_key[old][1].pop()
                    if region is not None:
                        yield region
                    continue
            positions, minima = by_key.setdefault(key, ([], []))
            positions.append(len(stack))
            minima.append(min(minima[-1], len(fence)) if minima else len(fence))
            stack.append((match, key))
        if stack:
            region = self.make_region(stack[0][0], document, None)
            if region is not None:
                yield region


def _first_at_most(minima: list[int], length: int) -> int:
    """Index of the first running minimum ≤ `length` in a non-increasing list (len(minima) when none)."""
    lo, hi = 0, len(minima)
    while lo < hi:
        mid = (lo + hi) // 2
        if minima[mid] <= length:
            hi = mid
        else:
            lo = mid + 1
    return lo


LEXER = _Lexer()


class Lines:
    """1-based line of an offset, in O(log n) (counting newlines per block is quadratic in blocks)."""

    def __init__(self, text: str) -> None:
        self.starts = [m.start() for m in re.finditer("\n", text)]

    def __call__(self, offset: int) -> int:
        return bisect_right(self.starts, offset - 1) + 1


def language_of(info: str) -> str:
    """The language of a fence's info string (`yaml title="x"`, `{ .yaml }`)."""
    info = info.strip()
    if info.startswith("{"):
        cls = re.search(r"\.([\w+-]+)", info)
        return cls.group(1).lower() if cls else ""
    return info.partition(" ")[0].split("{")[0].lower()


def read(
    text: str, rel: str, root: Path, default: tuple[str, ...] = versions.ALL, examples: Path | None = None,
) -> tuple[Page, list[Region]]:
    """Every tested fenced block of a Markdown page (and, given an examples directory, Hugo shortcode), with its sybil region."""
    page_claims, page_problems = claims_.front_matter(text, default)
    document = Document(text, rel)
    includes = Includes(root)
    lines = Lines(text)
    blocks: list[Block] = []
    regions: list[Region] = []
    comments = [(m.start(), m.end()) for m in HTML_COMMENT.finditer(text)]
    hidden = 0
    every = top_level(LEXER(document))
    page_problems += outside_blocks(text, every, lines)
    for region in every:
        language = language_of(str(region.lexemes["info"]))
        if language not in TESTED:
            continue
        if in_comment(comments, region.start):
            hidden += 1  # commented out (an untranslated original, an old version): the reader never sees it
            continue
        blocks.append(_block(text, region, rel, language, page_claims, page_problems, includes, lines))
        regions.append(region)
    if examples is not None:
        blocks = [hugo.macro_include(b, examples, root) for b in blocks]
    for code in hugo.shortcodes(text) if examples is not None else ():
        if in_comment(comments, code.start):
            hidden += 1
        elif examples is not None and (found := hugo.block(text, code, rel, examples, root, page_claims, page_problems)):
            blocks.append(found)
            regions.append(Region(code.start, code.end))
    order = sorted(range(len(blocks)), key=lambda i: regions[i].start)  # page order: shell variables flow down the page
    blocks, regions = [blocks[i] for i in order], [regions[i] for i in order]
    return Page(rel, page_claims, tuple(blocks), tuple(page_problems), text, hidden), regions


def in_comment(comments: list[tuple[int, int]], offset: int) -> bool:
    """Whether `offset` lies inside one of the (sorted, disjoint) HTML comments: a bisect, not a scan per block."""
    at = bisect_right(comments, (offset, len(comments) and comments[-1][1] + 1)) - 1
    return at >= 0 and comments[at][0] < offset < comments[at][1]


def top_level(regions: Iterator[Region] | list[Region]) -> list[Region]:
    """Regions in page order, without those inside another (a ```` fence showing a ``` example is one block)."""
    out: list[Region] = []
    for region in sorted(regions, key=lambda r: r.start):
        if out and region.start < out[-1].end:
            continue
        out.append(region)
    return out


def outside_blocks(text: str, regions: list[Region], lines: Lines) -> list[Finding]:
    """Include lines outside tested code blocks: MkDocs would expand them into text nobody verified."""
    found: list[Finding] = []
    tested = [(r.start, r.end) for r in regions if language_of(str(r.lexemes["info"])) in TESTED]
    for match in re.finditer(r"^.*8<-.*$", text, re.MULTILINE):
        if INCLUDE.match(match.group()) and not INCLUDE.match(match.group()).group("escape"):  # type: ignore[union-attr]
            at = bisect_right(tested, (match.start(), len(text) + 1)) - 1
            if at < 0 or not tested[at][0] <= match.start() < tested[at][1]:
                found.append(Finding("error", "include", f"line {lines(match.start())}: an include outside a yaml/bash/json "
                                     "code block is not verified: include snippets only inside tested blocks", lines(match.start())))
    return found


def _block(text: str, region: Region, rel: str, language: str, base: Claims, page_problems: list[Finding], includes: Includes,
           lines: Lines) -> Block:
    fence_line = lines(region.start)
    body, origins, problems = expand_block(str(region.lexemes["source"]), rel, fence_line + 1, includes)
    claims, file_problems = claims_.file_directive(body, base)
    args, line, malformed = claims_.before(text, region.start, lines)
    found = [*page_problems, *problems, *file_problems]
    found += [Finding("error", "directive", f"line {line}: {m}", -1) for m in malformed]
    if args is not None:
        claims, directive_problems = claims_.directive(args, claims, -1)
        found += [Finding(f.level, f.check, f"line {line}: {f.message}", -1) for f in directive_problems]
    if not region.lexemes["closed"]:
        found.append(Finding("error", "fence", "code fence is never closed: add the closing ``` line", -1))
    tab = body.find("\t")
    if tab != -1:
        # Python-Markdown expands tabs to spaces: readers would copy another text than the one verified.
        found.append(Finding("error", "tab", "a tab character: the site shows it as spaces, so readers would copy a text "
                             "other than the one verified (use spaces; a `<<-` heredoc cannot be published)", body.count("\n", 0, tab)))
    return Block(rel, fence_line, language, body, tuple(origins), claims, tuple(found))
