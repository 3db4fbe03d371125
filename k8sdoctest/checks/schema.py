"""Strict OpenAPI schema of built-in kinds, for every claimed Kubernetes version.

The schemas are the ones kubernetes-validate ships. Unlike kubernetes-validate,
each (version, apiVersion, kind) is compiled once per process with jsonschema-rs.
"""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema_rs

from .. import versions
from ..manifests import Doc, is_builtin
from ..model import YAML, CheckResult, Finding
from . import Check, Target

NAME = "schema"

@functools.cache
def schema_root() -> Path:
    return Path(str(resources.files("kubernetes_validate"))) / "kubernetes-json-schema"


@functools.cache
def _definitions(version: str) -> dict[str, Any]:
    path = schema_root() / f"v{version}.0-local-strict" / "_definitions.json"
    defs: dict[str, Any] = json.loads(path.read_text())["$defs"]
    return defs


def schema_file(version: str, api_version: str, kind: str) -> Path:
    # kubernetes-validate's naming: networking.k8s.io/v1 Ingress -> ingress-networking-v1.json
    suffix = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    return schema_root() / f"v{version}.0-local-strict" / f"{kind.lower()}-{suffix}.json"


@functools.cache
def validator(version: str, api_version: str, kind: str) -> jsonschema_rs.Validator | None:
    """The compiled strict validator, or None when the version does not serve the kind."""
    path = schema_file(version, api_version, kind)
    if not path.is_file():
        return None
    schema = json.loads(path.read_text().replace('"/api/_definitions.json#', '"#'))
    schema["$defs"] = _definitions(version)
    return jsonschema_rs.Draft202012Validator(schema)


def errors_for(doc: Doc, version: str, v: jsonschema_rs.Validator) -> list[Finding]:
    found = []
    try:
        errors = list(v.iter_errors(doc.data))
    except ValueError as exc:  # jsonschema-rs stops at ~255 levels of nesting: a finding, never a traceback
        return [Finding("error", NAME, f"document too deeply nested to validate: {exc}", doc.line)]
    for error in errors:
        path = list(error.instance_path)
        unexpected = re.search(r"'([^']+)' was unexpected", error.message)
        line = doc.key_line(path, unexpected.group(1)) if unexpected else doc.line_of(path)
        where = ".".join(str(p) for p in path) or "(root)"
        found.append(Finding("error", NAME, f"{where}: {error.message}", line))
    return found


def check_doc(doc: Doc, claimed: tuple[str, ...]) -> tuple[list[Finding], list[str]]:
    """Findings (merged across versions) and the versions that accept the document."""
    data = doc.data
    api_version, kind = data["apiVersion"], data["kind"]
    by_message: dict[tuple[str, int], list[str]] = defaultdict(list)
    accepted: list[str] = []
    for version in claimed:
        v = validator(version, api_version, kind)
        if v is None:
            by_message[(f"{api_version} {kind} is not served by Kubernetes", doc.line)].append(version)
            continue
        errors = errors_for(doc, version, v)
        for f in errors:
            by_message[(f.message, f.line)].append(version)
        if not errors:
            accepted.append(version)
    findings = [
        Finding("error", NAME, f"{msg} [Kubernetes {versions.describe(vs)}]", line)
        for (msg, line), vs in by_message.items()
    ]
    meta = data.get("metadata")
    if not isinstance(meta, dict) or not (meta.get("name") or meta.get("generateName")):
        findings.append(Finding("error", NAME, f"{kind} has no metadata.name", doc.line))
    return findings, accepted


def run(target: Target) -> CheckResult | None:
    objects = [d for d in target.docs if isinstance(d.data, dict) and is_builtin(str(d.data.get("apiVersion", "")))]
    if not objects:
        return None
    findings: list[Finding] = []
    accepted = set(target.k8s)
    for doc in objects:
        found, ok = check_doc(doc, target.k8s)
        findings += found
        accepted &= set(ok)
    kinds = ", ".join(sorted({d.data["kind"] for d in objects}))
    ok_text = f"{kinds}: strict schema accepted on Kubernetes {versions.describe(target.k8s)}"
    return CheckResult.from_findings(
        NAME, findings, ok_text, versions=target.k8s, accepted=tuple(sorted(accepted, key=versions.minor))
    )


CHECK = Check(NAME, "严格 Schema", YAML, run, after=("yaml",), needs=("docs", "k8s"))
