"""Component configuration (kube-proxy, kind clusters), standalone or held in a ConfigMap."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from importlib import resources
from typing import Any

import jsonschema_rs
import yaml

from ..model import Block, CheckResult, Finding
from .parse import Doc

NAME = "component-config"


@functools.cache
def schemas() -> dict[str, Any]:
    return yaml.safe_load(resources.files("k8sdoctest").joinpath("data/component-configs.yaml").read_text())


@functools.cache
def validator(key: str) -> jsonschema_rs.Validator | None:
    data = schemas()
    if key not in data:
        return None
    return jsonschema_rs.Draft7Validator({**data[key], "definitions": data["definitions"]})


def key_of(data: dict[str, Any]) -> str:
    return f"{data.get('apiVersion')}/{data.get('kind')}"


def configs(doc: Doc) -> Iterator[tuple[dict[str, Any], int, str]]:
    """(config, line, where): the document itself, or YAML configs inside a ConfigMap's data."""
    data = doc.data
    if validator(key_of(data)) is not None:
        yield data, -1, ""
    if data.get("kind") == "ConfigMap" and isinstance(data.get("data"), dict):
        for key, value in data["data"].items():
            if isinstance(value, str) and "kind:" in value:
                try:
                    inner = yaml.safe_load(value)
                except yaml.YAMLError:
                    continue
                if isinstance(inner, dict) and validator(key_of(inner)) is not None:
                    yield inner, doc.line_of(["data", key]), f"data.{key}: "


def check(block: Block, docs: list[Doc]) -> CheckResult | None:
    findings: list[Finding] = []
    checked: list[str] = []
    for doc in docs:
        if not isinstance(doc.data, dict):
            continue
        for config, line, where in configs(doc):
            checked.append(config["kind"])
            for error in validator(key_of(config)).iter_errors(config):  # type: ignore[union-attr]
                path = list(error.instance_path)
                at = doc.line_of(path) if line < 0 else line
                field = ".".join(str(p) for p in path) or "(root)"
                findings.append(Finding("error", NAME, f"{where}{config['kind']} {field}: {error.message}", at))
    if not checked:
        return None
    return CheckResult.from_findings(NAME, findings, "valid " + ", ".join(sorted(set(checked))))
