"""Strict OpenAPI schema of built-in kinds, for every claimed Kubernetes version.

The schemas are the ones kubernetes-validate ships. Unlike kubernetes-validate,
each (version, apiVersion, kind) is compiled once per process with jsonschema-rs.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import jsonschema_rs

from .. import versions
from ..manifests import Doc, is_builtin, objects
from ..model import YAML, CheckResult, Finding
from . import Check, Target

NAME = "schema"

@functools.cache
def schema_root() -> Path:
    """kubernetes-validate's schema data, found without importing the package (its import costs ~45 ms: jsonschema)."""
    spec = importlib.util.find_spec("kubernetes_validate")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("kubernetes_validate")
    return Path(next(iter(spec.submodule_search_locations))) / "kubernetes-json-schema"


# One definition of the pretty-printed `_definitions.json` starts on a line of its own at this indent.
_DEF_START = re.compile(rb'^    "([^"]+)": \{$', re.MULTILINE)
_REF = re.compile(r'"\$ref": "(?:/api/_definitions\.json)?#/\$defs/([^"]+)"')


@functools.cache
def _definitions_text(version: str) -> tuple[bytes, dict[str, tuple[int, int]]]:
    """The version's definitions file and where each definition's text lies in it.

    Parsing the whole 1.8 MB file costs ~50 ms a version (650 ms for 1.25–1.37) while a
    kind needs a few dozen of its 860 definitions: they are found by position and parsed alone
    (and only they are decoded from UTF-8).
    """
    text = (schema_root() / f"v{version}.0-local-strict" / "_definitions.json").read_bytes()
    starts = list(_DEF_START.finditer(text))
    spans: dict[str, tuple[int, int]] = {}
    for n, m in enumerate(starts):
        end = starts[n + 1].start() if n + 1 < len(starts) else text.find(b"\n  }", m.end())  # `$defs` closes at indent 2
        spans[m.group(1).decode()] = (m.end() - 1, end)
    return text, spans


@functools.cache
def _definitions(version: str) -> dict[str, Any]:
    """Every definition, parsed: the fallback when the file is not laid out as `_definitions_text` expects."""
    path = schema_root() / f"v{version}.0-local-strict" / "_definitions.json"
    defs: dict[str, Any] = json.loads(path.read_text())["$defs"]
    return defs


def _definition_text(version: str, name: str) -> str:
    text, spans = _definitions_text(version)
    start, end = spans[name]
    return text[start:end].decode("utf-8").rstrip().rstrip(",")


def closure(version: str, body: str) -> dict[str, str] | None:
    """The text of each definition a kind's schema reaches (all its validator needs), or None if the file is not as expected."""
    found: dict[str, str] = {}
    todo = _REF.findall(body)
    try:
        while todo:
            name = todo.pop()
            if name not in found:
                found[name] = _definition_text(version, name)
                todo += _REF.findall(found[name])
    except KeyError:
        return None
    return found


def definition(version: str, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """One definition of a version, parsed, and every definition it reaches (its `$defs`): without parsing the whole file."""
    try:
        text = _definition_text(version, name)
    except KeyError:
        text = ""
    reached = closure(version, text) if text else None
    if reached is None:  # not the layout `_definitions_text` expects: every definition, parsed
        defs = _definitions(version)
        return defs[name], defs
    return json.loads(text), {n: json.loads(t) for n, t in reached.items()}


def schema_file(version: str, api_version: str, kind: str) -> Path:
    # kubernetes-validate's naming: networking.k8s.io/v1 Ingress -> ingress-networking-v1.json
    suffix = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    return schema_root() / f"v{version}.0-local-strict" / f"{kind.lower()}-{suffix}.json"


@functools.cache
def validator(version: str, api_version: str, kind: str) -> jsonschema_rs.Validator | None:
    """The compiled strict validator, or None when the version does not serve the kind.

    Versions often share a kind's schema (Service: 3 distinct schemas in 1.25–1.37): a
    schema is compiled once per content (its text and its definitions' without the prose).
    """
    path = schema_file(version, api_version, kind)
    if not path.is_file():
        return None
    body = path.read_text().replace('"/api/_definitions.json#', '"#')
    defs = closure(version, body)
    if defs is None:  # not the layout `_definitions_text` expects: every definition, parsed
        return _compiled("", body, (), version)
    digest = hashlib.sha256(_PROSE.sub("", body).encode())
    for name in sorted(defs):
        digest.update(f"\0{name}\0{_rules_digest(version, name)}".encode())
    return _compiled(digest.hexdigest(), body, tuple(sorted(defs.items())), "")


@functools.cache
def _rules_digest(version: str, name: str) -> str:
    """A definition's digest without its prose (most kinds share ObjectMeta and friends: computed once)."""
    return hashlib.sha256(_PROSE.sub("", _definition_text(version, name)).encode()).hexdigest()


# A `"description": "…"` line of the pretty-printed schema (a property named description has an object value;
# a JSON string holds no raw newline, so the line ends where the string does: `.*` is 5x faster than matching the string).
_PROSE = re.compile(r'^ *"description": ".*$', re.MULTILINE)


_by_digest: dict[str, jsonschema_rs.Validator] = {}


def _compiled(digest: str, body: str, defs: tuple[tuple[str, str], ...], every_of: str) -> jsonschema_rs.Validator:
    """Compiled once per digest: the arguments after it only build the schema on a miss."""
    if not digest:
        return _compile(body, defs, every_of)
    if digest not in _by_digest:
        _by_digest[digest] = _compile(body, defs, every_of)
    return _by_digest[digest]


def _compile(body: str, defs: tuple[tuple[str, str], ...], every_of: str) -> jsonschema_rs.Validator:
    schema = json.loads(body)
    schema["$defs"] = _definitions(every_of) if every_of else {name: json.loads(text) for name, text in defs}
    return jsonschema_rs.Draft202012Validator(schema)


def errors_for(doc: Doc, version: str, v: jsonschema_rs.Validator, data: Any = None, prefix: tuple[Any, ...] = ()) -> list[Finding]:
    """Schema errors of `data` (the document itself, or a List item at `prefix` inside it), each at its line."""
    found = []
    try:
        errors = list(v.iter_errors(doc.data if data is None else data))
    except ValueError as exc:  # jsonschema-rs stops at ~255 levels of nesting: a finding, never a traceback
        return [Finding("error", NAME, f"document too deeply nested to validate: {exc}", doc.line)]
    for error in errors:
        path = [*prefix, *error.instance_path]
        unexpected = re.search(r"'([^']+)' was unexpected", error.message)
        line = doc.key_line(path, unexpected.group(1)) if unexpected else doc.line_of(path)
        where = ".".join(str(p) for p in path) or "(root)"
        found.append(Finding("error", NAME, f"{where}: {error.message}", line))
    return found


def check_doc(doc: Doc, claimed: tuple[str, ...], data: dict[str, Any] | None = None, prefix: tuple[Any, ...] = ()) -> tuple[list[Finding], list[str]]:
    """Findings (merged across versions) and the versions that accept the object (the document, or a List item)."""
    data = doc.data if data is None else data
    api_version, kind = data["apiVersion"], data["kind"]
    at = doc.line_of(prefix)
    by_message: dict[tuple[str, int], list[str]] = defaultdict(list)
    accepted: list[str] = []
    for version in claimed:
        v = validator(version, api_version, kind)
        if v is None:
            by_message[(f"{api_version} {kind} is not served by Kubernetes", at)].append(version)
            continue
        errors = errors_for(doc, version, v, data, prefix)
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
        findings.append(Finding("error", NAME, f"{kind} has no metadata.name", at))
    return findings, accepted


def run(target: Target) -> CheckResult | None:
    # kubectl sends each item of a List on its own (manifests.objects): each item gets its kind's schema.
    found_objects = [(doc, data, prefix) for doc, data, prefix in objects(list(target.docs))
                     if isinstance(data.get("apiVersion"), str) and isinstance(data.get("kind"), str) and is_builtin(data["apiVersion"])]
    if not found_objects:
        return None
    findings: list[Finding] = []
    accepted = set(target.k8s)
    for doc, data, prefix in found_objects:
        found, ok = check_doc(doc, target.k8s, data, prefix)
        findings += found
        accepted &= set(ok)
    kinds = ", ".join(sorted({data["kind"] for _, data, _ in found_objects}))
    ok_text = f"{kinds}: strict schema accepted on Kubernetes {versions.describe(target.k8s)}"
    return CheckResult.from_findings(
        NAME, findings, ok_text, versions=target.k8s, accepted=tuple(sorted(accepted, key=versions.minor))
    )


CHECK = Check(NAME, "严格 Schema", YAML, run, after=("yaml",), needs=("docs", "k8s"))
