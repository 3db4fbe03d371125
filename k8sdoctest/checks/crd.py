"""Custom resources validated as apiextensions validates them on create, with strict field validation.

The order is the API server's: schema defaults are applied, then the OpenAPI schema (objects closed:
an unknown field is an error, as with `kubectl apply --validate=strict`), RE2 patterns and the
supported formats, `x-kubernetes-list-type` uniqueness and the object's metadata. Which CRD is used
comes from the named CRD sets (`crdsets`) in the run's CRD directories (`Settings.crd_dirs`) and the
block's `crds` claim. A served version's deprecation warning is a warning finding, as the server sends it.

Extensions: `x-kubernetes-preserve-unknown-fields` keeps an object open, `x-kubernetes-int-or-string`
accepts either type, `x-kubernetes-list-type` set/map is checked for duplicates; `x-kubernetes-map-type`
and list-type `atomic` only steer server-side-apply merges and change nothing on a create.
Not done: `x-kubernetes-embedded-resource` objects are not checked as objects of their own kind.
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema_rs

from .. import versions
from ..manifests import Doc, is_builtin, is_component_config
from ..model import YAML, CheckResult, Finding
from ..settings import CRDS_ENV
from . import Check, Target, celcost, crdsets, formats, structural
from .crdsets import Served
from .schema import definition

NAME = "crd"

# field.ErrorType of a schema violation that stops CEL from running (strategy.go hasBlockingErr),
# plus unknown fields: strict field validation refuses the request before any validation.
BLOCKING_KINDS = {"Enum": "NotSupported", "Required": "Required", "MaxLength": "TooLong", "MaxItems": "TooMany",
                  "MaxProperties": "TooMany", "Type": "TypeInvalid", "AdditionalProperties": "UnknownField"}
BLOCKING = set(BLOCKING_KINDS.values())


def strict(schema: Any, notes: list[str] | None = None, supported: frozenset[str] = formats.FORMATS_1_0, where: str = "") -> Any:
    """Structural OpenAPI v3 → JSON Schema as the API server applies it.

    Objects are closed unless they preserve unknown fields; int-or-string and nullable become
    JSON Schema types; `pattern` and `format` become our keywords (RE2, Kubernetes formats); a
    format the server does not support is dropped; a pattern RE2 cannot compile is dropped with a note.
    """
    if isinstance(schema, list):
        return [strict(s, notes, supported, where) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in ("x-kubernetes-validations", "default", "pattern", "format"):
            continue
        if key == "properties":
            out[key] = {k: strict(v, notes, supported, f"{where}.{k}") for k, v in value.items()}
        else:
            sub = where if key in ("items", "additionalProperties") else f"{where}.{key}"
            out[key] = strict(value, notes, supported, sub) if isinstance(value, (dict, list)) else value
    _string_keywords(schema, out, notes, supported, where)
    _types(schema, out)
    return out


def _string_keywords(schema: dict[str, Any], out: dict[str, Any], notes: list[str] | None, supported: frozenset[str], where: str) -> None:
    """`pattern` as RE2 (or a note when RE2 cannot compile it), `format` only when the server supports it."""
    if "pattern" in schema:
        if formats.compile_pattern(schema["pattern"]) is not None:
            out["x-k8s-pattern"] = schema["pattern"]
        elif notes is not None:
            notes.append(f"{where or '(root)'}: pattern {schema['pattern']!r} is not valid RE2, not enforced")
    if "format" in schema and schema.get("type", "string") == "string" and formats.normalize(str(schema["format"])) in supported:
        out["x-k8s-format"] = schema["format"]


def _types(schema: dict[str, Any], out: dict[str, Any]) -> None:
    """int-or-string and nullable as JSON Schema types; objects closed unless they preserve unknown fields."""
    if schema.get("x-kubernetes-int-or-string"):
        out["type"] = ["integer", "string"]  # a mismatch is then a type error, blocking as on the server
    if schema.get("nullable") and "type" in out:
        out["type"] = [*out["type"], "null"] if isinstance(out["type"], list) else [out["type"], "null"]
    open_object = "additionalProperties" in schema or schema.get("x-kubernetes-preserve-unknown-fields")
    if schema.get("type") == "object" and not open_object:
        out["additionalProperties"] = False


@functools.cache
def object_meta() -> tuple[dict[str, Any], dict[str, Any]]:
    """Strict ObjectMeta of the newest Kubernetes we know, and the definitions it refers to."""
    return definition(versions.ALL[-1], "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")


def _with_crd_name_rules(meta: dict[str, Any], schema: dict[str, Any], supported: frozenset[str]) -> dict[str, Any]:
    """ObjectMeta, plus what the CRD's own schema says of metadata.name and generateName (all it may say)."""
    own = ((schema.get("properties") or {}).get("metadata") or {}).get("properties") or {}
    rules = {k: strict(copy.deepcopy(v), None, supported) for k, v in own.items() if k in ("name", "generateName")}
    if not rules:
        return meta
    merged = copy.deepcopy(meta)
    for key, rule in rules.items():
        merged["properties"][key] = {"allOf": [merged["properties"][key], rule]}
    return merged


@dataclass
class Compiled:
    validator: jsonschema_rs.Validator
    notes: list[str]


@functools.cache
def compile_served(served: Served, supported: frozenset[str]) -> Compiled:
    notes: list[str] = [f"CEL cost, the API server would refuse this CRD: {n}" for n in celcost.static_findings(served.schema)]
    schema = strict(copy.deepcopy(served.schema), notes, supported)
    props = schema.setdefault("properties", {})
    props.setdefault("apiVersion", {"type": "string"})
    props.setdefault("kind", {"type": "string"})
    meta, defs = object_meta()
    props["metadata"] = _with_crd_name_rules(meta, served.schema, supported)
    schema["$defs"] = defs
    keywords: dict[str, type[jsonschema_rs.KeywordValidator]] = {"x-k8s-pattern": formats.Pattern, "x-k8s-format": formats.Format}
    return Compiled(jsonschema_rs.Draft7Validator(schema, keywords=keywords), notes)


@dataclass
class Issue:
    path: list[Any]
    message: str
    kind: str  # field.ErrorType-like: Required, TypeInvalid, UnknownField, Duplicate, Invalid …

    @property
    def blocking(self) -> bool:
        return self.kind in BLOCKING


def _schema_issue(error: jsonschema_rs.ValidationError) -> Issue:
    return Issue(list(error.instance_path), error.message, BLOCKING_KINDS.get(type(error.kind).__name__, "Invalid"))


def validated(target: Target, doc: Doc, served: Served) -> tuple[list[Issue], dict[str, Any], list[str]]:
    """`validate` of a document of the block, once for the crd and cel checks (cel: does a blocking error stop CEL?)."""
    key = (NAME, id(doc), id(served))  # the block's documents live as long as its Target
    if key not in target.shared:
        target.shared[key] = validate(served, doc.data, minors_of(target))
    found: tuple[list[Issue], dict[str, Any], list[str]] = target.shared[key]
    return found


def validate(served: Served, data: dict[str, Any], minors: tuple[int, ...]) -> tuple[list[Issue], dict[str, Any], list[str]]:
    """Issues of one object (after defaulting), the defaulted object, and notes on the schema (pure)."""
    compiled = compile_served(served, formats.supported(minors))
    defaulted = structural.apply_defaults(served.schema, copy.deepcopy(data))
    issues = [_schema_issue(e) for e in compiled.validator.iter_errors(defaulted)]
    issues += [Issue(p, m, k) for p, m, k in structural.list_issues(served.schema, defaulted)]
    issues += [Issue(p, m, k) for p, m, k in structural.metadata_issues(defaulted, max(minors, default=versions.minor(versions.ALL[-1])))
               if not any(i.path[:1] == ["metadata"] and i.blocking for i in issues)]
    return issues, defaulted, compiled.notes


def _finding(doc: Doc, issue: Issue) -> Finding:
    unexpected = re.search(r"'([^']+)' was unexpected", issue.message)
    line = doc.key_line(issue.path, unexpected.group(1)) if unexpected else doc.line_of(issue.path)
    where = ".".join(str(p) for p in issue.path) or "(root)"
    return Finding("error", NAME, f"{where}: {issue.message}", line)


def custom_docs(docs: tuple[Doc, ...] | list[Doc]) -> list[Doc]:
    return [
        d for d in docs
        if isinstance(d.data, dict)
        and not is_builtin(str(d.data.get("apiVersion", "")))
        and not is_component_config(str(d.data.get("apiVersion", "")))
    ]


def key_of(doc: Doc) -> crdsets.Key:
    group, _, version = str(doc.data["apiVersion"]).rpartition("/")
    return group, version, str(doc.data["kind"])


def resolve_doc(doc: Doc, roots: tuple[Path, ...], claim: tuple[str, ...]) -> tuple[Served | None, Finding | None, str]:
    """The CRD a document is checked against, or the finding that says why there is none."""
    key = key_of(doc)
    found = crdsets.resolve(roots, key, claim)
    if found.served is not None:
        return found.served, None, found.note
    if found.error:
        return None, Finding("error", NAME, found.error, doc.line), ""
    known = crdsets.served_versions(roots, key[0], key[2])
    hint = f" (served versions: {', '.join(known)})" if known else ""
    fix = 'add its upstream CRD or mark the block skip="crd: why"'
    return None, Finding("error", NAME, f"no CRD serves {doc.data['apiVersion']} {key[2]}{hint}: {fix}", doc.line), ""


def minors_of(target: Target) -> tuple[int, ...]:
    return tuple(versions.minor(v) for v in target.k8s)


def run(target: Target) -> CheckResult | None:
    custom = custom_docs(target.docs)
    if not custom:
        return None
    roots = target.settings.crd_dirs
    if not roots:
        return CheckResult.from_findings(NAME, [Finding("error", NAME, f"no CRD directory: run `make crds` or set ${CRDS_ENV}", -1)], "")
    claim = target.block.claims.crds
    # the claim's words are checked against the sets of this run's directories: a typo would otherwise claim nothing
    findings = [Finding("error", NAME, f"crds={w}: no CRD set matches (sets: {', '.join(crdsets.files_by_set(roots))})", -1)
                for w in crdsets.unknown_claims(roots, claim)]
    checked: list[str] = []
    for doc in custom:
        served, missing, note = resolve_doc(doc, roots, claim)
        if served is None:
            findings.append(missing)  # type: ignore[arg-type]
            continue
        issues, _, notes = validated(target, doc, served)
        findings += [_finding(doc, i) for i in issues]
        findings += [Finding("warning", NAME, f"{served.source}: {n}", doc.line) for n in notes]
        if served.deprecated:  # the API server answers with this warning: say it here too
            findings.append(Finding("warning", NAME, f"{doc.data['apiVersion']} {doc.data['kind']}: {served.deprecated}", doc.line))
        checked.append(f"{doc.data['kind']} {doc.data['apiVersion']} ({served.source}{'; ' + note if note else ''})")
    return CheckResult.from_findings(NAME, findings, "CRD schema accepted: " + "; ".join(checked))


CHECK = Check(NAME, "CRD Schema", YAML, run, after=("yaml",), needs=("docs", "crds", "k8s"))
