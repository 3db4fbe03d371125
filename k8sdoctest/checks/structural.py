"""What apiextensions does to a custom resource besides the OpenAPI schema.

- structural defaulting (`pkg/apiserver/schema/defaulting/algorithm.go`): a property's default is set
  where its parent object exists, in objects, list items and additionalProperties values, and a
  non-nullable `null` is replaced by the default; the defaulted value is then walked as well;
- `x-kubernetes-list-type: set` and `map` uniqueness (`pkg/apiserver/schema/listtype`):
  "Duplicate value" at the path of the second and later duplicates;
- `metadata` of the object: ValidateObjectMetaAccessor with NameIsDNSSubdomain, as customResourceStrategy
  calls it: name or generateName required; name, namespace, labels, annotations and finalizers as for any object.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from ..apiserver import metadata as objectmeta

Path = list[str | int]
Issue = tuple[Path, str, str]  # (path, message, kind); kind as field.ErrorType: "Required", "Duplicate", …


def _nonnullable_null(value: Any, schema: dict[str, Any] | None) -> bool:
    return value is None and schema is not None and not schema.get("nullable", False)


def apply_defaults(schema: dict[str, Any] | None, value: Any) -> Any:
    """Fill in defaults in place (values deep-copied from the schema); returns the value."""
    if not schema:
        return value
    if isinstance(value, dict):
        props = schema.get("properties") or {}
        for key, sub in props.items():
            if "default" in sub and (key not in value or _nonnullable_null(value[key], sub)):
                value[key] = copy.deepcopy(sub["default"])
        extra = schema.get("additionalProperties")
        for key in list(value):
            if key in props:
                apply_defaults(props[key], value[key])
            elif isinstance(extra, dict):
                if "default" in extra and _nonnullable_null(value[key], extra):
                    value[key] = copy.deepcopy(extra["default"])
                apply_defaults(extra, value[key])
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        items = schema["items"]
        for i, item in enumerate(value):
            if "default" in items and _nonnullable_null(item, items):
                value[i] = copy.deepcopy(items["default"])
            apply_defaults(items, value[i])
    return value


def _canonical(value: Any) -> Any:
    """A hashable stand-in that compares as Go compares JSON values (objects by content)."""
    if isinstance(value, (dict, list)):
        return ("json", json.dumps(value, sort_keys=True))
    if isinstance(value, bool):
        return ("bool", value)
    return value


def _duplicates(keys: list[Any]) -> list[int]:
    """Indices of the second and later occurrences, as listtype.validateListSet reports them."""
    seen: set[Any] = set()
    out = []
    for i, key in enumerate(keys):
        canon = _canonical(key)
        if canon in seen:
            out.append(i)
        seen.add(canon)
    return out


_UNSPECIFIED = ("unspecified",)


def _list_map_issues(schema: dict[str, Any], items: list[Any], path: Path) -> list[Issue]:
    for i, item in enumerate(items):
        if item is not None and not isinstance(item, dict):
            return [([*path, i], "must be an object for an array of list-type map", "Invalid")]
    keys = schema.get("x-kubernetes-list-map-keys") or []
    values: list[Any] = []
    for item in items:
        key = {k: item[k] for k in keys if isinstance(item, dict) and k in item}
        values.append(key if len(keys) != 1 else key.get(keys[0], _UNSPECIFIED))
    issues = []
    for i in _duplicates(values):
        shown = values[i] if len(keys) != 1 else ({} if values[i] == _UNSPECIFIED else {keys[0]: values[i]})
        issues.append(([*path, i], f"Duplicate value: {json.dumps(shown, sort_keys=True)}", "Duplicate"))
    return issues


def list_issues(schema: dict[str, Any] | None, value: Any, path: Path | None = None) -> list[Issue]:
    """Duplicate entries in lists of `x-kubernetes-list-type` set or map, anywhere in the value."""
    path = path or []
    if not schema:
        return []
    issues: list[Issue] = []
    if isinstance(value, dict):
        props = schema.get("properties") or {}
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            sub = props.get(key, extra if isinstance(extra, dict) else None)
            issues += list_issues(sub, item, [*path, key])
    elif isinstance(value, list):
        kind = schema.get("x-kubernetes-list-type")
        if kind == "set":
            issues += [([*path, i], f"Duplicate value: {json.dumps(value[i])}", "Duplicate") for i in _duplicates(value)]
        elif kind == "map":
            issues += _list_map_issues(schema, value, path)
        for i, item in enumerate(value):
            issues += list_issues(schema.get("items"), item, [*path, i])
    return issues


# field.ErrorType of the apiserver rules' errors, as strategy.go's hasBlockingErr sees them
_ERROR_KINDS = {"Required value": "Required", "Too long": "TooLong", "Too many": "TooMany", "Unsupported value": "NotSupported",
                "Duplicate value": "Duplicate", "Forbidden": "Forbidden"}


def metadata_issues(data: dict[str, Any], minor: int) -> list[Issue]:
    """ObjectMeta rules the schema cannot say, with the apiserver check's rules (k8sdoctest.apiserver.metadata):
    every custom resource's name is a DNS-1123 subdomain, whatever its kind."""
    if not isinstance(data.get("metadata"), dict):
        return [(["metadata"], "Required value: name or generateName is required", "Required")]
    errors = objectmeta.validate_object_meta(data, minor, objectmeta.name_is_dns_subdomain)
    return [(err.data_path, err.body(), _ERROR_KINDS.get(err.type, "Invalid")) for err in errors]
