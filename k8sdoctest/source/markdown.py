"""Markdown → a Page of frozen Blocks, with the sybil regions they came from."""

from __future__ import annotations

import re
from pathlib import Path
from re import Match

from sybil import Document, Region
from sybil.parsers.markdown.lexers import RawFencedCodeBlockLexer

from .. import versions
from ..model import TESTED, Block, Claims, Finding, Page
from . import claims as claims_
from . import hugo
from .includes import Includes, expand_block

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


LEXER = _Lexer()


def language_of(info: str) -> str:
    """The language of a fence's info string (`yaml title="x"`, `{ .yaml }`)."""
    info = info.strip()
    if info.startswith("{"):
        cls = re.search(r"\.([\w+-]+)", info)
        return cls.group(1).lower() if cls else ""
    return info.partition(" ")[0].split("{")[0].lower()


def snippet_bases(root: Path) -> list[Path]:
    """Where `--8<--` looks, as mkdocs.yml's `base_path` says."""
    return [root / "snippets", root]


def read(
    text: str, rel: str, root: Path, default: tuple[str, ...] = versions.ALL, examples: Path | None = None,
) -> tuple[Page, list[Region]]:
    """Every tested fenced block of a Markdown page (and, given an examples directory, Hugo shortcode), with its sybil region."""
    page_claims, page_problems = claims_.front_matter(text, default)
    document = Document(text, rel)
    includes = Includes(root, snippet_bases(root))
    blocks: list[Block] = []
    regions: list[Region] = []
    comments = [(m.start(), m.end()) for m in HTML_COMMENT.finditer(text)]
    hidden = 0
    for region in LEXER(document):
        language = language_of(str(region.lexemes["info"]))
        if language not in TESTED:
            continue
        if any(start < region.start < end for start, end in comments):
            hidden += 1  # commented out (an untranslated original, an old version): the reader never sees it
            continue
        blocks.append(_block(text, region, rel, language, page_claims, page_problems, includes))
        regions.append(region)
    if examples is not None:
        blocks = [hugo.macro_include(b, examples, root) for b in blocks]
    for code in hugo.shortcodes(text) if examples is not None else ():
        if any(start < code.start < end for start, end in comments):
            hidden += 1
        elif examples is not None and (found := hugo.block(text, code, rel, examples, root, page_claims, page_problems)):
            blocks.append(found)
            regions.append(Region(code.start, code.end))
    order = sorted(range(len(blocks)), key=lambda i: regions[i].start)  # page order: shell variables flow down the page
    blocks, regions = [blocks[i] for i in order], [regions[i] for i in order]
    return Page(rel, page_claims, tuple(blocks), tuple(page_problems), text, hidden), regions


def _block(text: str, region: Region, rel: str, language: str, base: Claims, page_problems: list[Finding], includes: Includes) -> Block:
    fence_line = text.count("\n", 0, region.start) + 1
    body, origins, problems = expand_block(str(region.lexemes["source"]), rel, fence_line + 1, includes)
    claims, file_problems = claims_.file_directive(body, base)
    args, line, malformed = claims_.before(text, region.start)
    found = [*page_problems, *problems, *file_problems]
    found += [Finding("error", "directive", f"line {line}: {m}", -1) for m in malformed]
    if args is not None:
        claims, directive_problems = claims_.directive(args, claims, -1)
        found += [Finding(f.level, f.check, f"line {line}: {f.message}", -1) for f in directive_problems]
    if not region.lexemes["closed"]:
        found.append(Finding("error", "fence", "code fence is never closed: add the closing ``` line", -1))
    return Block(rel, fence_line, language, body, tuple(origins), claims, tuple(found))
