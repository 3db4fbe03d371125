"""Site generators' includes: Hugo `{{% code_sample file="…" %}}`, `{{< codenew file="…" >}}`, `{{< code file="…" >}}`,
and a fence holding only a macro include (`{% include 'path' %}`, mkdocs-macros/Jinja, as the Gateway API site writes).

The Kubernetes website (and many Hugo sites) keeps its examples as files under an examples
directory and includes them with a shortcode. Each shortcode becomes a Block whose text is
the example file, so a Hugo site is verified without changing a page. The `<!-- k8sdoctest: … -->`
directive before a shortcode applies to it, as it does before a fence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ..model import TESTED, Block, Claims, Finding, Origin
from . import claims as claims_
from .files import language_of_file, read_text, relative

SHORTCODE = re.compile(r"\{\{([<%])\s*(?P<name>code_sample|codenew|code)\s+(?P<args>[^{}]*?)\s*[%>]\}\}")
JINJA = re.compile(r"\A\s*\{%-?\s*include\s+['\"](?P<file>[^'\"]+)['\"]\s*-?%\}\s*\Z")
ARG = re.compile(r'\b(?P<key>file|language)\s*=\s*"(?P<value>[^"]*)"')


@dataclass(frozen=True)
class Shortcode:
    start: int
    end: int
    file: str
    language: str | None  # `language="yaml"` when the shortcode says it


def shortcodes(text: str) -> Iterator[Shortcode]:
    for m in SHORTCODE.finditer(text):
        args = {a.group("key"): a.group("value") for a in ARG.finditer(m.group("args"))}
        if "file" in args:
            yield Shortcode(m.start(), m.end(), args["file"], args.get("language"))


def block(text: str, code: Shortcode, rel: str, examples: Path, root: Path, base: Claims, page_problems: list[Finding]) -> Block | None:
    """The example file as a block at the shortcode's line; None for a language the verifier does not test."""
    path = examples / code.file
    language = (code.language or language_of_file(path) or "").lower()
    if language == "sh":
        language = "bash"
    if language not in TESTED:
        return None
    line = text.count("\n", 0, code.start) + 1
    file_rel = relative(path, root)
    found = list(page_problems)
    body = ""
    if not path.is_file():
        found.append(Finding("error", "read", f"{code.file}: no such file in the examples directory {relative(examples, root)}", -1))
    else:
        body, problems = read_text(path, file_rel)
        found += problems
        body = body.removesuffix("\n")
    claims, file_problems = claims_.file_directive(body, base)
    found += file_problems
    args, at, malformed = claims_.before(text, code.start)
    found += [Finding("error", "directive", f"line {at}: {m}", -1) for m in malformed]
    if args is not None:
        claims, directive_problems = claims_.directive(args, claims, -1)
        found += [Finding(f.level, f.check, f"line {at}: {f.message}", -1) for f in directive_problems]
    origins = tuple(Origin(file_rel, n + 1) for n in range(max(body.count("\n") + 1, 1)))
    return Block(rel, line, language, body, origins, claims, tuple(found))


def macro_include(found: Block, examples: Path, root: Path) -> Block:
    """A fence holding only `{% include 'x.yaml' %}`: the block is that file from the examples directory."""
    m = JINJA.match(found.text)
    if m is None:
        return found
    path = examples / m.group("file")
    if not path.is_file():
        problem = Finding("error", "read", f"{m.group('file')}: no such file in the examples directory {relative(examples, root)}", -1)
        return replace(found, problems=(*found.problems, problem))
    body, problems = read_text(path, relative(path, root))
    body = body.removesuffix("\n")
    origins = tuple(Origin(relative(path, root), n + 1) for n in range(body.count("\n") + 1))
    return replace(found, text=body, origins=origins, problems=(*found.problems, *problems))
