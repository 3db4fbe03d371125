"""Deprecated and removed APIs, kinds, fields, annotations and settings, kept as data."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from importlib import resources
from typing import Any

import yaml

from .. import versions
from ..manifests import Doc, embedded_configs
from ..model import YAML, CheckResult, Finding
from . import Check, Target

NAME = "deprecations"


@functools.cache
def rules() -> dict[str, list[dict[str, Any]]]:
    data: dict[str, list[dict[str, Any]]] = yaml.safe_load(resources.files("k8sdoctest").joinpath("data/deprecations.yaml").read_text())
    return data


def level(rule: dict[str, Any], claimed: tuple[str, ...]) -> tuple[str, str] | None:
    """error when the claimed range reaches the removal, warning when it reaches the deprecation."""
    newest = max(versions.minor(v) for v in claimed)
    if "removed" in rule and newest >= versions.minor(rule["removed"]):
        return "error", f"removed in {rule['removed']}"
    if "deprecated" in rule and newest >= versions.minor(rule["deprecated"]):
        return "warning", f"deprecated since {rule['deprecated']}"
    return None


def lookup(data: Any, dotted: str) -> tuple[bool, Any]:
    for key in dotted.split("."):
        if not isinstance(data, dict) or key not in data:
            return False, None
        data = data[key]
    return True, data


def matches(rule: dict[str, Any], data: dict[str, Any]) -> bool:
    return rule.get("kind", "*") in ("*", data.get("kind")) and rule.get("apiVersion", data.get("apiVersion")) == data.get("apiVersion")


def findings_for(doc: Doc, data: dict[str, Any], claimed: tuple[str, ...], line: int | None = None) -> Iterator[Finding]:
    def found(rule: dict[str, Any], what: str, at: int) -> Finding | None:
        verdict = level(rule, claimed)
        if verdict is None:
            return None
        lvl, when = verdict
        return Finding(lvl, NAME, f"{what} is {when}: use {rule['replacement']} ({rule['source']})", at if line is None else line)  # type: ignore[arg-type]

    r = rules()
    candidates: list[Finding | None] = []
    for rule in r["apis"] + r["kinds"]:
        if matches(rule, data):
            candidates.append(found(rule, f"{data['apiVersion']} {data['kind']}", doc.line))
    for rule in r["fields"]:
        present, _ = lookup(data, rule["path"])
        if matches(rule, data) and present:
            parent, _, key = rule["path"].rpartition(".")
            candidates.append(found(rule, f"{data['kind']} field {rule['path']}", doc.key_line(parent.split(".") if parent else [], key)))
    annotations = (data.get("metadata") or {}).get("annotations") or {}
    for rule in r["annotations"]:
        if matches(rule, data) and isinstance(annotations, dict) and rule["name"] in annotations:
            candidates.append(found(rule, f"annotation {rule['name']}", doc.key_line(["metadata", "annotations"], rule["name"])))
    for rule in r["settings"]:
        present, value = lookup(data, rule["path"])
        if matches(rule, data) and present and str(value) == rule["value"]:
            candidates.append(found(rule, f"{data['kind']} {rule['path']}: {value}", doc.line_of(rule["path"].split("."))))
    yield from (f for f in candidates if f is not None)


def run(target: Target) -> CheckResult | None:
    docs = target.docs
    objects = [d for d in docs if isinstance(d.data, dict) and "kind" in d.data]
    if not objects:
        return None
    findings: list[Finding] = []
    for doc in objects:
        findings += findings_for(doc, doc.data, target.k8s)
        for inner, line, _ in embedded_configs(doc):
            findings += findings_for(doc, {"apiVersion": "", **inner}, target.k8s, line)
    span = versions.describe(target.k8s)
    return CheckResult.from_findings(NAME, findings, f"no deprecated or removed API, field or annotation up to Kubernetes {span}", versions=target.k8s)


CHECK = Check(NAME, "弃用检查", YAML, run, after=("yaml",), needs=("docs", "k8s"))
