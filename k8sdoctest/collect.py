"""Files → blocks: Markdown pages, plain YAML/shell files, and the sybil parser."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from sybil import Document, Region

from . import versions
from .blocks import LANGUAGE_BY_SUFFIX, Includes, block_from_file, blocks_from_markdown, page_meta, read_text
from .model import Block, Finding, Meta, Origin

SUFFIXES = {".md", ".markdown", *LANGUAGE_BY_SUFFIX}


def relative(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def find_files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in SUFFIXES)
        else:
            yield path


def snippet_bases(root: Path) -> list[Path]:
    """Where `--8<--` looks, as mkdocs.yml's `base_path` says: snippets/, then the root."""
    return [root / "snippets", root]


def broken_file(rel: str, problems: list[Finding], language: str = "markdown") -> Block:
    """A block standing for a file that could not be read, so the problem is reported."""
    return Block(rel, problems[0].line if problems[0].line > 0 else 1, language, "", [Origin(rel, 1)], Meta(versions.ALL), problems)


def page_blocks(document: Document, rel: str, root: Path, default: tuple[str, ...] = versions.ALL) -> Iterator[tuple[Region, Block]]:
    """Every tested block of a Markdown page, with the page's front-matter problems attached."""
    meta, problems = page_meta(document.text, default)
    found = list(blocks_from_markdown(document, rel, meta, Includes(root, snippet_bases(root))))
    for region, block in found:
        block.problems = problems + block.problems
        block.siblings = [b for _, b in found if b is not block]
        yield region, block


def blocks_in(path: Path, root: Path, default: tuple[str, ...] = versions.ALL) -> Iterator[Block]:
    rel = relative(path, root)
    if not path.is_file():
        yield broken_file(rel, [Finding("error", "read", f"{rel}: no such file", -1)])
        return
    text, problems = read_text(path, rel)
    language = LANGUAGE_BY_SUFFIX.get(path.suffix, "markdown")
    if problems:
        yield broken_file(rel, problems, language)
        return
    if language != "markdown":
        if not text.strip():
            yield broken_file(rel, [Finding("error", "read", "empty file: nothing to verify", -1)], language)
        else:
            yield block_from_file(rel, text, language, Meta(default))
        return
    found = False
    for _, block in page_blocks(Document(text, str(path)), rel, root, default):
        found = True
        yield block
    if not found and (meta_problems := page_meta(text, default)[1]):
        yield broken_file(rel, meta_problems)


def iter_blocks(paths: Iterable[Path], root: Path, default: tuple[str, ...] = versions.ALL) -> Iterator[Block]:
    for path in find_files(paths):
        yield from blocks_in(path, root, default)


class PageDocument(Document):
    """A page that always parses: unreadable text (not UTF-8, too large) becomes a finding, not a traceback."""

    problems: list[Finding]

    @classmethod
    def parse(cls, path: str, *parsers: Any, encoding: str = "utf-8") -> PageDocument:
        text, problems = read_text(Path(path), path)
        document = cls(text, path)
        document.problems = problems
        for parser in parsers:
            for region in parser(document):
                document.add(region)
        return document


class BlockParser:
    """A sybil parser: every tested fenced block becomes an example evaluated by `evaluate`."""

    def __init__(self, root: Path, evaluate: Callable[..., Any], with_namespace: bool = False) -> None:
        self.root = root
        self.evaluate = evaluate
        self.with_namespace = with_namespace  # pass the document's namespace (fixtures, page state)

    def __call__(self, document: Document) -> Iterable[Region]:
        rel = relative(Path(document.path), self.root)
        problems = getattr(document, "problems", [])
        if problems:
            block = broken_file(rel, problems)
            yield Region(0, 0, parsed=block, evaluator=self._evaluator(block))
            return
        for region, block in page_blocks(document, rel, self.root):
            region.parsed = block
            region.evaluator = self._evaluator(block)
            yield region

    def _evaluator(self, block: Block) -> Callable[[Any], Any]:
        if self.with_namespace:
            return lambda example: self.evaluate(block, example.namespace)
        return lambda example: self.evaluate(block)
