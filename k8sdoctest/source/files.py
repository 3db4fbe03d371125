"""Reading source files: size limit, UTF-8, relative names, directory walks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..model import Finding

MAX_BYTES = 2 * 1024 * 1024  # larger files are reported, not parsed
MARKDOWN = frozenset({".md", ".markdown"})
LANGUAGE_BY_SUFFIX = {".yaml": "yaml", ".yml": "yaml", ".sh": "bash", ".bash": "bash", ".json": "json"}
SUFFIXES = MARKDOWN | frozenset(LANGUAGE_BY_SUFFIX)


def relative(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def read_text(path: Path, rel: str) -> tuple[str, list[Finding]]:
    """The file's text, or a finding that says why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            mb = size / 1024 / 1024
            return "", [Finding("error", "read", f"file is {mb:.1f} MB, over the {MAX_BYTES // 1024 // 1024} MB limit: not parsed", -1)]
        raw = path.read_bytes()
    except OSError as exc:
        return "", [Finding("error", "read", f"cannot read {rel}: {exc.strerror}", -1)]
    try:
        return raw.decode("utf-8").replace("\r\n", "\n"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return "", [Finding("error", "read", f"not UTF-8 (byte 0x{raw[exc.start]:02x} at line {line}): save the file as UTF-8", line)]


def language_of_file(path: Path) -> str | None:
    """`markdown`, a block language, or None for a file the verifier does not read."""
    suffix = path.suffix.lower()
    if suffix in MARKDOWN:
        return "markdown"
    return LANGUAGE_BY_SUFFIX.get(suffix)


def find_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Every file to verify: directories are walked for known suffixes; a named file is always yielded."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            yield path
