"""`yaml`: the block parses as YAML (as the manifests module reads it) and each document is a Kubernetes object."""

from __future__ import annotations

from ..manifests import Doc, parsed
from ..model import YAML, CheckResult, Finding
from ..source.excerpts import is_excerpt
from ..source.scripts import is_script
from . import Check, Target

NAME = "yaml"
EXCERPT = "excerpt: part of an object, not a whole one (see the excerpt check)"


def run(target: Target) -> CheckResult:
    docs, error = parsed(target.yaml[0])
    if error:
        return CheckResult.from_findings(NAME, [error], "")
    if not docs:
        finding = Finding("error", NAME, "block has nothing verifiable: no YAML document, only comments or blank lines", -1)
        return CheckResult.from_findings(NAME, [finding], "")
    fragments = target.block.claims.excerpt is not None or not is_script(target.block)  # a page may show part of an object
    findings = [f for d in docs if (f := shape(d, fragments)) is not None]
    ok = f"{len(docs)} document{'s' if len(docs) > 1 else ''} parsed"
    return CheckResult.from_findings(NAME, findings, ok)


def shape(doc: Doc, fragments: bool = False) -> Finding | None:
    """A document must be an object with apiVersion and kind to be checked further (or, on a page, an excerpt of one)."""
    data = doc.data
    if fragments and is_excerpt(data):
        return Finding("info", NAME, EXCERPT, doc.line)
    if isinstance(data, list):
        return Finding("error", NAME, "document is a list, not a Kubernetes object (split it with ---, or use kind: List)", doc.line)
    if not isinstance(data, dict):
        snippet = str(data).strip().split("\n")[0][:60]
        hint = " — this looks like shell: use a ```bash fence" if _looks_like_shell(str(data)) else ""
        return Finding("error", NAME, f"document is a scalar ({snippet!r}), not a Kubernetes object{hint}", doc.line)
    missing = [k for k in ("apiVersion", "kind") if not isinstance(data.get(k), str)]
    if missing:
        return Finding("error", NAME, f"document has no {' and no '.join(missing)}: not a Kubernetes object", doc.line)
    return None


def _looks_like_shell(text: str) -> bool:
    first = text.strip().split()[:1]
    return bool(first) and first[0] in {"helm", "kubectl", "curl", "cd", "export", "echo", "sudo", "apt", "cilium", "kind"}


CHECK = Check(NAME, "YAML 语法", YAML, run, needs=("docs",))
