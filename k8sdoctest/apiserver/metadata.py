"""ObjectMeta, labels, annotations and label selectors.

Ported from apimachinery/pkg/api/validation/objectmeta.go (ValidateObjectMetaAccessor),
apis/meta/v1/validation (ValidateLabels, ValidateLabelSelector) and
core/validation (ValidateObjectMeta's finalizer check, the NameIs* functions).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .fields import (
    Errors,
    Path,
    as_dict,
    as_list,
    as_str,
    forbidden,
    invalid,
    is_dns1035_label,
    is_dns1123_label,
    is_dns1123_subdomain,
    is_label_value,
    is_path_segment_name,
    is_qualified_name,
    per_version,
    required,
    too_long,
)

NameFn = Callable[[str, bool], list[str]]
TOTAL_ANNOTATION_SIZE = 256 * 1024  # TotalAnnotationSizeLimitB


def _mask_trailing_dash(name: str, prefix: bool) -> str:
    # a generateName prefix may end in '-': a random suffix follows it
    return name[:-1] + "a" if prefix and len(name) > 1 and name.endswith("-") else name


def name_is_dns_subdomain(name: str, prefix: bool) -> list[str]:
    return is_dns1123_subdomain(_mask_trailing_dash(name, prefix))


def name_is_dns_label(name: str, prefix: bool) -> list[str]:
    return is_dns1123_label(_mask_trailing_dash(name, prefix))


def name_is_dns1035_label(name: str, prefix: bool) -> list[str]:
    return is_dns1035_label(_mask_trailing_dash(name, prefix))


def name_is_path_segment(name: str, prefix: bool) -> list[str]:
    return is_path_segment_name(name)


def name_rule(kind: str, minor: int) -> NameFn:
    """The name function each registry passes to ValidateObjectMeta."""
    if kind == "Service":
        return name_is_dns1035_label  # ValidateServiceName
    if kind == "Namespace":
        return name_is_dns_label  # ValidateNamespaceName
    if kind == "StatefulSet" and minor >= 27:
        return name_is_dns_label  # ValidateStatefulSetName: DNS label since 1.27 (kubernetes#114172)
    if kind in ("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"):
        return name_is_path_segment  # ValidateRBACName
    return name_is_dns_subdomain


CLUSTER_SCOPED = {"Namespace", "IngressClass", "ClusterRole", "ClusterRoleBinding", "Node", "PersistentVolume", "StorageClass", "PriorityClass"}

# helper.IsStandardFinalizerName: the finalizers without a '/' the API server knows
STANDARD_FINALIZERS = {"kubernetes", "orphan", "foregroundDeletion"}


def validate_labels(labels: Any, path: Path) -> Errors:
    """ValidateLabels: keys are qualified names, values label values; upstream reports both on the map itself."""
    errs: Errors = []
    for key, value in as_dict(labels).items():
        key = str(key)
        errs += [invalid(path, key, m, at=(*path, key)) for m in is_qualified_name(key)]
        text = "" if value is None else str(value)
        errs += [invalid(path, text, m, at=(*path, key)) for m in is_label_value(text)]
    return errs


def validate_label_name(name: Any, path: Path) -> Errors:
    return [invalid(path, name, m) for m in is_qualified_name(as_str(name))]


def validate_annotations(annotations: Any, path: Path) -> Errors:
    """ValidateAnnotations: keys checked in lower case, total size ≤ 256 KiB."""
    errs: Errors = []
    total = 0
    for key, value in as_dict(annotations).items():
        key = str(key)
        errs += [invalid(path, key, m) for m in is_qualified_name(key.lower())]
        total += len(key.encode()) + len(str(value if value is not None else "").encode())
    if total > TOTAL_ANNOTATION_SIZE:
        errs.append(too_long(path, TOTAL_ANNOTATION_SIZE))
    return errs


def validate_label_selector(selector: Any, path: Path, allow_invalid_values: bool = False) -> Errors:
    """ValidateLabelSelector / ValidateLabelSelectorRequirement."""
    sel = as_dict(selector)
    errs = validate_labels(sel.get("matchLabels"), (*path, "matchLabels"))
    for i, expr in enumerate(as_list(sel.get("matchExpressions"))):
        here = (*path, "matchExpressions", i)
        expr = as_dict(expr)
        op, values = expr.get("operator"), as_list(expr.get("values"))
        if op in ("In", "NotIn"):
            if not values:
                errs.append(required((*here, "values"), "must be specified when `operator` is 'In' or 'NotIn'"))
        elif op in ("Exists", "DoesNotExist"):
            if values:
                errs.append(forbidden((*here, "values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
        else:
            errs.append(invalid((*here, "operator"), op or "", "not a valid selector operator"))
        errs += validate_label_name(expr.get("key", ""), (*here, "key"))
        if not allow_invalid_values:
            for v, value in enumerate(values):
                errs += [invalid((*here, "values", v), value, m) for m in is_label_value(str(value))]
    return errs


def selector_matches(selector: Any, labels: Any) -> bool:
    """metav1.LabelSelectorAsSelector(...).Matches(labels)."""
    sel, have = as_dict(selector), {str(k): str(v) for k, v in as_dict(labels).items()}
    for key, value in as_dict(sel.get("matchLabels")).items():
        if have.get(str(key)) != str(value):
            return False
    for expr in as_list(sel.get("matchExpressions")):
        expr = as_dict(expr)
        key, op, values = str(expr.get("key")), expr.get("operator"), [str(v) for v in as_list(expr.get("values"))]
        if (op == "In" and have.get(key) not in values) or (op == "NotIn" and key in have and have[key] in values):
            return False
        if (op == "Exists" and key not in have) or (op == "DoesNotExist" and key in have):
            return False
    return True


def selector_is_empty(selector: Any) -> bool:
    sel = as_dict(selector)
    return not as_dict(sel.get("matchLabels")) and not as_list(sel.get("matchExpressions"))


def validate_finalizers(finalizers: Any, path: Path) -> Errors:
    """ValidateFinalizers + core's validateKubeFinalizerName."""
    errs: Errors = []
    names = [as_str(f) for f in as_list(finalizers)]
    for i, name in enumerate(names):
        errs += [invalid(path, name, m) for m in is_qualified_name(name)]
        if "/" not in name and name not in STANDARD_FINALIZERS:
            errs.append(invalid((*path, i), name, "name is neither a standard finalizer name nor is it fully qualified"))
    if "orphan" in names and "foregroundDeletion" in names:
        errs.append(invalid(path, names, "finalizer orphan and foregroundDeletion cannot be both set"))
    return errs


def validate_object_meta(obj: dict[str, Any], minor: int, name_fn: NameFn | None = None) -> Errors:
    """ValidateObjectMeta on create, after name generation."""
    meta = as_dict(obj.get("metadata"))
    kind = as_str(obj.get("kind"))
    name_fn = name_fn or name_rule(kind, minor)
    path: Path = ("metadata",)
    errs: Errors = []
    generate = as_str(meta.get("generateName"))
    if generate:
        errs += [invalid((*path, "generateName"), generate, m) for m in name_fn(generate, True)]
    name = as_str(meta.get("name"))
    if name:
        errs += [invalid((*path, "name"), name, m) for m in name_fn(name, False)]
    elif not generate:
        errs.append(required((*path, "name"), "name or generateName is required"))
    namespace = as_str(meta.get("namespace"))
    # a missing namespace is filled from the request (kubectl -n), so only a bad one is an error
    if namespace and kind not in CLUSTER_SCOPED:
        errs += [invalid((*path, "namespace"), namespace, m) for m in is_dns1123_label(namespace)]
    errs += validate_labels(meta.get("labels"), (*path, "labels"))
    errs += validate_annotations(meta.get("annotations"), (*path, "annotations"))
    errs += validate_finalizers(meta.get("finalizers"), (*path, "finalizers"))
    return errs


def validate_template_meta(meta: Any, path: Path) -> Errors:
    """The labels and annotations of an embedded template (ValidatePodTemplateSpec's first lines)."""
    meta = as_dict(meta)
    return validate_labels(meta.get("labels"), (*path, "labels")) + validate_annotations(meta.get("annotations"), (*path, "annotations"))


def validate(obj: dict[str, Any], versions: tuple[str, ...]) -> Errors:
    """Metadata only: for kinds whose spec is not checked here."""
    return per_version(versions, lambda minor: validate_object_meta(obj, minor))
