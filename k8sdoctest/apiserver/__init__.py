"""An offline API server: the semantic validation kube-apiserver runs after decoding.

`validate(obj, versions)` returns the field errors the API server would print for
a built-in object on create, for each claimed Kubernetes version (an error carries
the versions that raise it). One module per family; this module only dispatches.
What needs a cluster (existing objects, admission, quotas) is listed in
NOT_CHECKED_OFFLINE instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from . import apps, config, metadata, networking, pod, service
from .fields import Errors, FieldError

Validator = Callable[[dict[str, Any], tuple[str, ...]], Errors]

# (API group, kind) → the family that validates it. Kinds not listed get ValidateObjectMeta only.
VALIDATORS: dict[tuple[str, str], Validator] = {
    ("", "Pod"): pod.validate,
    ("", "PodTemplate"): pod.validate,
    ("", "Service"): service.validate,
    ("", "Endpoints"): service.validate,
    ("discovery.k8s.io", "EndpointSlice"): service.validate,
    ("", "ConfigMap"): config.validate,
    ("", "Secret"): config.validate,
    ("", "PersistentVolumeClaim"): config.validate,
    ("", "Namespace"): config.validate,
    ("", "ServiceAccount"): config.validate,
    ("networking.k8s.io", "NetworkPolicy"): networking.validate,
    ("networking.k8s.io", "Ingress"): networking.validate,
    ("networking.k8s.io", "IngressClass"): networking.validate,
    **{("apps", kind): apps.validate for kind in ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet")},
    **{("batch", kind): apps.validate for kind in ("Job", "CronJob")},
}

# Rules kube-apiserver applies that need cluster state or configuration: not checked here.
NOT_CHECKED_OFFLINE: dict[str, str] = {
    "object references": "a Secret, ConfigMap, ServiceAccount, PVC, IngressClass or PriorityClass that must exist is looked up by admission or the kubelet",
    "uniqueness": "an object with the same name already existing (AlreadyExists), and nodePort/clusterIP already allocated to another Service",
    "service ranges": "clusterIP inside --service-cluster-ip-range, nodePort inside --service-node-port-range (30000-32767 by default)",
    "ip families": "ipFamilies/RequireDualStack against the families the cluster is configured with",
    "admission webhooks": "validating and mutating webhooks, ValidatingAdmissionPolicy (CEL) installed in the cluster",
    "pod security": "Pod Security admission levels (baseline/restricted) set on the namespace labels",
    "quotas and limits": "ResourceQuota and LimitRange admission (defaults, min/max, ratio)",
    "namespace lifecycle": "creating in a namespace that does not exist or is terminating",
    "feature gates": "non-default feature gates and --allow-privileged=false; the defaults of each version are assumed",
    "authorization": "RBAC: whether the user may create the object, or escalate through a Role",
    "immutability": "update-only rules (immutable fields, selector changes): a manifest is validated as a create",
    "storage classes": "volumeBindingMode, allowVolumeExpansion and provisioner parameters of the StorageClass",
}


# Rules that change inside 1.25–1.37, with the version each applies from (defaults of each release's feature gates).
VERSION_DEPENDENT: dict[str, str] = {
    "StatefulSet metadata.name": "DNS-1123 subdomain up to 1.26, DNS-1123 label from 1.27 (kubernetes#114172)",
    "StatefulSet spec.serviceName": "validated as a DNS-1123 label from 1.33 (kubernetes#130233)",
    "Service spec.trafficDistribution": "dropped in 1.30 (alpha gate off); PreferClose from 1.31; PreferSameZone and PreferSameNode from 1.34",
    "env and envFrom prefix names": "C-identifier-like until 1.31; any printable ASCII but '=' from 1.32 (RelaxedEnvironmentVariableValidation beta)",
    "dnsConfig.searches": "DNS-1123 subdomains until 1.32; underscores and '.' allowed from 1.33 (RelaxedDNSSearchValidation beta)",
    "initContainers[].restartPolicy": "dropped before 1.29; Always (sidecar, probes and lifecycle allowed) from 1.29 (SidecarContainers beta)",
    "lifecycle sleep": "dropped before 1.30; 0 < seconds ≤ terminationGracePeriodSeconds from 1.30; 0 allowed from 1.33",
    "CronJob TZ= or CRON_TZ= in spec.schedule": "refused only with spec.timeZone until 1.26; refused on create from 1.27 (kubernetes#116252)",
    "Pod spec.resources": "dropped before 1.34; checked against the containers from 1.34 (PodLevelResources beta)",
}


def group_of(api_version: str) -> str:
    return api_version.rpartition("/")[0] if "/" in api_version else ""


def validate(obj: dict[str, Any], versions: tuple[str, ...]) -> Errors:
    """The errors for one built-in object on create, per claimed version."""
    if obj.get("kind") == "List" or (str(obj.get("kind", "")).endswith("List") and isinstance(obj.get("items"), list)):
        return _validate_list(obj, versions)
    key = (group_of(str(obj.get("apiVersion", ""))), str(obj.get("kind", "")))
    validator = VALIDATORS.get(key, metadata.validate)
    return validator(obj, versions)


def _validate_list(obj: dict[str, Any], versions: tuple[str, ...]) -> Errors:
    """kubectl sends each item of a List on its own; report their errors under items[i]."""
    errs: Errors = []
    items = obj.get("items")
    for i, item in enumerate(items if isinstance(items, list) else []):  # a non-list `items` is the schema's finding
        if isinstance(item, dict):
            for err in validate(item, versions):
                errs.append(replace(err, path=("items", i, *err.path), at=("items", i, *err.at) if err.at else None))
    return errs


__all__ = ["NOT_CHECKED_OFFLINE", "VALIDATORS", "VERSION_DEPENDENT", "FieldError", "validate"]
