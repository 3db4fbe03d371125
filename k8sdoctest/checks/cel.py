"""CRD `x-kubernetes-validations` (CEL) evaluated offline, as the API server does on create.

Defaults from the schema are applied first, like the server does. Transition rules
(those reading `oldSelf`) do not apply to a create and are skipped; a rule that uses a
Kubernetes-only CEL library function the evaluator lacks is counted as not evaluated.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from typing import Any

from ..celengine import engine
from ..manifests import Doc
from ..model import YAML, CheckResult, Finding
from . import Check, Target, crd

NAME = "cel"


@functools.cache
def program(rule: str) -> Any:
    return engine().compile(rule)  # loaded on the first rule: most runs evaluate none


def apply_defaults(schema: dict[str, Any], value: Any) -> Any:
    """The structural defaults the API server applies before validation."""
    if isinstance(value, dict):
        for key, sub in (schema.get("properties") or {}).items():
            if key not in value and "default" in sub:
                value[key] = copy.deepcopy(sub["default"])
            if key in value:
                value[key] = apply_defaults(sub, value[key])
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            for key in value:
                if key not in (schema.get("properties") or {}):
                    value[key] = apply_defaults(extra, value[key])
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        return [apply_defaults(schema["items"], item) for item in value]
    return value


def rules_at(schema: dict[str, Any], value: Any, path: list[Any]) -> Iterator[tuple[dict[str, Any], Any, list[Any]]]:
    """(rule, self, path) for every rule whose schema node has a value in the instance."""
    for rule in schema.get("x-kubernetes-validations") or []:
        yield rule, value, path
    if isinstance(value, dict):
        props = schema.get("properties") or {}
        for key, sub in props.items():
            if key in value:
                yield from rules_at(sub, value[key], [*path, key])
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            for key, item in value.items():
                if key not in props:
                    yield from rules_at(extra, item, [*path, key])
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            yield from rules_at(schema["items"], item, [*path, i])


def evaluate(schema: dict[str, Any], doc: Doc) -> tuple[list[Finding], int, list[str]]:
    """Findings, the number of rules evaluated, and the rules that could not be."""
    instance = apply_defaults(schema, copy.deepcopy(doc.data))
    findings: list[Finding] = []
    evaluated = 0
    skipped: list[str] = []
    for rule, value, path in rules_at(schema, instance, []):
        text = rule["rule"]
        if "oldSelf" in text:
            continue  # a transition rule: only on update
        try:
            ok = program(text).execute({"self": value})
        except (RuntimeError, ValueError, TypeError) as exc:
            if "Undefined variable or function" in str(exc):
                skipped.append(text)
                continue
            ok, text = False, f"{text} (evaluation error: {exc})"
        except KeyError as exc:
            ok, text = False, f"{text} (no such key: {exc})"
        evaluated += 1
        if ok is not True:
            where = ".".join(str(p) for p in path) or "(root)"
            message = rule.get("message") or f"failed rule: {text}"
            findings.append(Finding("error", NAME, f"{where}: {message}", doc.line_of(path)))
    return findings, evaluated, skipped


def run(target: Target) -> CheckResult | None:
    docs, directory = target.docs, target.settings.crd_dir
    if directory is None:
        return None
    served = crd.load_dir(directory)
    findings: list[Finding] = []
    evaluated = 0
    skipped: set[str] = set()
    for doc in docs:
        if not isinstance(doc.data, dict):
            continue
        group, _, version = str(doc.data.get("apiVersion", "")).rpartition("/")
        entry = served.get((group, version, str(doc.data.get("kind"))))
        if entry is None:
            continue
        found, count, missed = evaluate(entry.schema, doc)
        findings += found
        evaluated += count
        skipped.update(missed)
    if not evaluated and not findings and not skipped:
        return None
    note = f"; {len(skipped)} rule(s) use functions the evaluator lacks, not evaluated" if skipped else ""
    return CheckResult.from_findings(NAME, findings, f"{evaluated} CEL validation rule(s) hold{note}")


CHECK = Check(NAME, "CEL 规则", YAML, run, after=("yaml",), needs=("docs", "crds"))
