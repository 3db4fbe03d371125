"""Front matter and directives: one parser and one validator for what pages and blocks claim.

A page claims in its front matter (`k8s: "1.25-1.37"`, `cni: [calico]`, `live: dry-run`,
`crds: [gateway-api-experimental]`);
a block in a `<!-- k8sdoctest: … -->` comment before its fence, or in a `# k8sdoctest: …`
comment in the first lines of its snippet file. Every value goes through `validate`, so a
misspelt CNI, a version written as a number or an unknown key is a finding, never ignored.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import replace
from types import MappingProxyType
from typing import Any

import yaml

from .. import versions
from ..model import CNIS, LIVE_MODES, Claims, Finding

FRONT_MATTER = re.compile(r"\A(?P<bom>\ufeff?)---[ \t]*\n(?P<body>.*?\n)?---[ \t]*(\n|\Z)", re.DOTALL)
DIRECTIVE = re.compile(r"<!--\s*k8sdoctest:(?P<args>.*?)-->", re.DOTALL)
# Anything that looks like it was meant as a directive: reported when it is not one.
DIRECTIVE_LIKE = re.compile(r"<!--\s*k8sdoctest\b", re.IGNORECASE)
FILE_DIRECTIVE = re.compile(r"^\s*#\s*k8sdoctest:(?P<args>.*)$", re.MULTILINE)
FILE_DIRECTIVE_LINES = 10
LOOK_BACK = 4096  # a directive comment is short: never scan further back than this for one
PAGE_KEYS = ("k8s", "cni", "live", "crds")  # what front matter may claim (other keys belong to MkDocs)


class ClaimError(ValueError):
    """A claim that cannot be used, with the reason a reader can act on."""


def _k8s(value: Any) -> dict[str, Any]:
    if isinstance(value, float):  # YAML reads 1.30 as 1.3: the claim would silently change
        raise ClaimError(f"k8s: {value!r} is a number: quote it (k8s: \"1.30\"), YAML reads 1.30 as 1.3")
    try:
        return {"k8s": versions.parse_range(value)}
    except versions.VersionError as exc:
        raise ClaimError(f"k8s: {exc}") from None


def _cni(value: Any) -> dict[str, Any]:
    items = value.split(",") if isinstance(value, str) and "," in value else value
    if isinstance(items, str):
        items = [items]
    if not isinstance(items, list | tuple) or not items or not all(isinstance(c, str) and c for c in items):
        raise ClaimError(f"cni: {value!r} must be a list of CNIs (one of {', '.join(CNIS)})")
    unknown = [c for c in items if c not in CNIS]
    if unknown:
        raise ClaimError(f"cni: unknown CNI {', '.join(map(repr, unknown))} (one of {', '.join(CNIS)})")
    return {"cni": tuple(items)}


def _live(value: Any) -> dict[str, Any]:
    if value not in LIVE_MODES:
        raise ClaimError(f"live: {value!r}: use {', '.join(LIVE_MODES)}")
    return {"live": value}


# A CRD set or a claim on one: `gateway-api`, `gateway-api-experimental`, `gateway-api-v1.6.1`, `cilium-v1.19.4`.
# Which sets exist depends on the CRD directories of the run: the crd check reports a claim that matches none.
CRD_SET = re.compile(r"^[a-z0-9][a-z0-9-]*(-v\d+(\.\d+)*)?(-[a-z]+)?$")


def _crds(value: Any) -> dict[str, Any]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(w, str) for w in items):
        raise ClaimError(f"crds: {value!r} must be a list of CRD sets, e.g. crds=gateway-api-experimental")
    words = tuple(w.strip() for w in items if w.strip())
    bad = [w for w in words if not CRD_SET.match(w)]
    if bad or not words:
        shown = ", ".join(map(repr, bad)) or repr(value)
        raise ClaimError(f"crds: {shown}: name CRD sets as project[-vX.Y.Z][-channel], e.g. crds=gateway-api-experimental")
    return {"crds": words}


def _expect(value: Any) -> dict[str, Any]:
    if value != "invalid":
        raise ClaimError(f"expect={value!r}: only expect=invalid is known")
    return {"expect": value}


def _interactive(value: Any) -> dict[str, Any]:
    if value not in ("true", "false", True, False):
        raise ClaimError(f"interactive={value!r}: use true or false")
    return {"interactive": value in ("true", True)}


def _excerpt(value: Any) -> dict[str, Any]:
    from .excerpts import KINDS, parse_path

    if not isinstance(value, str) or parse_path(value) is None:
        raise ClaimError(f"excerpt={value!r}: write Kind.path, e.g. excerpt=Service.spec (Kind one of {', '.join(sorted(KINDS))})")
    return {"excerpt": value}


VALIDATORS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "k8s": _k8s, "cni": _cni, "live": _live, "crds": _crds, "expect": _expect, "interactive": _interactive, "excerpt": _excerpt,
    "match": lambda v: {"match": str(v)}, "reason": lambda v: {"reason": str(v)},
}


def _skip(value: str, base: Claims, known: frozenset[str]) -> dict[str, Any]:
    name, colon, why = value.partition(":")
    name = name.strip()
    if name not in known:
        raise ClaimError(f"skip={name!r}: no such check (one of {', '.join(sorted(known))})")
    if not colon or not why.strip():
        raise ClaimError(f"skip={name} needs a reason: skip=\"{name}: why\"")
    return {"skip": MappingProxyType({**base.skip, name: why.strip()})}


def apply(base: Claims, key: str, value: Any, known: frozenset[str]) -> Claims:
    """`base` with one claim validated and applied; raises ClaimError."""
    if key == "skip":
        return replace(base, **_skip(str(value), base, known))
    if key not in VALIDATORS:
        raise ClaimError(f"unknown directive key {key!r} (one of {', '.join(sorted([*VALIDATORS, 'skip']))})")
    return replace(base, **VALIDATORS[key](value))


def check_names() -> frozenset[str]:
    from ..checks import names  # the registry decides what `skip=` may name

    return names()


def directive(args: str, base: Claims, line: int) -> tuple[Claims, list[Finding]]:
    """`k8s=1.27-1.37 cni=cilium crds=gateway-api-experimental expect=invalid match=… reason="…"` over `base`.

    `line` is where findings point. Like `k8s` and `cni`, a block's `crds=` replaces the page's claim.
    """
    claims = replace(base, expect=None, match=None, reason=None, excerpt=None)
    try:
        words = shlex.split(args)
    except ValueError as exc:
        return claims, [Finding("error", "directive", f"cannot read the directive: {exc}", line)]
    problems: list[Finding] = []
    known = check_names()
    for word in words:
        key, eq, value = word.partition("=")
        try:
            if not eq:
                raise ClaimError(f"directive word {word!r} is not key=value")
            claims = apply(claims, key, value, known)
        except ClaimError as exc:
            problems.append(Finding("error", "directive", str(exc), line))
    if claims.expect and not (claims.match and claims.reason):
        problems.append(Finding("error", "directive", "expect=invalid needs match=\"text of the finding\" and reason=\"…\"", line))
    return claims, problems


def front_matter(text: str, default: tuple[str, ...]) -> tuple[Claims, list[Finding]]:
    """The page's claims from its front matter; findings carry the 1-based line of the page (as `line`)."""
    claims = Claims(default)
    found = FRONT_MATTER.match(text)
    if not found:
        return claims, []
    try:
        data = yaml.safe_load(found.group("body") or "") or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 2 + (mark.line if mark else 0)
        return claims, [Finding("error", "front-matter", f"front matter is not YAML: {getattr(exc, 'problem', exc)}", line)]
    if not isinstance(data, dict):
        return claims, [Finding("error", "front-matter", "front matter must be a mapping", 1)]
    problems = []
    body = found.group("body") or ""
    for key in PAGE_KEYS:
        if key in data:
            try:
                claims = apply(claims, key, data[key], frozenset())
            except ClaimError as exc:
                problems.append(Finding("error", "front-matter", str(exc), _key_line(body, key)))
    return claims, problems


def _key_line(body: str, key: str) -> int:
    """1-based page line of a top-level front-matter key (the body starts on line 2)."""
    for number, line in enumerate(body.split("\n"), start=2):
        if line.startswith(f"{key}:"):
            return number
    return 1


def file_directive(body: str, base: Claims) -> tuple[Claims, list[Finding]]:
    """A `# k8sdoctest: …` comment in the first lines of a (snippet) file's text; findings use 0-based block lines."""
    head = "\n".join(body.split("\n")[:FILE_DIRECTIVE_LINES])
    found = FILE_DIRECTIVE.search(head)
    if found is None:
        return base, []
    return directive(found.group("args"), base, head.count("\n", 0, found.start()))


def before(text: str, start: int, line_of: Callable[[int], int] | None = None) -> tuple[str | None, int, list[str]]:
    """The `<!-- k8sdoctest: … -->` comment right before offset `start`: (args, 1-based line, problems).

    Looks back only over blanks and the one comment, never the whole page (that was quadratic in blocks).
    """
    def lines(offset: int) -> int:
        return line_of(offset) if line_of else text.count("\n", 0, offset) + 1

    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    window = max(0, end - LOOK_BACK)
    if text.endswith("-->", 0, end):
        at = text.rfind("<!--", window, end)
    else:
        # maybe an unclosed directive comment: the last `<!--` just above, with no `-->` after it
        at = text.rfind("<!--", window, end)
        if at != -1 and DIRECTIVE_LIKE.match(text, at) and text.find("-->", at, end) == -1:
            return None, lines(at), ["directive comment is never closed: end it with -->"]
        return None, 0, []
    if at == -1 or not DIRECTIVE_LIKE.match(text, at):
        return None, 0, []
    line = lines(at)
    close = text.find("-->", at, end)
    if close + 3 != end:
        return None, 0, []  # a comment further up: it belongs to something else
    found = DIRECTIVE.fullmatch(text, at, end)
    if found is None:
        return None, line, ["malformed directive: write <!-- k8sdoctest: key=value … --> (a colon after k8sdoctest)"]
    return found.group("args"), line, []
