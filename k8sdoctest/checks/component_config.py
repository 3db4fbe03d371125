"""Component configuration (kube-proxy, kind clusters), standalone or held in a ConfigMap."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from importlib import resources
from typing import Any

import jsonschema_rs
import yaml

from ..manifests import Doc, embedded_configs, is_component_config
from ..model import YAML, CheckResult, Finding
from . import Check, Target

NAME = "component-config"


@functools.cache
def schemas() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(resources.files("k8sdoctest").joinpath("data/component-configs.yaml").read_text())
    return data


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
    if is_component_config(str(doc.data.get("apiVersion", ""))):
        yield doc.data, -1, ""
    for inner, line, key in embedded_configs(doc):
        if is_component_config(str(inner.get("apiVersion", ""))):
            yield inner, line, f"data.{key}: "


def run(target: Target) -> CheckResult | None:
    docs = target.docs
    findings: list[Finding] = []
    checked: list[str] = []
    for doc in docs:
        if not isinstance(doc.data, dict):
            continue
        for config, line, where in configs(doc):
            checked.append(config["kind"])
            schema = validator(key_of(config))
            if schema is None:  # a component config we hold no schema for is not "verified"
                fix = 'add its schema to k8sdoctest/data/component-configs.yaml or skip="component-config: why"'
                findings.append(Finding("error", NAME, f"{where}no schema for {key_of(config)}: not checked ({fix})", doc.line if line < 0 else line))
                continue
            for error in schema.iter_errors(config):
                path = list(error.instance_path)
                at = doc.line_of(path) if line < 0 else line
                field = ".".join(str(p) for p in path) or "(root)"
                findings.append(Finding("error", NAME, f"{where}{config['kind']} {field}: {error.message}", at))
    if not checked:
        return None
    return CheckResult.from_findings(NAME, findings, "valid " + ", ".join(sorted(set(checked))))


CHECK = Check(NAME, "组件配置", YAML, run, after=("yaml",), needs=("docs",))
