"""`--8<--` includes, resolved the way pymdownx.snippets does, keeping each line's origin."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ..model import Finding, Origin
from .files import read_text, relative

INCLUDE = re.compile(r'^(?P<indent>[ \t]*)(?P<escape>;?)-{1,}8<-{1,}[ \t]+"(?P<spec>[^"]+)"[ \t]*$')
SECTION = re.compile(r"-{1,}8<-{1,}\s*\[(?P<end>start|end):(?P<name>[^\]]+)\]")


class Includes:
    """Resolves include specs (`file` or `file:section`) against the site's base paths."""

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
        """Lines, origins and an error for one include spec."""
        name, _, section = spec.partition(":")
        if section and re.fullmatch(r"[\d:-]+", section):
            return [], [], f"include {spec!r} selects lines by number: use a named section"
        path = self.find(name)
        if path is None:
            looked = ", ".join(relative(b, self.root) for b in self.base_paths)
            return [], [], f"included file {name!r} does not exist (looked in {looked})"
        rel = relative(path, self.root)
        text, problems = read_text(path, rel)
        if problems:
            return [], [], f"{rel}: {problems[0].message}"
        lines, numbers = section_of(text, section)
        if lines is None:
            return [], [], f"{rel} has no section [start:{section}]…[end:{section}]"
        return lines, [Origin(rel, n) for n in numbers], None


def section_of(text: str, section: str) -> tuple[list[str] | None, list[int]]:
    """The lines of a named section (all lines when unnamed), without marker lines or trailing blanks."""
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


def expand_block(source: str, page: str, first_line: int, includes: Includes) -> tuple[str, list[Origin], list[Finding]]:
    """Resolve the include lines in a block's source."""
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
