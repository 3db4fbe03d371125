"""`--8<--` includes: the grammar pymdownx.snippets expands, as mkdocs.yml configures it, keeping each line's origin.

mkdocs.yml sets `base_path: [snippets]`, `restrict_base_path`, `check_paths` and no URL
downloads; this module implements exactly what pymdownx.snippets 13 then expands:

- the inline form `--8<-- "file"` or `--8<-- 'file'` (nothing after the closing quote),
- the block form: a line `--8<--`, one path per line, a line `--8<--`,
- `file:section` (named sections; line numbers are refused), and `;--8<--` to escape,
- includes nested in an included file, expanded the same way.

Anything else that names a file is refused with a finding rather than read: an absolute path,
`..`, a symlink at any depth, anything that is not a regular file inside snippets/. The site's
gate (k8sdoctest/site/gate.py) compares what MkDocs rendered with what was verified, so a
form this module and pymdownx read differently fails the build instead of publishing.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..model import Finding, Origin
from .claims import FILE_DIRECTIVE
from .files import read_text

# pymdownx.snippets' RE_ALL_SNIPPETS: inline (double or single quotes, no trailing blanks) or a block marker.
INCLUDE = re.compile(
    r"""^(?P<indent>[ \t]*)(?P<escape>;*)(?:(?P<inline>-{1,}8<-{1,}[ \t]+)(?P<quoted>"(?:\\"|[^"\n\r])+?"|'(?:\\'|[^'\n\r])+?')(?![ \t])"""
    r"""|(?P<block>-{1,}8<-{1,})(?![ \t]))\r?$"""
)
SECTION = re.compile(
    r"(?i)^(?P<pre>.*?)(?<!;)(?!(?<=-)-)(?P<escape>;*)(?P<marker>-{1,}8<-{1,}[ \t]+)"
    r"(?P<section>\[[ \t]*(?P<end>start|end)[ \t]*:[ \t]*(?P<name>[a-z][-_0-9a-z]*)[ \t]*\])(?P<post>.*?)$"
)
# Anything a reader might take for an include, so that a form pymdownx ignores is not silently left as text.
LOOKS_LIKE = re.compile(r"-8<-")
MAX_DEPTH = 8
SNIPPETS = "snippets"


@dataclass(frozen=True)
class Included:
    lines: list[str]
    origins: list[Origin]
    problems: list[str]


def _safe_path(root: Path, name: str) -> tuple[Path | None, str | None]:
    """The regular file `snippets/name`, or why it may not be read: no absolute paths, `..`, symlinks or special files."""
    rel = PurePosixPath(name)
    if rel.is_absolute() or name.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:", name):
        return None, f"include {name!r} is an absolute path: includes name files under snippets/ only"
    if any(part == ".." for part in rel.parts) or "\\" in name:
        return None, f"include {name!r} leaves snippets/: `..` is not allowed"
    if name.lower().startswith(("http://", "https://")):
        return None, f"include {name!r} is a URL: includes name files under snippets/ only"
    path = root / SNIPPETS
    for part in (*[p for p in rel.parts if p != "."],):
        path = path / part
        try:
            mode = path.lstat().st_mode
        except OSError:
            return None, f"included file {name!r} does not exist (looked in snippets/)"
        if stat.S_ISLNK(mode):
            return None, f"include {name!r} goes through a symlink ({path.relative_to(root)}): symlinks are never followed"
    try:
        mode = path.lstat().st_mode
    except OSError:
        return None, f"included file {name!r} does not exist (looked in snippets/)"
    if not stat.S_ISREG(mode):
        return None, f"include {name!r} is not a regular file"
    return path, None


def split_spec(spec: str) -> tuple[str, str, bool]:
    """(file, section, by line numbers) of `file`, `file:section` or `file:1:5`, as pymdownx splits them."""
    lines = re.search(r"((?::-?[0-9]*){1,2}(?:,(?=[-0-9:])-?[0-9]*(?::-?[0-9]*)?)*)$", spec)
    if lines and lines.group(1) and lines.group(1) != ":":
        return spec[: lines.start(1)], "", True
    named = re.search(r"(?i):([a-z][-_0-9a-z]*)$", spec)
    if named:
        return spec[: named.start()], named.group(1), False
    return spec, "", False


class Includes:
    """Resolves include specs (`file` or `file:section`) inside `root/snippets`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def expand(self, spec: str, at: Origin, indent: str = "", seen: tuple[str, ...] = ()) -> Included:
        """Lines, origins and problems (each `file:line: …`) for one include spec at `at`, nested includes expanded."""
        name, section, by_number = split_spec(spec.strip())
        name = name.strip()

        def refuse(why: str) -> Included:
            return Included([], [], [f"{at.file}:{at.line}: {why}"])

        if by_number:
            return refuse(f"include {spec!r} selects lines by number: use a named section")
        path, refused = _safe_path(self.root, name)
        if path is None:
            return refuse(refused or "")
        rel = f"{SNIPPETS}/{PurePosixPath(name).as_posix().removeprefix('./')}"
        if rel in seen or len(seen) >= MAX_DEPTH:
            return refuse(f"{rel} includes itself (or nests deeper than {MAX_DEPTH}): not expanded")
        text, problems = read_text(path, rel)
        if problems:
            return refuse(f"{rel}: {problems[0].message}")
        lines, numbers = section_of(text, section)
        if lines is None:
            return refuse(f"{rel} has no section [start:{section}]…[end:{section}]")
        directive = next((n for line, n in zip(lines, numbers, strict=True) if FILE_DIRECTIVE.match(line)), None)
        if directive is not None:
            # A reader copies the file: what it claims belongs in the page's directive, not in the text.
            return refuse(f"{rel}:{directive}: a `# k8sdoctest:` line in a snippet file would be published: "
                          "move it to the page's <!-- k8sdoctest: … --> before the fence")
        out = expand_lines(lines, [Origin(rel, n) for n in numbers], self, (*seen, rel))
        return Included([indent + item if item else item for item in out.lines], out.origins, out.problems)


def section_of(text: str, section: str) -> tuple[list[str] | None, list[int]]:
    """The lines of a named section (the whole file when unnamed), without marker lines, exactly as pymdownx selects them.

    A file's final newline leaves an empty last line, kept as pymdownx keeps it: inside a block it is a blank line.
    """
    lines: list[str] = []
    numbers: list[int] = []
    raw = text.split("\n") if text else []
    if not section:
        for number, line in enumerate(raw, start=1):
            marker = SECTION.match(line) if "8<-" in line else None
            if marker and marker.group("escape"):
                line = marker.group("pre") + marker.group("escape")[1:] + marker.group("marker") + marker.group("section") + marker.group("post")
            elif marker:
                continue
            lines.append(line)
            numbers.append(number)
        return lines, numbers
    inside = found = False
    for number, line in enumerate(raw, start=1):
        marker = SECTION.match(line) if "8<-" in line else None
        if marker and marker.group("escape"):
            line = marker.group("pre") + marker.group("escape")[1:] + marker.group("marker") + marker.group("section") + marker.group("post")
        elif marker and marker.group("name") == section:
            if marker.group("end").lower() == "start":
                inside = found = True
                continue
            break
        elif marker and inside:
            continue
        if inside:
            lines.append(line)
            numbers.append(number)
    if not found:
        return None, []
    return lines, numbers


def expand_lines(lines: list[str], origins: list[Origin], includes: Includes, seen: tuple[str, ...] = ()) -> Included:
    """Every include form in `lines` expanded (pymdownx.snippets' parse_snippets), with each output line's origin."""
    out: list[str] = []
    where: list[Origin] = []
    problems: list[str] = []
    block = False
    for line, origin in zip(lines, origins, strict=True):
        inc = INCLUDE.match(line) if "8<-" in line else None
        if inc and inc.group("escape"):
            out.append(line.replace(";", "", 1))
            where.append(origin)
            continue
        if inc and inc.group("block"):
            block = not block
            continue
        if inc and block:
            continue  # pymdownx ignores inline notation directly inside a block
        if inc or block:
            spec = inc.group("quoted")[1:-1].strip() if inc else line.strip()
            indent = (inc.group("indent") if inc else line[: len(line) - len(line.lstrip(" \t"))]).expandtabs(4)
            if not spec:
                out.append("")
                where.append(origin)
                continue
            if spec.startswith(";"):
                continue
            got = includes.expand(spec, origin, indent, seen)
            problems += got.problems
            out.extend(got.lines)
            where.extend(got.origins)
            continue
        if LOOKS_LIKE.search(line) and re.match(r"^[ \t]*;*-{1,}8<-", line) and not SECTION.match(line):
            problems.append(f"{origin.file}:{origin.line}: {line.strip()!r} looks like an include but is not one MkDocs expands "
                            "(write --8<-- \"file\" with nothing after the closing quote)")
        out.append(line)
        where.append(origin)
    if block:
        problems.append(f"{origins[-1].file if origins else ''}: an include block (--8<--) is never closed")
    return Included(out, where, problems)


def expand_block(source: str, page: str, first_line: int, includes: Includes) -> tuple[str, list[Origin], list[Finding]]:
    """Resolve the include lines in a block's source."""
    lines = source.split("\n")
    got = expand_lines(lines, [Origin(page, first_line + n) for n in range(len(lines))], includes)
    out, origins = got.lines, got.origins
    # What the reader sees: Pygments drops blank lines at the start and end of a block (stripnl), nothing else.
    while out and out[-1] == "":
        out.pop()
        origins.pop()
    start = next((n for n, line in enumerate(out) if line != ""), len(out))
    out, origins = out[start:], origins[start:]
    return "\n".join(out), origins, [Finding("error", "include", p, -1) for p in got.problems]
