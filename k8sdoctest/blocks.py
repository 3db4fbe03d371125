"""Markdown → code blocks: sybil's fence lexer, directives, front matter, includes.

Each block keeps, for every line, the file and line it came from, so that a
finding can point at the Markdown (and at the snippet file it includes).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from re import Match

import yaml
from sybil import Document, Region
from sybil.parsers.markdown.lexers import RawFencedCodeBlockLexer

from . import versions
from .model import CHECK_NAMES, DEFAULT_CNIS, Block, Finding, Meta, Origin

# Languages that are tests. `text`, `console`, `mermaid` … are shown, not run.
YAML = {"yaml", "yml"}
SHELL = {"bash", "sh", "shell"}
JSON = {"json"}
TESTED = YAML | SHELL | JSON

MAX_BYTES = 2 * 1024 * 1024  # larger files are reported, not parsed

# The info string: a language, then attributes (`title="…"`, `{ .yaml }`, `hl_lines=…`).
INFO = re.compile(r"[ \t]*(?P<info>[^\n`]*)$\n", re.MULTILINE)
DIRECTIVE = re.compile(r"<!--\s*k8sdoctest:(?P<args>.*?)-->\s*$", re.DOTALL)
# The same directive as a comment in a snippet file's first lines: the file carries its own claim.
FILE_DIRECTIVE = re.compile(r"^\s*#\s*k8sdoctest:(?P<args>.*)$", re.MULTILINE)
FILE_DIRECTIVE_LINES = 10
INCLUDE = re.compile(r'^(?P<indent>[ \t]*)(?P<escape>;?)-{1,}8<-{1,}[ \t]+"(?P<spec>[^"]+)"[ \t]*$')
SECTION = re.compile(r"-{1,}8<-{1,}\s*\[(?P<end>start|end):(?P<name>[^\]]+)\]")
CRD_CLAIM = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n---[ \t]*\n", re.DOTALL)


class _Lexer(RawFencedCodeBlockLexer):
    """sybil's fence lexer, also telling whether the fence was closed."""

    def __init__(self) -> None:
        super().__init__(info_pattern=INFO)

    def make_region(
        self, opening: Match[str], document: Document, closing: Match[str] | None
    ) -> Region | None:
        region = super().make_region(opening, document, closing)
        if region is not None:
            region.lexemes["closed"] = closing is not None
            region.lexemes["indent"] = len(opening.group("prefix"))
        return region


LEXER = _Lexer()


def language_of(info: str) -> tuple[str, str]:
    """Split a fence's info string into (language, attributes)."""
    info = info.strip()
    if info.startswith("{"):
        cls = re.search(r"\.([\w+-]+)", info)
        return (cls.group(1).lower() if cls else ""), info
    head, _, rest = info.partition(" ")
    head = head.split("{")[0]
    return head.lower(), rest.strip()


@dataclass
class Page:
    """A source file and what it claims."""

    path: Path
    rel: str
    text: str
    meta: Meta
    problems: list[Finding] = field(default_factory=list)


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


def parse_directive(args: str, base: Meta) -> tuple[Meta, list[str]]:
    """`k8s=1.27-1.37 cni=cilium crds=gateway-api-experimental expect=invalid match=… reason="…"` over the page's defaults."""
    meta = Meta(base.k8s, base.cni, None, None, None, dict(base.skip), base.live, base.interactive, base.crds)
    errors: list[str] = []
    try:
        words = shlex.split(args)
    except ValueError as exc:
        return meta, [f"cannot read the directive: {exc}"]
    for word in words:
        key, eq, value = word.partition("=")
        if not eq:
            errors.append(f"directive word {word!r} is not key=value")
        elif key == "k8s":
            try:
                meta.k8s = versions.parse_range(value)
            except versions.VersionError as exc:
                errors.append(str(exc))
        elif key == "cni":
            meta.cni = tuple(v for v in value.split(",") if v)
        elif key == "expect":
            if value != "invalid":
                errors.append(f"expect={value!r}: only expect=invalid is known")
            meta.expect = value
        elif key in ("match", "reason"):
            setattr(meta, key, value)
        elif key == "skip":
            name, _, why = value.partition(":")
            if name.strip() not in CHECK_NAMES:
                errors.append(f"skip={name.strip()!r}: no such check (one of {', '.join(sorted(CHECK_NAMES))})")
            meta.skip[name.strip()] = why.strip()
        elif key == "crds":
            bad = [w for w in value.split(",") if w and not CRD_CLAIM.match(w)]
            if bad or not value:
                errors.append(f"crds={value!r}: name CRD sets as project[-vX.Y.Z][-channel], e.g. crds=gateway-api-experimental")
            meta.crds = value
        elif key == "interactive":
            meta.interactive = value == "true"
        elif key == "live":
            if value not in ("apply", "dry-run", "none"):
                errors.append(f"live={value!r}: use apply, dry-run or none")
            meta.live = value
        else:
            errors.append(f"unknown directive key {key!r}")
    for name, why in meta.skip.items():
        if not why:
            errors.append(f"skip={name} needs a reason: skip=\"{name}: why\"")
    if meta.expect and not (meta.match and meta.reason):
        errors.append("expect=invalid needs match=\"text of the finding\" and reason=\"…\"")
    return meta, errors


def page_meta(text: str, default: tuple[str, ...]) -> tuple[Meta, list[Finding]]:
    """The page's claims from its front matter: `k8s`, `cni`, `live`, `crds`."""
    meta = Meta(default)
    found = FRONT_MATTER.match(text)
    if not found:
        return meta, []
    try:
        data = yaml.safe_load(found.group("body")) or {}
    except yaml.YAMLError as exc:
        return meta, [Finding("error", "front-matter", f"front matter is not YAML: {exc}", 1)]
    if not isinstance(data, dict):
        return meta, [Finding("error", "front-matter", "front matter must be a mapping", 1)]
    problems = []
    if "k8s" in data:
        try:
            meta.k8s = versions.parse_range(data["k8s"])
        except versions.VersionError as exc:
            problems.append(Finding("error", "front-matter", f"k8s: {exc}", 1))
    if isinstance(data.get("cni"), list):
        meta.cni = tuple(str(c) for c in data["cni"]) or DEFAULT_CNIS
    if data.get("live") in ("apply", "dry-run", "none"):
        meta.live = data["live"]
    if "crds" in data:
        crds = data["crds"]
        words = [str(c) for c in crds] if isinstance(crds, list) else str(crds).split(",")
        meta.crds = ",".join(w.strip() for w in words if w.strip()) or None
    return meta, problems


def directive_before(text: str, start: int) -> tuple[str | None, int]:
    """The `<!-- k8sdoctest: … -->` comment right before a fence, if any."""
    before = text[:start].rstrip()
    end = before.rfind("<!--")
    if end == -1:
        return None, 0
    found = DIRECTIVE.match(before[end:])
    if not found:
        return None, 0
    return found.group("args"), before.count("\n", 0, end) + 1


class Includes:
    """Resolves `--8<--` lines the way pymdownx.snippets does, keeping origins."""

    def __init__(self, root: Path, base_paths: Iterable[Path]) -> None:
        self.root = root
        self.base_paths = list(base_paths)

    def find(self, name: str) -> Path | None:
        for base in self.base_paths:
            candidate = base / name
            if candidate.is_file():
                return candidate
        return None

    def expand(self, spec: str) -> tuple[list[str], list[Origin], str | None]:
        """Lines, origins and an error for one include spec (`file` or `file:section`)."""
        name, _, section = spec.partition(":")
        if section and re.fullmatch(r"[\d:-]+", section):
            return [], [], f"include {spec!r} selects lines by number: use a named section"
        path = self.find(name)
        if path is None:
            return [], [], f"included file {name!r} does not exist (looked in {', '.join(self._rel(b) for b in self.base_paths)})"
        text, problems = read_text(path, self._rel(path))
        if problems:
            return [], [], f"{self._rel(path)}: {problems[0].message}"
        lines, origins = self._section(text, section)
        if lines is None:
            return [], [], f"{self._rel(path)} has no section [start:{section}]…[end:{section}]"
        rel = self._rel(path)
        return lines, [Origin(rel, n) for n in origins], None

    @staticmethod
    def _section(text: str, section: str) -> tuple[list[str] | None, list[int]]:
        lines: list[str] = []
        numbers: list[int] = []
        inside = not section
        seen = False
        for number, line in enumerate(text.split("\n"), start=1):
            marker = SECTION.search(line)
            if marker:
                if section and marker.group("name") == section:
                    inside = marker.group("end") == "start"
                    seen = True
                continue
            if inside:
                lines.append(line)
                numbers.append(number)
        if section and not seen:
            return None, []
        while lines and lines[-1] == "":
            lines.pop()
            numbers.pop()
        return lines, numbers

    def _rel(self, path: Path) -> str:
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)


def expand_block(source: str, page: str, first_line: int, includes: Includes) -> tuple[str, list[Origin], list[Finding]]:
    """Resolve include lines in a block's source."""
    out: list[str] = []
    origins: list[Origin] = []
    problems: list[Finding] = []
    for offset, line in enumerate(source.split("\n")):
        inc = INCLUDE.match(line)
        if inc and not inc.group("escape"):
            lines, where, error = includes.expand(inc.group("spec"))
            if error:
                problems.append(Finding("error", "include", error, len(out)))
                out.append(line)
                origins.append(Origin(page, first_line + offset))
                continue
            out.extend(inc.group("indent") + item if item else item for item in lines)
            origins.extend(where)
        else:
            out.append(line)
            origins.append(Origin(page, first_line + offset))
    if out and out[-1] == "":
        out.pop()
        origins.pop()
    return "\n".join(out), origins, problems


def blocks_from_markdown(document: Document, page: str, base: Meta, includes: Includes, all_languages: bool = False) -> Iterator[tuple[Region, Block]]:
    """Every tested fenced block of a Markdown document, with its region for sybil."""
    text = document.text
    for region in LEXER(document):
        language, attrs = language_of(region.lexemes["info"])
        if language not in TESTED and not all_languages:
            continue
        fence_line = text.count("\n", 0, region.start) + 1
        source = str(region.lexemes["source"])
        body, origins, problems = expand_block(source, page, fence_line + 1, includes)
        meta, file_problems = file_meta(body, base)
        args, directive_line = directive_before(text, region.start)
        meta, errors = (meta, []) if args is None else parse_directive(args, meta)
        problems += file_problems + [Finding("error", "directive", f"line {directive_line}: {e}", -1) for e in errors]
        if not region.lexemes["closed"]:
            problems.append(Finding("error", "fence", "code fence is never closed: add the closing ``` line", -1))
        block = Block(page, fence_line, language, body, origins, meta, problems, attrs)
        yield region, block


def file_meta(body: str, base: Meta) -> tuple[Meta, list[Finding]]:
    """A `# k8sdoctest: …` comment in the first lines of the (included) text, over the page's claims."""
    head = "\n".join(body.split("\n")[:FILE_DIRECTIVE_LINES])
    found = FILE_DIRECTIVE.search(head)
    if found is None:
        return base, []
    meta, errors = parse_directive(found.group("args"), base)
    line = head.count("\n", 0, found.start())
    return meta, [Finding("error", "directive", e, line) for e in errors]


def block_from_file(rel: str, text: str, language: str, meta: Meta) -> Block:
    """A whole YAML or shell file as one block."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    body = "\n".join(lines)
    meta, problems = file_meta(body, meta)
    return Block(rel, 1, language, body, [Origin(rel, n + 1) for n in range(len(lines))], meta, problems)


LANGUAGE_BY_SUFFIX = {".yaml": "yaml", ".yml": "yaml", ".sh": "bash", ".bash": "bash", ".json": "json"}
