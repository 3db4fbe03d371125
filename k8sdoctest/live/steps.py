"""A block's live test as data: try steps, catch diagnostics, cleanup — planned by a pure function.

Modelled on chainsaw's step (try / catch / finally / cleanup, kyverno/chainsaw
pkg/apis/v1alpha1/step.go): `plan_block` decides *what* runs from the block and the
cluster's facts only; `execute` (runner.py) runs it, so every failure brings diagnostics.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..manifests import objects_of
from ..model import SHELL, YAML, Block

ROLLOUT = frozenset({"Deployment", "StatefulSet", "DaemonSet"})


@dataclass(frozen=True)
class DryRun:
    namespace: str


@dataclass(frozen=True)
class Apply:
    namespace: str


@dataclass(frozen=True)
class Rollout:
    namespace: str
    target: str  # kind/name


@dataclass(frozen=True)
class Script:
    pass


@dataclass(frozen=True)
class Events:
    namespace: str


@dataclass(frozen=True)
class PodLogs:
    namespace: str


Step = DryRun | Apply | Rollout | Script | Events | PodLogs


@dataclass(frozen=True)
class Plan:
    try_: tuple[Step, ...]
    catch: tuple[Step, ...]  # run when a try step fails: what a reader needs to see why
    note: str  # what the passing result says was done


@dataclass(frozen=True)
class NotRun:
    reason: str


@dataclass(frozen=True)
class ClusterFacts:
    cni: str
    k8s: str  # the node image's minor version, e.g. 1.37


def rollout_targets(objects: list[dict[str, Any]], default_ns: str) -> list[Rollout]:
    """Every object whose readiness `kubectl rollout status` can wait for."""
    return [
        Rollout(str((o.get("metadata") or {}).get("namespace") or default_ns), f"{o['kind'].lower()}/{o['metadata']['name']}")
        for o in objects if o.get("kind") in ROLLOUT and (o.get("metadata") or {}).get("name")
    ]


def not_run_reason(block: Block, cluster: ClusterFacts) -> str | None:
    claims = block.claims
    if "live" in claims.skip:
        return claims.skip["live"]
    if cluster.cni not in claims.cni:
        return f"the block is for {', '.join(claims.cni)} only"
    if claims.live == "none":
        return "the page marks this block as not for the test cluster (live=none)"
    if block.language in SHELL and claims.interactive:
        return "the page marks this block as typed at a terminal (interactive=true)"
    if cluster.k8s not in claims.k8s:
        return f"the block does not claim Kubernetes {cluster.k8s}, the cluster's version"
    return None


def plan_block(block: Block, cluster: ClusterFacts, default_ns: str) -> Plan | NotRun:
    reason = not_run_reason(block, cluster)
    if reason is not None:
        return NotRun(reason)
    where = f"kind {cluster.k8s} + {cluster.cni}"
    if block.language in SHELL:
        if block.claims.live != "apply":
            return NotRun("the page marks this block as not for the test cluster")
        return Plan((Script(),), (Events(default_ns), PodLogs(default_ns)), f"ran on {where} (exit 0)")
    if block.language not in YAML:
        return NotRun(f"{block.language} blocks are not run on a cluster")
    if block.claims.live == "dry-run":
        return Plan((DryRun(default_ns),), (), f"server-side dry-run accepted on {where} (cloud-only object: not applied)")
    objects = list(objects_of(block.text))
    rollouts = rollout_targets(objects, default_ns)
    namespaces = sorted({default_ns, *(r.namespace for r in rollouts)})
    catch = tuple(s for ns in namespaces for s in (Events(ns), PodLogs(ns)))
    return Plan((DryRun(default_ns), Apply(default_ns), *rollouts), catch, f"server dry-run, apply and readiness on {where}")
