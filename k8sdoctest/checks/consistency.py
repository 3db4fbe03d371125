"""Consistency between the blocks of one page: selectors, namespaces, serviceName.

Contradictions within the page are errors; a reference to something the page does
not show at all is only an `info` finding (the object may live on another page).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..manifests import Doc, namespace, pod_labels
from ..model import SHELL, YAML, CheckResult, Finding, Page
from . import Check, Target
from .kubectl import invocations
from .kubectl_args import read

NAME = "consistency"


def selects(selector: dict[str, Any], labels: dict[str, Any]) -> bool:
    return all(labels.get(k) == v for k, v in selector.items())


def pods(objects: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any], str]]:
    return [(namespace(o), labels, str((o.get("metadata") or {}).get("name"))) for o in objects if (labels := pod_labels(o)) is not None]


def belongs(service: str, selector: dict[str, Any], name: str, labels: dict[str, Any]) -> bool:
    """Does the page say this workload is the Service's (same name, named by the selector, a label in common)?"""
    return name == service or name in selector.values() or any(labels.get(k) == v for k, v in selector.items())


def check_service(doc: Doc, objects: list[dict[str, Any]]) -> Iterator[Finding]:
    selector = (doc.data.get("spec") or {}).get("selector")
    if not isinstance(selector, dict) or not selector:
        return
    ns = namespace(doc.data)
    here = [(name, labels) for n, labels, name in pods(objects) if n == ns]
    line = doc.line_of(["spec", "selector"])
    service = str((doc.data.get("metadata") or {}).get("name"))
    if not here:
        yield Finding("info", NAME, f"no workload in namespace {ns} on this page to check the selector against", line)
    elif any(selects(selector, labels) for _, labels in here):
        return
    elif any(belongs(service, selector, name, labels) for name, labels in here):
        yield Finding("error", NAME, f"Service selector {selector} matches no Pod template in namespace {ns} on this page: it would have no endpoints", line)
    else:  # the page shows unrelated workloads: the Service's Pods are elsewhere
        yield Finding("info", NAME, f"Service selector {selector}: none of this page's workloads in {ns} claims to be its backend", line)


def check_policy(doc: Doc, objects: list[dict[str, Any]]) -> Iterator[Finding]:
    selector = ((doc.data.get("spec") or {}).get("podSelector") or {}).get("matchLabels") or {}
    ns = namespace(doc.data)
    line = doc.line_of(["spec", "podSelector"])
    running = pods(objects)
    if not any(n == ns for n, _, _ in running):
        elsewhere = sorted({n for n, labels, _ in running if selector and selects(selector, labels)})
        if elsewhere:
            yield Finding("error", NAME, f"NetworkPolicy in {ns} selects {selector}, but this page runs those Pods in {', '.join(elsewhere)}: "
                          f"create the policy in that namespace", line)
        else:
            yield Finding("info", NAME, f"nothing on this page runs in namespace {ns}", line)


def check_statefulset(doc: Doc, objects: list[dict[str, Any]]) -> Iterator[Finding]:
    name = (doc.data.get("spec") or {}).get("serviceName")
    if not name:
        return
    ns = namespace(doc.data)
    line = doc.line_of(["spec", "serviceName"])
    services = [o for o in objects if o.get("kind") == "Service" and (o.get("metadata") or {}).get("name") == name and namespace(o) == ns]
    if not services:
        yield Finding("info", NAME, f"serviceName {name!r}: no Service of that name in {ns} on this page", line)
    elif (services[0].get("spec") or {}).get("clusterIP") != "None":
        yield Finding("error", NAME, f"serviceName {name!r} names a Service that is not headless: set clusterIP: None for per-Pod DNS", line)


RULES = {"Service": check_service, "NetworkPolicy": check_policy, "StatefulSet": check_statefulset}


def command_pods(page: Page) -> list[dict[str, Any]]:
    """The Pods `kubectl create deployment NAME` (app=NAME) and `kubectl run NAME` (run=NAME) commands on the page make."""
    made: list[dict[str, Any]] = []
    for block in page.blocks:
        if block.language not in SHELL:
            continue
        for inv in invocations(block.text)[0]:
            if inv.program != "kubectl":
                continue
            line = read(inv.args)
            words, ns = line.words, line.value("-n", "--namespace") or "default"
            if words[:2] in (("create", "deployment"), ("create", "deploy")) and len(words) > 2:
                made.append(_pod(words[2], ns, {"app": words[2]}))
            elif words[:1] == ("run",) and len(words) > 1 and line.value("-l", "--labels") is None:
                made.append(_pod(words[1], ns, {"run": words[1]}))
    return made


def _pod(name: str, ns: str, labels: dict[str, str]) -> dict[str, Any]:
    return {"kind": "Pod", "metadata": {"name": name, "namespace": ns, "labels": labels}}


def run(target: Target) -> CheckResult | None:
    relevant = [d for d in target.docs if isinstance(d.data, dict) and d.data.get("kind") in RULES]
    if not relevant:
        return None
    objects = [*target.page.objects, *command_pods(target.page)]
    findings = [f for d in relevant for f in RULES[d.data["kind"]](d, objects)]
    return CheckResult.from_findings(NAME, findings, f"consistent with the {len(objects)} object(s) on this page")


CHECK = Check(NAME, "页面一致性", YAML, run, after=("yaml",), needs=("docs", "page"))
