"""`excerpt`: a YAML fragment (`annotations:`, a `spec:`, an `env:` list) validated as the part of the object it is.

The fragment is placed into the object it belongs to (named by `excerpt=Kind.path`, or
inferred from its keys and the kind the prose names before the block) and that object
goes through the strict schema; "required" errors are dropped, since the page left the
rest out on purpose. A fragment whose place cannot be told is reported, not guessed.
"""

from __future__ import annotations

from collections import defaultdict

from .. import versions
from ..manifests import Doc
from ..model import YAML, CheckResult, Finding
from ..source.excerpts import infer, named_kind, parse_path, wrap
from . import Check, Target
from .schema import validator

NAME = "excerpt"
UNPLACED = "excerpt, not checked as an object: say what it is part of with <!-- k8sdoctest: excerpt=Kind.path -->"


def check(doc: Doc, kind: str, steps: list[str | int], claimed: tuple[str, ...], label: str) -> list[Finding]:
    obj = wrap(kind, steps, doc.data)
    by_message: dict[tuple[str, int], list[str]] = defaultdict(list)
    for version in claimed:
        v = validator(version, obj["apiVersion"], kind)
        if v is None:
            continue
        for error in v.iter_errors(obj):
            if "is a required property" in error.message:
                continue
            path = list(error.instance_path)
            inner = path[len(steps):] if path[: len(steps)] == steps else path
            where = ".".join(str(p) for p in path) or "(root)"
            by_message[(f"{label}{where}: {error.message}", doc.line_of(inner))].append(version)
    return [Finding("error", NAME, f"{msg} [Kubernetes {versions.describe(vs)}]", line) for (msg, line), vs in by_message.items()]


def run(target: Target) -> CheckResult | None:
    fragments = target.excerpts
    if not fragments:
        return None
    claim = target.block.claims.excerpt
    place = parse_path(claim) if claim else None
    findings: list[Finding] = []
    placed: list[str] = []
    for doc in fragments:
        named = named_kind(target.page, target.block)
        where = place or infer(doc.data, named)
        if where is None:
            findings.append(Finding("info", NAME, UNPLACED, doc.line))
            continue
        kind, steps = where
        told = place is not None or kind == named or steps[:1] == ["spec"]  # else ObjectMeta, the same in every kind
        placed.append(".".join([kind if told else "(any kind)", *(str(s) for s in steps)]))
        findings += check(doc, kind, steps, target.k8s, f"{kind} " if told else "")
    if not placed:
        return CheckResult.not_run(NAME, UNPLACED, findings=tuple(findings))
    return CheckResult.from_findings(NAME, findings, f"excerpt of {', '.join(dict.fromkeys(placed))}: schema accepted", versions=target.k8s)


CHECK = Check(NAME, "片段", YAML, run, after=("yaml",), needs=("docs", "page", "k8s"))
