"""What the computed connectivity does not cover: reported as "not modelled", never as verified."""

from __future__ import annotations

import contextlib
import ipaddress
from collections.abc import Iterator
from typing import Any

from .resources import is_k8s_network_policy, kind_of, name_of, uses_host_network

NODELOCAL_DNS = ipaddress.ip_network("169.254.20.10/32")


def not_modelled(objects: list[dict[str, Any]]) -> list[str]:
    """What the page relies on that the computed connectivity does not cover (reported, not verified)."""
    found: list[str] = []
    for obj in objects:
        if not isinstance(obj, dict):
            continue
        found.extend(_link_local(obj))
        found.extend(_named_ports(obj))
        found.extend(_host_network(obj))
        found.extend(_calico(obj))
        found.extend(_cilium(obj))
        found.extend(_other_policy(obj))
    return found


def _ip_blocks(policy: dict[str, Any]) -> Iterator[str]:
    spec = policy.get("spec") or {}
    for direction, side in (("ingress", "from"), ("egress", "to")):
        for rule in spec.get(direction) or []:
            for peer in (rule or {}).get(side) or []:
                cidr = ((peer or {}).get("ipBlock") or {}).get("cidr")
                if cidr:
                    yield str(cidr)


def _link_local(obj: dict[str, Any]) -> list[str]:
    if not is_k8s_network_policy(obj):
        return []
    found = []
    for cidr in _ip_blocks(obj):
        with contextlib.suppress(ValueError):
            if ipaddress.ip_network(cidr, strict=False).overlaps(NODELOCAL_DNS):
                found.append(
                    f"NetworkPolicy {name_of(obj)} allows ipBlock {cidr}, NodeLocal DNSCache's link-local address on every node: "
                    "whether Pods send DNS there (kubelet clusterDNS, kube-proxy mode) and how the CNI matches that node-local "
                    "traffic (Cilium redirects it to a cache Pod with a Local Redirect Policy) are not modelled"
                )
    return found


def _named_ports(obj: dict[str, Any]) -> list[str]:
    if not is_k8s_network_policy(obj):
        return []
    spec = obj.get("spec") or {}
    names = sorted({
        str(port["port"]) for direction in ("ingress", "egress") for rule in spec.get(direction) or []
        for port in (rule or {}).get("ports") or [] if isinstance((port or {}).get("port"), str)
    })
    if not names:
        return []
    return [f"NetworkPolicy {name_of(obj)} uses named ports ({', '.join(names)}): they resolve only against the containerPorts "
            "of the page's workloads; a Pod made up for a table row has none, so such a row is computed as denied"]


def _host_network(obj: dict[str, Any]) -> list[str]:
    if uses_host_network(obj):
        return [f"{kind_of(obj)} {name_of(obj)} uses hostNetwork: its Pods have the node's address and NetworkPolicy does not select them; not modelled"]
    return []


def _calico(obj: dict[str, Any]) -> list[str]:
    if not str(obj.get("apiVersion", "")).startswith(("projectcalico.org/", "crd.projectcalico.org/")):
        return []
    spec = obj.get("spec") or {}
    found = []
    if kind_of(obj) == "Tier" or spec.get("tier") not in (None, "default"):
        found.append(f"Calico {kind_of(obj)} {name_of(obj)}: policy tiers are not modelled")
    if any((rule or {}).get("action") == "Pass" for d in ("ingress", "egress") for rule in spec.get(d) or []):
        found.append(f"Calico {kind_of(obj)} {name_of(obj)}: the Pass action (skip to the next tier) is not modelled")
    if not found and kind_of(obj) in {"NetworkPolicy", "GlobalNetworkPolicy"}:
        found.append(f"Calico {kind_of(obj)} {name_of(obj)}: Calico policies are not part of the computed connectivity")
    return found


def _cilium(obj: dict[str, Any]) -> list[str]:
    if kind_of(obj) not in {"CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy"}:
        return []
    specs = [obj.get("spec") or {}, *(obj.get("specs") or [])]
    l7 = any(
        (to_port or {}).get("rules")
        for spec in specs for direction in ("ingress", "egress")
        for rule in spec.get(direction) or [] for to_port in (rule or {}).get("toPorts") or []
    )
    what = "its L7 rules (HTTP, DNS, Kafka) are not modelled" if l7 else "Cilium policies are not part of the computed connectivity"
    return [f"{kind_of(obj)} {name_of(obj)}: {what}"]


def _other_policy(obj: dict[str, Any]) -> list[str]:
    if kind_of(obj) in {"AdminNetworkPolicy", "BaselineAdminNetworkPolicy", "ClusterNetworkPolicy", "AuthorizationPolicy"}:
        return [f"{kind_of(obj)} {name_of(obj)} is not part of the computed connectivity"]
    return []
