"""Metric names in PrometheusRule expressions, against what each exporter exports at the pinned version.

An alert over a metric the exporter does not export (by default) never fires: the selector matches
no series and the expression returns nothing, silently. The names, the exporter versions and the
replacements are data (`k8sdoctest/data/metrics.yaml`, each list with its source): kube-state-metrics
with its default resources, CoreDNS and kube-proxy. Only the metrics the guide and common network
alerts use are listed, so a name no listed exporter knows is info, not an error.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from ..manifests import Doc
from ..model import YAML, CheckResult, Finding, Level, Page
from . import Check, Target

NAME = "metrics"
HISTOGRAM_SUFFIXES = ("_bucket", "_count", "_sum")


@dataclass(frozen=True)
class Known:
    exporter: str
    version: str
    status: str  # "default", "not-default", "deprecated", "removed"
    detail: dict[str, Any]


@functools.cache
def data() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(resources.files("k8sdoctest").joinpath("data/metrics.yaml").read_text())
    return loaded


@functools.cache
def catalogue() -> dict[str, Known]:
    """metric name -> what the pinned exporter does with it."""
    known: dict[str, Known] = {}
    for exp in data()["exporters"]:
        for group, names in (exp.get("default") or {}).items():
            for name in names:
                known[name] = Known(exp["name"], exp["version"], "default", {"group": group, "source": exp["source"]})
        for status, key in (("not-default", "not_default"), ("deprecated", "deprecated"), ("removed", "removed")):
            for entry in exp.get(key) or []:
                for name in entry["names"]:
                    known[name] = Known(exp["name"], exp["version"], status, entry)
    return known


def lookup(name: str) -> Known | None:
    table = catalogue()
    if name in table:
        return table[name]
    for suffix in HISTOGRAM_SUFFIXES:  # a histogram's series: coredns_dns_request_duration_seconds_bucket
        if name.endswith(suffix) and name.removesuffix(suffix) in table:
            return table[name.removesuffix(suffix)]
    return None


def selected_metrics(expr: str) -> list[str]:
    """Metric names the expression selects (`foo{…}` or `{__name__="foo"}`), in order, each once."""
    import promql_parser

    names: list[str] = []

    def visit(node: Any) -> bool:
        if isinstance(node, promql_parser.VectorSelector):
            name = node.name or next((m.value for m in node.matchers.matchers if m.name == "__name__" and m.op == promql_parser.MatchOp.Equal), None)
            if name and name not in names:
                names.append(name)
        return True

    promql_parser.walk(promql_parser.parse(expr), visit)
    return names


def recorded(page: Page) -> set[str]:
    """Names the page's recording rules define: they are series of this Prometheus, not of an exporter."""
    found: set[str] = set()
    for obj in page.objects:
        if obj.get("kind") == "PrometheusRule":
            for group in ((obj.get("spec") or {}).get("groups") or []):
                for rule in (group or {}).get("rules") or [] if isinstance(group, dict) else []:
                    if isinstance(rule, dict) and rule.get("record"):
                        found.add(str(rule["record"]))
    return found


def rule_exprs(doc: Doc) -> Iterator[tuple[str, str, int]]:
    """(rule name, expr, line) of every rule of a PrometheusRule."""
    groups = (doc.data.get("spec") or {}).get("groups") or []
    for g, group in enumerate(groups if isinstance(groups, list) else []):
        rules = (group or {}).get("rules") or [] if isinstance(group, dict) else []
        for r, rule in enumerate(rules if isinstance(rules, list) else []):
            if isinstance(rule, dict) and isinstance(rule.get("expr"), str):
                yield str(rule.get("alert") or rule.get("record") or f"rules[{r}]"), rule["expr"], doc.line_of(["spec", "groups", g, "rules", r, "expr"])


def finding_for(rule: str, metric: str, known: Known | None, line: int) -> Finding | None:
    if known is None:
        exporters = ", ".join(f"{e['name']} {e['version']}" for e in data()["exporters"])
        return Finding("info", NAME, f"{rule}: {metric} is not a metric listed for {exporters}: not checked", line)
    d = known.detail
    where = f"{known.exporter} {known.version}"
    level: Level
    if known.status == "not-default":
        level, what = "error", (f"{metric} is not exported by default by {where} (the {d['resource']} resource is off by default since "
                                f"{d['since']}): the selector matches nothing and the rule never fires; use {d['replacement']}")
    elif known.status == "removed":
        level, what = "error", f"{metric} was removed in {known.exporter} {d['version']}: the rule never fires; use {d['replacement']}"
    elif known.status == "deprecated":
        level, what = "warning", f"{metric} is deprecated in {where}: use {d['replacement']}"
    else:
        return None
    return Finding(level, NAME, f"{rule}: {what} ({d['source']})", line)


def run(target: Target) -> CheckResult | None:
    rules = [d for d in target.docs if isinstance(d.data, dict) and d.data.get("kind") == "PrometheusRule"]
    if not rules:
        return None
    own = recorded(target.page)
    findings: list[Finding] = []
    checked = 0
    for doc in rules:
        for rule, expr, line in rule_exprs(doc):
            try:
                metrics = selected_metrics(expr)
            except ValueError:
                continue  # invalid PromQL is the embedded check's finding
            for metric in metrics:
                if ":" in metric or metric in own:
                    continue  # a recording rule's output
                checked += 1
                if (f := finding_for(rule, metric, lookup(metric), line)) is not None:
                    findings.append(f)
    versions = ", ".join(f"{e['name']} {e['version']}" for e in data()["exporters"])
    return CheckResult.from_findings(NAME, findings, f"{checked} metric selector(s) checked against {versions}")


CHECK = Check(NAME, "指标名称", YAML, run, after=("yaml",), needs=("docs", "page"))
