"""ConfigMap, Secret, PersistentVolumeClaim, Namespace, ServiceAccount.

Ported from pkg/apis/core/validation/validation.go: ValidateConfigMap,
ValidateSecret (required keys per type), ValidatePersistentVolumeClaimSpec,
ValidateNamespace. `stringData` is merged into `data` before validation, as the
Secret strategy does; sizes count decoded bytes.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from .fields import (
    Errors,
    Key,
    Path,
    as_dict,
    as_list,
    as_str,
    forbidden,
    invalid,
    is_config_map_key,
    is_qualified_name,
    not_supported,
    parse_quantity,
    per_version,
    quantity_error,
    required,
    too_long,
)
from .metadata import name_is_dns_subdomain, validate_label_selector, validate_object_meta

MAX_SECRET_SIZE = 1024 * 1024  # core.MaxSecretSize, also the ConfigMap limit
ACCESS_MODES = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"]


def _decoded(value: Any) -> bytes | None:
    """A `data` value as the API server stores it; None when it is not base64."""
    try:
        return base64.b64decode(as_str(value), validate=True)
    except (binascii.Error, ValueError):
        return None


def _config_map(obj: dict[str, Any], minor: int) -> Errors:
    errs = validate_object_meta(obj, minor)
    data, binary = as_dict(obj.get("data")), as_dict(obj.get("binaryData"))
    total = 0
    for key, value in data.items():
        key = str(key)
        errs += [invalid(("data", Key(key)), key, m) for m in is_config_map_key(key)]
        if key in binary:
            errs.append(invalid(("data", Key(key)), key, "duplicate of key present in binaryData"))
        total += len(str(value if value is not None else "").encode())
    for key, value in binary.items():
        key = str(key)
        errs += [invalid(("binaryData", Key(key)), key, m) for m in is_config_map_key(key)]
        total += len(_decoded(value) or b"")
    if total > MAX_SECRET_SIZE:
        errs.append(too_long((), MAX_SECRET_SIZE))
    return errs


def _secret_data(obj: dict[str, Any]) -> tuple[dict[str, bytes], Errors]:
    """data (base64) and stringData merged, as the strategy does before validating."""
    out: dict[str, bytes] = {}
    errs: Errors = []
    for key, value in as_dict(obj.get("data")).items():
        raw = _decoded(value)
        if raw is None:
            # the JSON decoder of []byte rejects it before validation
            errs.append(invalid(("data", Key(str(key))), "<secret contents redacted>", "illegal base64 data"))
            raw = b""
        out[str(key)] = raw
    for key, value in as_dict(obj.get("stringData")).items():
        out[str(key)] = str(value if value is not None else "").encode()
    return out, errs


SECRET_REQUIRED = {
    "kubernetes.io/dockercfg": [".dockercfg"],
    "kubernetes.io/dockerconfigjson": [".dockerconfigjson"],
    "kubernetes.io/ssh-auth": ["ssh-privatekey"],
    "kubernetes.io/tls": ["tls.crt", "tls.key"],
}


def _secret(obj: dict[str, Any], minor: int) -> Errors:
    """ValidateSecret."""
    errs = validate_object_meta(obj, minor)
    data, decode_errs = _secret_data(obj)
    errs += decode_errs
    for key in data:
        errs += [invalid(("data", Key(key)), key, m) for m in is_config_map_key(key)]
    if sum(len(v) for v in data.values()) > MAX_SECRET_SIZE:
        errs.append(too_long(("data",), MAX_SECRET_SIZE))
    kind = obj.get("type", "Opaque")
    annotations = as_dict(as_dict(obj.get("metadata")).get("annotations"))
    if kind == "kubernetes.io/service-account-token" and not as_str(annotations.get("kubernetes.io/service-account.name")):
        errs.append(required(("metadata", "annotations", Key("kubernetes.io/service-account.name"))))
    if kind == "kubernetes.io/basic-auth" and "username" not in data and "password" not in data:
        errs += [required(("data", Key("username"))), required(("data", Key("password")))]
    if kind == "kubernetes.io/ssh-auth" and not data.get("ssh-privatekey"):
        errs.append(required(("data", Key("ssh-privatekey"))))
    elif kind in ("kubernetes.io/tls", "kubernetes.io/dockercfg", "kubernetes.io/dockerconfigjson"):
        for key in SECRET_REQUIRED[kind]:
            if key not in data:
                errs.append(required(("data", Key(key))))
            elif kind != "kubernetes.io/tls":
                errs += _json_object(data[key], ("data", Key(key)))
    return errs


def _json_object(raw: bytes, path: Path) -> Errors:
    try:
        if isinstance(json.loads(raw.decode("utf-8", "replace")), dict):
            return []
        problem = "json: cannot unmarshal into Go value of type map[string]interface {}"
    except json.JSONDecodeError as exc:
        problem = f"invalid character in JSON: {exc.msg}"
    return [invalid(path, "<secret contents redacted>", problem)]


def validate_pvc_spec(spec: Any, path: Path) -> Errors:
    """ValidatePersistentVolumeClaimSpec: access modes, a positive storage request, names."""
    spec = as_dict(spec)
    errs: Errors = []
    modes = as_list(spec.get("accessModes"))
    if not modes:
        errs.append(required((*path, "accessModes"), "at least 1 access mode is required"))
    for mode in modes:
        if mode not in ACCESS_MODES:
            errs.append(not_supported((*path, "accessModes"), mode, ACCESS_MODES))
    if "ReadWriteOncePod" in modes and any(m in ACCESS_MODES and m != "ReadWriteOncePod" for m in modes):
        errs.append(forbidden((*path, "accessModes"), "may not use ReadWriteOncePod with other access modes"))
    if spec.get("selector") is not None:
        errs += validate_label_selector(spec["selector"], (*path, "selector"))
    requests = as_dict(as_dict(spec.get("resources")).get("requests"))
    storage_path = (*path, "resources", Key("storage"))
    if "storage" not in requests:
        errs.append(required(storage_path))
    else:
        value = parse_quantity(requests["storage"])
        if value is None:
            errs.append(quantity_error(storage_path, requests["storage"]))
        elif value <= 0:
            errs.append(invalid(storage_path, str(requests["storage"]), "must be greater than zero"))
    for key in ("limits", "requests"):
        for name, raw in as_dict(as_dict(spec.get("resources")).get(key)).items():
            if name != "storage" and parse_quantity(raw) is None:
                errs.append(quantity_error((*path, "resources", key, Key(str(name))), raw))
    storage_class = as_str(spec.get("storageClassName"))
    if storage_class:
        errs += [invalid((*path, "storageClassName"), storage_class, m) for m in name_is_dns_subdomain(storage_class, False)]
    mode = spec.get("volumeMode")
    if mode is not None and mode not in ("Block", "Filesystem"):
        errs.append(not_supported((*path, "volumeMode"), mode, ["Block", "Filesystem"]))
    return errs


def _pvc(obj: dict[str, Any], minor: int) -> Errors:
    return validate_object_meta(obj, minor) + validate_pvc_spec(obj.get("spec"), ("spec",))


def _namespace(obj: dict[str, Any], minor: int) -> Errors:
    """ValidateNamespace: a DNS label, finalizers qualified names."""
    errs = validate_object_meta(obj, minor)
    for finalizer in as_list(as_dict(obj.get("spec")).get("finalizers")):
        name = as_str(finalizer)
        errs += [invalid(("spec", "finalizers"), name, m) for m in is_qualified_name(name)]
        if "/" not in name and name != "kubernetes":
            errs.append(invalid(("spec", "finalizers"), name, "name is neither a standard finalizer name nor is it fully qualified"))
    return errs


RULES = {
    "ConfigMap": _config_map, "Secret": _secret, "PersistentVolumeClaim": _pvc, "Namespace": _namespace,
    "ServiceAccount": lambda obj, minor: validate_object_meta(obj, minor),
}


def validate(obj: dict[str, Any], versions: tuple[str, ...]) -> Errors:
    rule = RULES[as_str(obj.get("kind"))]
    return per_version(versions, lambda minor: rule(obj, minor))  # type: ignore[no-untyped-call]
