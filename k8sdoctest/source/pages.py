"""Files → Pages: Markdown pages, and plain YAML, shell and JSON files as one-block pages."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .. import versions
from ..model import Block, Claims, Finding, Origin, Page
from . import claims as claims_
from . import markdown
from .files import SUFFIXES, find_files, language_of_file, read_text, relative


def broken(rel: str, problems: list[Finding], language: str = "markdown") -> Page:
    """A page standing for a file that could not be read: one block carries the problem, so it is reported."""
    line = problems[0].line if problems[0].line > 0 else 1
    block = Block(rel, line, language, "", (Origin(rel, 1),), Claims(versions.ALL), tuple(problems))
    return Page(rel, Claims(versions.ALL), (block,), tuple(problems))


def from_file(rel: str, text: str, language: str, claims: Claims) -> Page:
    """A whole YAML, shell or JSON file as a page of one block."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    body = "\n".join(lines)
    claims, problems = claims_.file_directive(body, claims)
    block = Block(rel, 1, language, body, tuple(Origin(rel, n + 1) for n in range(len(lines))), claims, tuple(problems))
    return Page(rel, claims, (block,))


def read_page(path: Path, root: Path, default: tuple[str, ...] = versions.ALL, examples: Path | None = None) -> Page:
    rel = relative(path, root)
    if not path.is_file():
        return broken(rel, [Finding("error", "read", f"{rel}: no such file", -1)])
    language = language_of_file(path)
    if language is None:
        known = ", ".join(sorted(SUFFIXES))
        return broken(rel, [Finding("error", "read", f"{rel}: not a file the verifier reads (its name ends in one of {known})", -1)], "text")
    text, problems = read_text(path, rel)
    if problems:
        return broken(rel, problems, language)
    if language != "markdown":
        if not text.strip():
            return broken(rel, [Finding("error", "read", "empty file: nothing to verify", -1)], language)
        return from_file(rel, text, language, Claims(default))
    page, _ = markdown.read(text, rel, root, default, examples)
    if not page.blocks and page.problems:
        return broken(rel, list(page.problems))
    return page


def read_pages(paths: Iterable[Path], root: Path, default: tuple[str, ...] = versions.ALL, examples: Path | None = None) -> Iterator[Page]:
    """Every page under `paths`; with `examples`, Hugo shortcodes (`{{< codenew file= >}}`) are read from that directory."""
    for path in find_files(paths):
        yield read_page(path, root, default, examples)


def iter_blocks(paths: Iterable[Path], root: Path, default: tuple[str, ...] = versions.ALL) -> Iterator[Block]:
    for page in read_pages(paths, root, default):
        yield from page.blocks
