"""Pod volumes: ValidateVolumes and validateVolumeSource, with the path rules of items and projections.

Ported from pkg/apis/core/validation/validation.go (ValidateVolumes, validateVolumeSource,
validateKeyToPath, validateProjectionSources, validateDownwardAPIVolumeFile,
ValidateLocalNonReservedPath).
"""

from __future__ import annotations

from typing import Any

from .fields import (
    Errors,
    Path,
    as_dict,
    as_list,
    as_str,
    duplicate,
    forbidden,
    invalid,
    is_dns1123_label,
    is_int,
    not_supported,
    parse_quantity,
    quantity_error,
    required,
)

FILE_MODE_ERROR = "must be a number between 0 and 0777 (octal), both inclusive"
VOLUME_SOURCES = [
    "emptyDir", "hostPath", "gitRepo", "gcePersistentDisk", "awsElasticBlockStore", "secret", "nfs", "iscsi", "glusterfs", "flocker",
    "persistentVolumeClaim", "rbd", "cinder", "cephfs", "quobyte", "downwardAPI", "fc", "flexVolume", "configMap", "azureFile",
    "vsphereVolume", "photonPersistentDisk", "portworxVolume", "azureDisk", "storageos", "projected", "scaleIO", "csi", "ephemeral", "image",
]
HOST_PATH_TYPES = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"]


def _key_to_path(item: Any, path: Path) -> Errors:
    """validateKeyToPath."""
    item = as_dict(item)
    errs: Errors = []
    if not as_str(item.get("key")):
        errs.append(required((*path, "key")))
    target = as_str(item.get("path"))
    if not target:
        errs.append(required((*path, "path")))
    errs += _local_non_reserved_path(target, (*path, "path"))
    errs += _file_mode(item.get("mode"), (*path, "mode"))
    return errs


def _file_mode(mode: Any, path: Path) -> Errors:
    return [invalid(path, mode, FILE_MODE_ERROR)] if is_int(mode) and not 0 <= mode <= 0o777 else []


def _no_backsteps(target: str, path: Path) -> Errors:
    return [invalid(path, target, "must not contain '..'")] if ".." in target.replace("\\", "/").split("/") else []


def _local_descending_path(target: str, path: Path) -> Errors:
    errs = [invalid(path, target, "must be a relative path")] if target.startswith("/") else []
    return errs + _no_backsteps(target, path)


def _local_non_reserved_path(target: str, path: Path) -> Errors:
    """ValidateLocalNonReservedPath."""
    errs = _local_descending_path(target, path)
    if target.startswith("..") and not target.startswith("../"):
        errs.append(invalid(path, target, "must not start with '..'"))
    return errs


def _volume_source(volume: dict[str, Any], path: Path) -> Errors:
    """validateVolumeSource: exactly one source, and the fields each common source needs."""
    present = [s for s in VOLUME_SOURCES if volume.get(s) is not None]
    if not present:
        return [required(path, "must specify a volume type")]
    errs = [forbidden((*path, s), "may not specify more than 1 volume type") for s in present[1:]]
    source, body = present[0], as_dict(volume.get(present[0]))
    here = (*path, source)
    if source == "configMap" and not as_str(body.get("name")):
        errs.append(required((*here, "name")))
    if source == "secret" and not as_str(body.get("secretName")):
        errs.append(required((*here, "secretName")))
    if source == "persistentVolumeClaim" and not as_str(body.get("claimName")):
        errs.append(required((*here, "claimName")))
    if source == "hostPath":
        target = as_str(body.get("path"))
        errs += [required((*here, "path"))] if not target else _no_backsteps(target, (*here, "path"))
        if "type" in body and body["type"] not in HOST_PATH_TYPES:
            errs.append(not_supported((*here, "type"), body["type"], HOST_PATH_TYPES))
    if source == "nfs":
        if not as_str(body.get("server")):
            errs.append(required((*here, "server")))
        if not as_str(body.get("path")):
            errs.append(required((*here, "path")))
        if not as_str(body.get("path")).startswith("/"):
            errs.append(invalid((*here, "path"), as_str(body.get("path")), "must be an absolute path"))
    if source == "emptyDir" and "sizeLimit" in body:
        size = parse_quantity(body["sizeLimit"])
        if size is None:
            errs.append(quantity_error((*here, "sizeLimit"), body["sizeLimit"]))
        elif size < 0:
            errs.append(forbidden((*here, "sizeLimit"), "SizeLimit field must be a valid resource quantity"))
    if source == "csi" and not as_str(body.get("driver")):
        errs.append(required((*here, "driver")))
    if source == "ephemeral" and body.get("volumeClaimTemplate") is None:
        errs.append(required((*here, "volumeClaimTemplate")))
    if source in ("configMap", "secret", "downwardAPI", "projected"):
        errs += _file_mode(body.get("defaultMode"), (*here, "defaultMode"))
    if source in ("configMap", "secret"):
        for i, item in enumerate(as_list(body.get("items"))):
            errs += _key_to_path(item, (*here, "items", i))
    if source == "downwardAPI":
        for item in as_list(body.get("items")):
            errs += _downward_file(as_dict(item), here)
    if source == "projected":
        errs += _projected(body, here)
    return errs


def _downward_file(item: dict[str, Any], path: Path) -> Errors:
    """validateDownwardAPIVolumeFile (upstream reports these on the volume, not the item)."""
    target = as_str(item.get("path"))
    errs = [required((*path, "path"))] if not target else []
    errs += _local_non_reserved_path(target, (*path, "path"))
    if item.get("fieldRef") is not None and item.get("resourceFieldRef") is not None:
        errs.append(invalid(path, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"))
    elif item.get("fieldRef") is None and item.get("resourceFieldRef") is None:
        errs.append(required(path, "one of fieldRef and resourceFieldRef is required"))
    return errs + _file_mode(item.get("mode"), (*path, "mode"))


def _projected(body: dict[str, Any], path: Path) -> Errors:
    """validateProjectionSources: one source per entry, no path twice, token ≥ 10 minutes."""
    errs: Errors = []
    seen: set[str] = set()
    for i, source in enumerate(as_list(body.get("sources"))):
        source = as_dict(source)
        here = (*path, "sources", i)
        kinds = [k for k in ("secret", "configMap", "downwardAPI", "serviceAccountToken", "clusterTrustBundle") if source.get(k) is not None]
        if len(kinds) > 1:
            errs.append(forbidden(here, "may not specify more than 1 volume type per source"))
        paths: list[str] = []
        for kind in ("secret", "configMap"):
            if source.get(kind) is not None:
                inner = as_dict(source[kind])
                if not as_str(inner.get("name")):
                    errs.append(required((*here, kind, "name")))
                for j, item in enumerate(as_list(inner.get("items"))):
                    errs += _key_to_path(item, (*here, kind, "items", j))
                    paths.append(as_str(as_dict(item).get("path")))
        token = source.get("serviceAccountToken")
        if token is not None:
            seconds = as_dict(token).get("expirationSeconds", 3600)
            if is_int(seconds) and seconds < 600:
                errs.append(invalid((*here, "serviceAccountToken", "expirationSeconds"), seconds, "may not specify a duration less than 10 minutes"))
            if is_int(seconds) and seconds > 1 << 32:
                errs.append(invalid((*here, "serviceAccountToken", "expirationSeconds"), seconds, "may not specify a duration larger than 2^32 seconds"))
            if not as_str(as_dict(token).get("path")):
                errs.append(required((*path, "path")))
        for target in paths:
            if target and target in seen:
                errs.append(invalid(path, target, "conflicting duplicate paths"))
            seen.add(target)
    return errs


def validate_volumes(volumes: Any, path: Path) -> tuple[dict[str, dict[str, Any]], Errors]:
    """ValidateVolumes: the usable volumes by name, and the errors."""
    errs: Errors = []
    usable: dict[str, dict[str, Any]] = {}
    for i, volume in enumerate(as_list(volumes)):
        volume = as_dict(volume)
        here = (*path, i)
        name = as_str(volume.get("name"))
        own = _volume_source(volume, here)
        if not name:
            own.append(required((*here, "name")))
        else:
            own += [invalid((*here, "name"), name, m) for m in is_dns1123_label(name)]
        if name in usable:
            own.append(duplicate((*here, "name"), name))
        if own:
            errs += own
        else:
            usable[name] = volume
    return usable, errs
