"""Common API-server validations that a schema cannot express, offline.

These approximate the server's own validation (pkg/apis/*/validation); the live
tier's server-side dry-run is the authority.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator
from typing import Any

from ..manifests import Doc, is_builtin
from ..model import YAML, CheckResult, Finding
from . import Check, Target

NAME = "apiserver"
NOTE = "approximates API-server validation; the live tier's server-side dry-run is authoritative"

DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
DNS1035_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
LABEL_NAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
QUANTITY = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$")
WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}
ENUMS = {
    "protocol": {"TCP", "UDP", "SCTP"},
    "pathType": {"Exact", "Prefix", "ImplementationSpecific"},
    "policyTypes": {"Ingress", "Egress"},
    "externalTrafficPolicy": {"Cluster", "Local"},
    "internalTrafficPolicy": {"Cluster", "Local"},
    "sessionAffinity": {"None", "ClientIP"},
    "type": {"ClusterIP", "NodePort", "LoadBalancer", "ExternalName"},
}
NODE_PORTS = range(30000, 32768)

Report = Callable[[list[Any], str], None]


def name_rule(kind: str) -> tuple[re.Pattern[str], int, str]:
    if kind in ("Service", "Namespace"):
        return (DNS1035_LABEL, 63, "DNS-1035 label") if kind == "Service" else (DNS1123_LABEL, 63, "DNS-1123 label")
    return DNS1123_SUBDOMAIN, 253, "DNS-1123 subdomain"


def label_key_problem(key: str) -> str | None:
    prefix, slash, name = key.rpartition("/")
    if slash and (len(prefix) > 253 or not DNS1123_SUBDOMAIN.match(prefix)):
        return f"label key prefix {prefix!r} must be a DNS-1123 subdomain"
    if len(name) > 63 or not LABEL_NAME.match(name):
        return f"label key {key!r}: the name part must be ≤63 characters of [A-Za-z0-9-_.], starting and ending alphanumeric"
    return None


def label_value_problem(value: Any) -> str | None:
    text = "" if value is None else str(value)
    if text and (len(text) > 63 or not LABEL_NAME.match(text)):
        return f"label value {text!r} must be ≤63 characters of [A-Za-z0-9-_.], starting and ending alphanumeric"
    return None


def iana_svc_name_problem(name: str) -> str | None:
    if len(name) > 15 or not re.fullmatch(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?", name) or "--" in name or not re.search(r"[a-z]", name):
        return f"port name {name!r} must be an IANA_SVC_NAME: ≤15 lowercase letters, digits and '-', with at least one letter"
    return None


def check_labels(labels: Any, path: list[Any], bad: Report) -> None:
    if not isinstance(labels, dict):
        return
    for key, value in labels.items():
        for problem in (label_key_problem(str(key)), label_value_problem(value)):
            if problem:
                bad([*path, key], problem)


def check_metadata(data: dict[str, Any], bad: Report) -> None:
    meta = data.get("metadata") or {}
    name = meta.get("name")
    if isinstance(name, str):
        pattern, limit, rule = name_rule(data.get("kind", ""))
        if len(name) > limit or not pattern.match(name):
            bad(["metadata", "name"], f"{data['kind']} name {name!r} must be a {rule} (≤{limit} characters)")
    namespace = meta.get("namespace")
    if isinstance(namespace, str) and (len(namespace) > 63 or not DNS1123_LABEL.match(namespace)):
        bad(["metadata", "namespace"], f"namespace {namespace!r} must be a DNS-1123 label")
    check_labels(meta.get("labels"), ["metadata", "labels"], bad)


def check_enum(value: Any, field: str, path: list[Any], bad: Report) -> None:
    if value is not None and value not in ENUMS[field]:
        bad(path, f"{field} {value!r} is not one of {', '.join(sorted(ENUMS[field]))}")


def check_pod_spec(spec: Any, path: list[Any], bad: Report) -> None:
    if not isinstance(spec, dict):
        return
    for group in ("initContainers", "containers"):
        for c, container in enumerate(spec.get(group) or []):
            if not isinstance(container, dict):
                continue
            here = [*path, group, c]
            seen: set[str] = set()
            for p, port in enumerate(container.get("ports") or []):
                name = port.get("name") if isinstance(port, dict) else None
                if isinstance(name, str):
                    if problem := iana_svc_name_problem(name):
                        bad([*here, "ports", p, "name"], problem)
                    if name in seen:
                        bad([*here, "ports", p, "name"], f"duplicate container port name {name!r}")
                    seen.add(name)
                if isinstance(port, dict):
                    check_enum(port.get("protocol"), "protocol", [*here, "ports", p, "protocol"], bad)
            check_resources(container.get("resources"), [*here, "resources"], bad)


def check_resources(resources: Any, path: list[Any], bad: Report) -> None:
    if not isinstance(resources, dict):
        return
    for part in ("requests", "limits"):
        for name, value in (resources.get(part) or {}).items():
            if not QUANTITY.match(str(value)):
                bad([*path, part, name], f"{part}.{name}: {value!r} is not a quantity (e.g. 500m, 1Gi)")


def check_workload(data: dict[str, Any], bad: Report) -> None:
    spec = data.get("spec") or {}
    template = spec.get("template") or {}
    labels = (template.get("metadata") or {}).get("labels") or {}
    check_labels(labels, ["spec", "template", "metadata", "labels"], bad)
    selector = (spec.get("selector") or {}).get("matchLabels") or {}
    check_labels(selector, ["spec", "selector", "matchLabels"], bad)
    for key, value in selector.items():
        if labels.get(key) != value:
            bad(["spec", "selector", "matchLabels", key], f"selector {key}={value} does not match the Pod template's labels: the API server rejects it")
    check_pod_spec(template.get("spec"), ["spec", "template", "spec"], bad)
    for v, claim in enumerate(spec.get("volumeClaimTemplates") or []):
        check_resources(((claim or {}).get("spec") or {}).get("resources"), ["spec", "volumeClaimTemplates", v, "spec", "resources"], bad)


def check_service(data: dict[str, Any], bad: Report) -> None:
    spec = data.get("spec") or {}
    kind = spec.get("type", "ClusterIP")
    check_enum(spec.get("type"), "type", ["spec", "type"], bad)
    for field in ("externalTrafficPolicy", "internalTrafficPolicy", "sessionAffinity"):
        check_enum(spec.get(field), field, ["spec", field], bad)
    check_labels(spec.get("selector"), ["spec", "selector"], bad)
    if "externalTrafficPolicy" in spec and kind not in ("NodePort", "LoadBalancer"):
        bad(["spec", "externalTrafficPolicy"], "externalTrafficPolicy may only be set when type is NodePort or LoadBalancer")
    if "healthCheckNodePort" in spec and not (kind == "LoadBalancer" and spec.get("externalTrafficPolicy") == "Local"):
        bad(["spec", "healthCheckNodePort"], "healthCheckNodePort may only be set when type is LoadBalancer and externalTrafficPolicy is Local: remove it")
    check_cluster_ip(spec, kind, bad)
    ports = spec.get("ports") or []
    names: set[str] = set()
    numbers: set[tuple[Any, Any]] = set()
    for p, port in enumerate(ports):
        if not isinstance(port, dict):
            continue
        here = ["spec", "ports", p]
        name = port.get("name")
        if len(ports) > 1 and not name:
            bad(here, "every port needs a name when a Service has more than one")
        if isinstance(name, str) and name:
            if len(name) > 63 or not DNS1123_LABEL.match(name):
                bad([*here, "name"], f"Service port name {name!r} must be a DNS-1123 label")
            if name in names:
                bad([*here, "name"], f"duplicate port name {name!r}")
            names.add(name)
        key = (port.get("port"), port.get("protocol", "TCP"))
        if key in numbers:
            bad([*here, "port"], f"duplicate port {key[0]}/{key[1]}")
        numbers.add(key)
        check_enum(port.get("protocol"), "protocol", [*here, "protocol"], bad)
        node_port = port.get("nodePort")
        if node_port is not None:
            if kind not in ("NodePort", "LoadBalancer"):
                bad([*here, "nodePort"], f"nodePort may not be set for type {kind}")
            elif isinstance(node_port, int) and node_port not in NODE_PORTS:
                bad([*here, "nodePort"], f"nodePort {node_port} is outside the default --service-node-port-range 30000-32767")
    timeout = (((spec.get("sessionAffinityConfig") or {}).get("clientIP") or {}).get("timeoutSeconds"))
    if isinstance(timeout, int) and not 0 < timeout <= 86400:
        bad(["spec", "sessionAffinityConfig", "clientIP", "timeoutSeconds"], "timeoutSeconds must be between 1 and 86400")


def check_cluster_ip(spec: dict[str, Any], kind: str, bad: Report) -> None:
    ip = spec.get("clusterIP")
    if ip in (None, ""):
        return
    if kind == "ExternalName":
        bad(["spec", "clusterIP"], "clusterIP must be empty for type ExternalName")
    elif ip == "None":
        if kind in ("NodePort", "LoadBalancer"):
            bad(["spec", "clusterIP"], f"a headless Service (clusterIP: None) cannot be of type {kind}")
    else:
        try:
            ipaddress.ip_address(str(ip))
        except ValueError:
            bad(["spec", "clusterIP"], f"clusterIP {ip!r} is not an IP address, \"None\" or empty")


def check_ingress(data: dict[str, Any], bad: Report) -> None:
    spec = data.get("spec") or {}
    if not spec.get("rules") and not spec.get("defaultBackend"):
        bad(["spec"], "an Ingress needs rules or a defaultBackend")
    for r, rule in enumerate(spec.get("rules") or []):
        paths = ((rule or {}).get("http") or {}).get("paths") or []
        if (rule or {}).get("http") is not None and not paths:
            bad(["spec", "rules", r, "http"], "http needs at least one path")
        for p, path in enumerate(paths):
            here = ["spec", "rules", r, "http", "paths", p]
            check_enum(path.get("pathType"), "pathType", [*here, "pathType"], bad)
            if path.get("pathType") in ("Exact", "Prefix") and not str(path.get("path", "")).startswith("/"):
                bad([*here, "path"], "path must be absolute (start with '/') for pathType Exact or Prefix")
            port = (((path.get("backend") or {}).get("service") or {}).get("port")) or {}
            if "service" in (path.get("backend") or {}) and ("number" in port) == ("name" in port):
                bad([*here, "backend", "service", "port"], "backend.service.port needs exactly one of number or name")


def check_network_policy(data: dict[str, Any], bad: Report) -> None:
    spec = data.get("spec") or {}
    for t, policy_type in enumerate(spec.get("policyTypes") or []):
        check_enum(policy_type, "policyTypes", ["spec", "policyTypes", t], bad)
    for direction, peers_key in (("ingress", "from"), ("egress", "to")):
        for r, rule in enumerate(spec.get(direction) or []):
            here = ["spec", direction, r]
            for p, peer in enumerate((rule or {}).get(peers_key) or []):
                check_peer(peer, [*here, peers_key, p], bad)
            for p, port in enumerate((rule or {}).get("ports") or []):
                check_enum((port or {}).get("protocol"), "protocol", [*here, "ports", p, "protocol"], bad)
                end = (port or {}).get("endPort")
                if end is not None and not (isinstance(port.get("port"), int) and end >= port["port"]):
                    bad([*here, "ports", p, "endPort"], "endPort needs a numeric port and must be ≥ port")


def check_peer(peer: Any, path: list[Any], bad: Report) -> None:
    peer = peer or {}
    selectors = [k for k in ("podSelector", "namespaceSelector") if k in peer]
    if "ipBlock" in peer:
        if selectors:
            bad(path, "ipBlock cannot be combined with podSelector or namespaceSelector in one peer")
        block = peer["ipBlock"] or {}
        try:
            network = ipaddress.ip_network(str(block.get("cidr")), strict=False)
            for e, cidr in enumerate(block.get("except") or []):
                if not ipaddress.ip_network(str(cidr), strict=False).subnet_of(network):  # type: ignore[arg-type]
                    bad([*path, "ipBlock", "except", e], f"except {cidr} is not inside {network}")
        except (ValueError, TypeError):
            bad([*path, "ipBlock", "cidr"], f"ipBlock.cidr {block.get('cidr')!r} is not a CIDR")
    elif not selectors:
        bad(path, "a peer needs podSelector, namespaceSelector or ipBlock")
    for key in selectors:
        check_labels((peer[key] or {}).get("matchLabels"), [*path, key, "matchLabels"], bad)


RULES: dict[str, Callable[[dict[str, Any], Report], None]] = {
    "Service": check_service,
    "Ingress": check_ingress,
    "NetworkPolicy": check_network_policy,
    **{kind: check_workload for kind in WORKLOADS},
}


def findings_for(doc: Doc) -> Iterator[Finding]:
    found: list[Finding] = []

    def bad(path: list[Any], message: str) -> None:
        found.append(Finding("error", NAME, message, doc.line_of(path)))

    data = doc.data
    check_metadata(data, bad)
    if data.get("kind") == "Pod":
        check_pod_spec(data.get("spec"), ["spec"], bad)
    if (rule := RULES.get(str(data.get("kind")))) is not None:
        rule(data, bad)
    yield from found


def run(target: Target) -> CheckResult | None:
    objects = [d for d in target.docs if isinstance(d.data, dict) and is_builtin(str(d.data.get("apiVersion", "")))]
    if not objects:
        return None
    findings = [f for d in objects for f in findings_for(d)]
    return CheckResult.from_findings(NAME, findings, f"names, labels, selectors, ports and enums pass ({NOTE})")


CHECK = Check(NAME, "API Server 规则", YAML, run, after=("yaml",), needs=("docs", "k8s"))
