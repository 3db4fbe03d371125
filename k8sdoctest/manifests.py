"""Kubernetes manifests: YAML documents with their lines, objects, group/version/kind.

The one place that reads manifest YAML, shared by the checks, the page model and the live tier.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from .model import Finding

CHECK = "yaml"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Groups served by the API server itself; anything else is a custom resource.
BUILTIN_GROUPS = frozenset({
    "", "apps", "batch", "policy", "autoscaling", "extensions",
    "admissionregistration.k8s.io", "apiextensions.k8s.io", "apiregistration.k8s.io",
    "authentication.k8s.io", "authorization.k8s.io", "certificates.k8s.io",
    "coordination.k8s.io", "discovery.k8s.io", "events.k8s.io", "flowcontrol.apiserver.k8s.io",
    "internal.apiserver.k8s.io", "networking.k8s.io", "node.k8s.io", "rbac.authorization.k8s.io",
    "resource.k8s.io", "scheduling.k8s.io", "storage.k8s.io", "storagemigration.k8s.io",
})

# Configuration files of components: not API objects (checked by `component-config`).
COMPONENT_GROUPS = frozenset({"kubeproxy.config.k8s.io", "kubelet.config.k8s.io", "kind.x-k8s.io", "kubeadm.k8s.io"})

WORKLOADS = frozenset({"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"})


@dataclass(frozen=True)
class Doc:
    """One YAML document of a block: its data and its node tree (for lines)."""

    data: Any
    node: Any  # yaml.Node

    @property
    def line(self) -> int:
        return int(self.node.start_mark.line)

    def line_of(self, path: list[Any] | tuple[Any, ...]) -> int:
        """0-based block line of the node at `path` (the deepest that exists)."""
        node = self.node
        for step in path:
            child = _child(node, step)
            if child is None:
                break
            node = child
        return int(node.start_mark.line)

    def key_line(self, path: list[Any] | tuple[Any, ...], key: str) -> int:
        """Line of `key` inside the mapping at `path`."""
        node = self.node
        for step in path:
            child = _child(node, step)
            if child is None:
                return int(node.start_mark.line)
            node = child
        if isinstance(node, yaml.MappingNode):
            for k, _ in node.value:
                if k.value == key:
                    return int(k.start_mark.line)
        return int(node.start_mark.line)

    @property
    def obj(self) -> dict[str, Any] | None:
        """The document as a Kubernetes object, or None when it is not a mapping."""
        return self.data if isinstance(self.data, dict) else None


def _child(node: Any, step: Any) -> Any:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(step):
                return value
    elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        return node.value[step]
    return None


def load(text: str) -> tuple[list[Doc], Finding | None]:
    """All non-empty documents, or the first parse error with its line."""
    docs: list[Doc] = []
    loader = _Loader(text)
    try:
        while loader.check_node():
            node = loader.get_node()
            data = loader.construct_document(node) if node is not None else None
            if data is not None:  # an empty document (`---` then comments) holds nothing
                docs.append(Doc(data, node))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line if mark else 0
        return docs, Finding("error", CHECK, _explain(exc, text, line), line)
    except yaml.YAMLError as exc:  # errors without a position (e.g. bad characters)
        return docs, Finding("error", CHECK, f"YAML error: {exc}", 0)
    finally:
        loader.dispose()
    return docs, None


@functools.lru_cache(maxsize=1024)
def parsed(text: str) -> tuple[tuple[Doc, ...], Finding | None]:
    """`load`, once per text per run: every check and the page share the result (treat it as read-only)."""
    docs, error = load(text)
    return tuple(docs), error


def objects_of(text: str) -> tuple[dict[str, Any], ...]:
    docs, _ = parsed(text)
    return tuple(d.data for d in docs if isinstance(d.data, dict))


def _explain(exc: yaml.MarkedYAMLError, text: str, line: int) -> str:
    problem = f"{exc.context + ', ' if exc.context else ''}{exc.problem or exc}"
    lines = text.split("\n")
    if 0 <= line < len(lines) and lines[line][: len(lines[line]) - len(lines[line].lstrip())].count("\t"):
        return f"invalid YAML: {problem} (a tab is used for indentation: YAML allows only spaces)"
    return f"invalid YAML: {problem}"


def group_of(api_version: str) -> str:
    return api_version.rpartition("/")[0] if "/" in api_version else ""


def gvk(data: dict[str, Any]) -> tuple[str, str, str]:
    """(group, version, kind) of an object; the core group is ''."""
    group, _, version = str(data.get("apiVersion", "")).rpartition("/")
    return group, version, str(data.get("kind", ""))


def is_builtin(api_version: str) -> bool:
    return group_of(api_version) in BUILTIN_GROUPS


def is_component_config(api_version: str) -> bool:
    return group_of(api_version) in COMPONENT_GROUPS


def api_version(data: dict[str, Any]) -> str:
    return str(data.get("apiVersion", ""))


def namespace(data: dict[str, Any]) -> str:
    return str((data.get("metadata") or {}).get("namespace") or "default")


def pod_labels(data: dict[str, Any]) -> dict[str, Any] | None:
    """The labels of the Pods an object runs (a Pod's own, a workload's template), else None."""
    if data.get("kind") == "Pod":
        return (data.get("metadata") or {}).get("labels") or {}
    if data.get("kind") in WORKLOADS:
        return (((data.get("spec") or {}).get("template") or {}).get("metadata") or {}).get("labels") or {}
    return None


def embedded_configs(doc: Doc) -> Iterator[tuple[dict[str, Any], int, str]]:
    """(config, line, key): component configs held as YAML strings in a ConfigMap's data (kube-proxy's config.conf)."""
    data = doc.data.get("data") if isinstance(doc.data, dict) and doc.data.get("kind") == "ConfigMap" else None
    for key, value in data.items() if isinstance(data, dict) else ():
        if isinstance(value, str) and "kind:" in value:
            try:
                inner = yaml.safe_load(value)
            except yaml.YAMLError:
                continue
            if isinstance(inner, dict) and "kind" in inner:
                yield inner, doc.line_of(["data", key]), str(key)
