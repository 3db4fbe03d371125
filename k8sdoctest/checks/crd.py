"""Custom resources against the openAPIV3Schema of upstream CRDs, unknown fields rejected."""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml

from ..manifests import is_builtin, is_component_config
from ..model import YAML, CheckResult, Finding
from ..settings import CRDS_ENV
from . import Check, Target
from .schema import errors_for

NAME = "crd"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Served:
    source: str  # CRD file, relative to the CRD directory
    schema: dict[str, Any]
    deprecated: str | None


@functools.cache
def load_dir(directory: Path) -> dict[tuple[str, str, str], Served]:
    """(group, version, kind) → schema, for every served version of every CRD file."""
    served: dict[tuple[str, str, str], Served] = {}
    for path in sorted(directory.rglob("*.y*ml")):
        for crd in yaml.load_all(path.read_text(), Loader=_Loader):
            if not isinstance(crd, dict) or crd.get("kind") != "CustomResourceDefinition":
                continue
            spec = crd["spec"]
            for version in spec.get("versions", []):
                if not version.get("served", True):
                    continue
                schema = (version.get("schema") or {}).get("openAPIV3Schema", {"type": "object"})
                key = (spec["group"], version["name"], spec["names"]["kind"])
                note = version.get("deprecationWarning") or ("deprecated" if version.get("deprecated") else None)
                served[key] = Served(str(path.relative_to(directory)), schema, note)
    return served


def strict(schema: Any) -> Any:
    """OpenAPI v3 (structural) → JSON Schema: closed objects, int-or-string, nullable."""
    if isinstance(schema, list):
        return [strict(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: strict(v) for k, v in schema.items() if k != "x-kubernetes-validations"}
    if "(?" in str(schema.get("pattern", "")):
        # Go regexp inline flags such as (?i) are not ECMA 262: drop that pattern rather than fail.
        out.pop("pattern")
    if schema.get("x-kubernetes-int-or-string"):
        out.pop("type", None)
        out["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    if schema.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
    closed = (
        schema.get("type") == "object"
        and "properties" in schema
        and "additionalProperties" not in schema
        and not schema.get("x-kubernetes-preserve-unknown-fields")
    )
    if closed:
        out["additionalProperties"] = False
    return out


@functools.cache
def validator(directory: Path, key: tuple[str, str, str]) -> jsonschema_rs.Validator:
    schema = copy.deepcopy(load_dir(directory)[key].schema)
    props = schema.setdefault("properties", {})
    props.setdefault("apiVersion", {"type": "string"})
    props.setdefault("kind", {"type": "string"})
    props["metadata"] = {"type": "object"}
    return jsonschema_rs.Draft7Validator(strict(schema))


def load_dirs(directories: tuple[Path, ...]) -> dict[tuple[str, str, str], Served]:
    return {key: served for d in directories for key, served in load_dir(d).items()}


def run(target: Target) -> CheckResult | None:
    directories = target.settings.crd_dirs
    custom = [
        d for d in target.docs
        if isinstance(d.data, dict)
        and not is_builtin(str(d.data.get("apiVersion", "")))
        and not is_component_config(str(d.data.get("apiVersion", "")))
    ]
    if not custom:
        return None
    if not directories:
        return CheckResult.from_findings(NAME, [Finding("error", NAME, f"no CRD directory: run `make crds` or set ${CRDS_ENV}", -1)], "")
    served = load_dirs(directories)
    findings: list[Finding] = []
    checked: list[str] = []
    for doc in custom:
        api_version, kind = str(doc.data["apiVersion"]), str(doc.data["kind"])
        group, _, version = api_version.rpartition("/")
        key = (group, version, kind)
        if key not in served:
            known = sorted({v for (g, v, k) in served if g == group and k == kind})
            hint = f" (served versions: {', '.join(known)})" if known else ""
            fix = 'add its upstream CRD or mark the block skip="crd: why"'
            findings.append(Finding("error", NAME, f"no CRD serves {api_version} {kind}{hint}: {fix}", doc.line))
            continue
        findings += [replace(f, check=NAME) for f in errors_for(doc, "", validator(next(d for d in directories if key in load_dir(d)), key))]
        if served[key].deprecated:  # the API server answers with this warning: say it here too
            findings.append(Finding("warning", NAME, f"{api_version} {kind}: {served[key].deprecated}", doc.line))
        checked.append(f"{kind} {api_version} ({served[key].source})")
    return CheckResult.from_findings(NAME, findings, "CRD schema accepted: " + "; ".join(checked))


CHECK = Check(NAME, "CRD Schema", YAML, run, after=("yaml",), needs=("docs", "crds"))
