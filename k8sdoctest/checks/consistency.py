"""Consistency between the blocks of one page: selectors, namespaces, serviceName.

Contradictions within the page are errors; a reference to something the page does
not show at all is only an `info` finding (the object may live on another page).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from ..model import Block, CheckResult, Finding
from .parse import Doc, load

NAME = "consistency"
WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}


def namespace(data: dict[str, Any]) -> str:
    return str((data.get("metadata") or {}).get("namespace") or "default")


def pod_labels(data: dict[str, Any]) -> dict[str, Any] | None:
    if data.get("kind") == "Pod":
        return (data.get("metadata") or {}).get("labels") or {}
    if data.get("kind") in WORKLOADS:
        return (((data.get("spec") or {}).get("template") or {}).get("metadata") or {}).get("labels") or {}
    return None


def selects(selector: dict[str, Any], labels: dict[str, Any]) -> bool:
    return all(labels.get(k) == v for k, v in selector.items())


@functools.lru_cache(maxsize=256)
def objects_in(text: str) -> tuple[dict[str, Any], ...]:
    docs, _ = load(text)
    return tuple(d.data for d in docs if isinstance(d.data, dict))


def page_objects(block: Block, docs: list[Doc]) -> list[dict[str, Any]]:
    found = [d.data for d in docs if isinstance(d.data, dict)]
    for sibling in block.siblings:
        if sibling.language in ("yaml", "yml"):
            found += objects_in(sibling.text)
    return found


def pods(objects: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any], str]]:
    return [(namespace(o), labels, str((o.get("metadata") or {}).get("name"))) for o in objects if (labels := pod_labels(o)) is not None]


def check_service(doc: Doc, objects: list[dict[str, Any]]) -> Iterator[Finding]:
    selector = (doc.data.get("spec") or {}).get("selector")
    if not isinstance(selector, dict) or not selector:
        return
    ns = namespace(doc.data)
    here = [(n, labels) for n, labels, _ in pods(objects) if n == ns]
    line = doc.line_of(["spec", "selector"])
    if not here:
        yield Finding("info", NAME, f"no workload in namespace {ns} on this page to check the selector against", line)
    elif not any(selects(selector, labels) for _, labels in here):
        yield Finding("error", NAME, f"Service selector {selector} matches no Pod template in namespace {ns} on this page: it would have no endpoints", line)


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


def check(block: Block, docs: list[Doc]) -> CheckResult | None:
    relevant = [d for d in docs if isinstance(d.data, dict) and d.data.get("kind") in RULES]
    if not relevant:
        return None
    objects = page_objects(block, docs)
    findings = [f for d in relevant for f in RULES[d.data["kind"]](d, objects)]
    return CheckResult.from_findings(NAME, findings, f"consistent with the {len(objects)} object(s) on this page")
