"""Configuration held inside manifests: JSON in ConfigMap/Secret data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..model import Block, CheckResult, Finding
from .parse import Doc

NAME = "embedded"
JSON_SUFFIXES = (".json", ".conflist")


def data_items(doc: Doc) -> Iterator[tuple[str, str, Any]]:
    """(field, key, value) of the string data a ConfigMap or Secret holds."""
    data = doc.data
    if not isinstance(data, dict) or data.get("kind") not in ("ConfigMap", "Secret"):
        return
    for field in ("data", "stringData"):
        items = data.get(field)
        if isinstance(items, dict):
            for key, value in items.items():
                if isinstance(value, str):
                    yield field, str(key), value


def is_json(key: str, value: str) -> bool:
    return key.endswith(JSON_SUFFIXES) or value.lstrip().startswith("{")


def json_finding(doc: Doc, field: str, key: str, value: str) -> Finding | None:
    try:
        json.loads(value)
    except json.JSONDecodeError as exc:
        # A block scalar (`|`) starts on the line after its indicator.
        node_line = doc.line_of([field, key])
        first = node_line + (1 if not value.startswith("{") or "\n" in value else 0)
        line = first + exc.lineno - 1
        hint = ""
        bad = value.split("\n")[exc.lineno - 1] if exc.lineno <= value.count("\n") + 1 else ""
        if "#" in bad or "//" in bad:
            hint = " — JSON has no comments: remove them"
        return Finding("error", NAME, f"{field}.{key}: invalid JSON: {exc.msg} (column {exc.colno}){hint}", line)
    return None


def check(block: Block, docs: list[Doc]) -> CheckResult | None:
    findings: list[Finding] = []
    checked: list[str] = []
    for doc in docs:
        for field, key, value in data_items(doc):
            if is_json(key, value):
                checked.append(f"{field}.{key} (JSON)")
                if (f := json_finding(doc, field, key, value)) is not None:
                    findings.append(f)
    if not checked:
        return None
    return CheckResult.from_findings(NAME, findings, "parsed " + ", ".join(checked))
