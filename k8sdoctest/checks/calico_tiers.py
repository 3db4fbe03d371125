"""A Calico `Pass` rule in the `default` tier bypasses every Kubernetes NetworkPolicy.

`Pass` skips the remaining policies of the current tier and hands the packet to the next tier.
Calico converts each Kubernetes NetworkPolicy into a policy of the `default` tier at order 1000
(libcalico-go K8sNetworkPolicyToCalico), and `default` is the last tier before the profiles,
which allow. So a GlobalNetworkPolicy or NetworkPolicy of the default tier (no `tier`, or
`tier: default`) that passes traffic lets it skip every Kubernetes NetworkPolicy (order below
1000) or, placed after them, the end-of-tier deny a Kubernetes default-deny policy relies on:
either way the profiles, which allow, decide. A policy in its own tier, ordered before
`default`, may pass: the default tier then still sees the packet.
"""

from __future__ import annotations

from typing import Any

from ..manifests import Doc
from ..model import YAML, CheckResult, Finding
from . import Check, Target

NAME = "calico-tiers"
GROUPS = ("projectcalico.org/v3", "crd.projectcalico.org/v1")
KINDS = ("GlobalNetworkPolicy", "NetworkPolicy", "StagedGlobalNetworkPolicy", "StagedNetworkPolicy")
K8S_ORDER = 1000.0  # libcalico-go: "We insert all the NetworkPolicy Policies at order 1000.0"
SOURCES = (
    "https://docs.tigera.io/calico/latest/network-policy/policy-tiers/tiered-policy",
    # "If the Tier applies to the endpoint, but takes no action on the packet the packet is dropped": the end-of-tier deny
    "https://docs.tigera.io/calico/latest/reference/resources/tier",
    "https://github.com/projectcalico/calico/blob/master/libcalico-go/lib/backend/k8s/conversion/conversion.go",
)


def tier_of(data: dict[str, Any]) -> str:
    spec = data.get("spec") or {}
    if spec.get("tier"):
        return str(spec["tier"])
    # Calico also accepts the tier as the name's prefix (`security.deny-metadata`) only together with spec.tier;
    # without spec.tier the policy is in `default`.
    return "default"


def pass_rules(doc: Doc) -> list[tuple[str, int]]:
    """(direction[index], line) of every rule whose action is Pass."""
    spec = doc.data.get("spec") or {}
    found = []
    for direction in ("ingress", "egress"):
        rules = spec.get(direction) or []
        for i, rule in enumerate(rules if isinstance(rules, list) else []):
            if isinstance(rule, dict) and str(rule.get("action", "")).lower() == "pass":
                found.append((f"{direction}[{i}]", doc.line_of(["spec", direction, i, "action"])))
    return found


def run(target: Target) -> CheckResult | None:
    policies = [d for d in target.docs if isinstance(d.data, dict) and d.data.get("apiVersion") in GROUPS and d.data.get("kind") in KINDS]
    if not policies:
        return None
    findings: list[Finding] = []
    for doc in policies:
        if tier_of(doc.data) != "default":
            continue
        order = (doc.data.get("spec") or {}).get("order")
        name = (doc.data.get("metadata") or {}).get("name", "")
        for where, line in pass_rules(doc):
            before = isinstance(order, int | float) and order < K8S_ORDER
            skipped = ("every Kubernetes NetworkPolicy (Calico puts them in the default tier at order 1000)" if before else
                       "the default tier's end-of-tier deny that Kubernetes default-deny NetworkPolicies rely on")
            at = f"order {order}" if order is not None else "no order"
            findings.append(Finding("error", NAME, (
                f"{doc.data['kind']} {name} is in the default tier ({at}) and {where} has action: Pass: Pass jumps to the next tier, "
                f"skipping {skipped}; after the default tier come the profiles, which allow. Put the policy in its own Tier ordered "
                f"before default (spec.tier), or drop the Pass rule ({'; '.join(SOURCES)})"), line))
    return CheckResult.from_findings(NAME, findings, f"no Pass rule skips the Kubernetes NetworkPolicies of the default tier ({len(policies)} Calico policies)")


CHECK = Check(NAME, "Calico 策略层级", YAML, run, after=("yaml",), needs=("docs",))
