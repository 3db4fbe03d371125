"""The page's objects as NCA reads them: policies, namespaces, and the Pods of workloads (some made up for rows)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from .table import Endpoint, Row

WORKLOAD_KINDS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "ReplicationController", "Pod"}


def kind_of(obj: dict[str, Any]) -> str:
    return str(obj.get("kind", ""))


def meta_of(obj: dict[str, Any]) -> dict[str, Any]:
    meta = obj.get("metadata")
    return meta if isinstance(meta, dict) else {}


def namespace_of(obj: dict[str, Any]) -> str:
    return str(meta_of(obj).get("namespace") or "default")


def name_of(obj: dict[str, Any]) -> str:
    meta = meta_of(obj)
    return f"{meta['namespace']}/{meta.get('name', '')}" if meta.get("namespace") else str(meta.get("name", ""))


def is_k8s_network_policy(obj: dict[str, Any]) -> bool:
    return kind_of(obj) == "NetworkPolicy" and str(obj.get("apiVersion", "")).startswith("networking.k8s.io/")


def _template(obj: dict[str, Any]) -> dict[str, Any]:
    """The Pod template of a workload; for a Pod, the Pod itself."""
    if kind_of(obj) == "Pod":
        return obj
    spec = obj.get("spec") or {}
    if kind_of(obj) == "CronJob":
        spec = (spec.get("jobTemplate") or {}).get("spec") or {}
    return spec.get("template") or {}


def pod_labels(obj: dict[str, Any]) -> dict[str, str]:
    """The labels of the Pods a workload (or a Pod) creates."""
    return dict(meta_of(_template(obj)).get("labels") or {})


def uses_host_network(obj: dict[str, Any]) -> bool:
    return kind_of(obj) in WORKLOAD_KINDS and (_template(obj).get("spec") or {}).get("hostNetwork") is True


def matches(endpoint: Endpoint, namespace: str, labels: dict[str, str], name: str) -> bool:
    if endpoint.namespace != namespace:
        return False
    if endpoint.workload is not None:
        return endpoint.workload == name
    return all(labels.get(k) == v for k, v in endpoint.labels)


def provides(workload: dict[str, Any], endpoint: Endpoint) -> bool:
    return matches(endpoint, namespace_of(workload), pod_labels(workload), str(meta_of(workload).get("name", "")))


def topology(objects: list[dict[str, Any]], rows: list[Row]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(namespaces, workloads) for NCA: the page's own, plus a Pod or Namespace for what only a row names.

    hostNetwork workloads stay out: their Pods use the node's address, which NetworkPolicy does not select
    the way NCA would model them. They still count as providing a row's endpoint, so no Pod is made up for it.
    """
    workloads = [copy.deepcopy(o) for o in objects if kind_of(o) in WORKLOAD_KINDS]
    namespaces = [copy.deepcopy(o) for o in objects if kind_of(o) == "Namespace"]
    for endpoint in _label_endpoints(rows):
        if not any(provides(w, endpoint) for w in workloads):
            workloads.append(_synthetic_pod(endpoint, len(workloads)))
    known = {str(meta_of(n).get("name")) for n in namespaces}
    wanted = {namespace_of(o) for o in workloads + [o for o in objects if is_k8s_network_policy(o)]}
    namespaces += [_synthetic_namespace(name) for name in sorted(wanted - known)]
    return namespaces, [w for w in workloads if not uses_host_network(w)]


def _label_endpoints(rows: list[Row]) -> Iterator[Endpoint]:
    for row in rows:
        for endpoint in (row.source, row.target):
            if endpoint is not None and endpoint.namespace is not None and endpoint.workload is None:
                yield endpoint


def _synthetic_pod(endpoint: Endpoint, index: int) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": f"k8sdoctest-row-{index}", "namespace": endpoint.namespace, "labels": dict(endpoint.labels)},
        "spec": {"containers": [{"name": "c", "image": "none"}]},
    }


def _synthetic_namespace(name: str) -> dict[str, Any]:
    # NCA itself adds kubernetes.io/metadata.name, as the API server does.
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}
