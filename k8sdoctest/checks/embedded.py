"""Configuration held inside manifests: JSON and Corefiles in ConfigMap/Secret data, PromQL in PrometheusRules."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..manifests import Doc
from ..model import YAML, CheckResult, Finding
from . import Check, Target

NAME = "embedded"
JSON_SUFFIXES = (".json", ".conflist")


def data_items(doc: Doc) -> Iterator[tuple[str, str, Any]]:
    """(field, key, value) of the string data a ConfigMap or Secret holds."""
    data = doc.data
    if not isinstance(data, dict) or data.get("kind") not in ("ConfigMap", "Secret"):
        return
    for field in ("data", "stringData"):
        items = data.get(field)
        if isinstance(items, dict):
            for key, value in items.items():
                if isinstance(value, str):
                    yield field, str(key), value


def is_json(key: str, value: str) -> bool:
    return key.endswith(JSON_SUFFIXES) or value.lstrip().startswith("{")


def json_finding(doc: Doc, field: str, key: str, value: str) -> Finding | None:
    try:
        config = json.loads(value)
    except json.JSONDecodeError as exc:
        # A block scalar (`|`) starts on the line after its indicator.
        node_line = doc.line_of([field, key])
        first = node_line + (1 if not value.startswith("{") or "\n" in value else 0)
        line = first + exc.lineno - 1
        hint = ""
        bad = value.split("\n")[exc.lineno - 1] if exc.lineno <= value.count("\n") + 1 else ""
        if "#" in bad or "//" in bad:
            hint = " — JSON has no comments: remove them"
        return Finding("error", NAME, f"{field}.{key}: invalid JSON: {exc.msg} (column {exc.colno}){hint}", line)
    if is_cni(key, config) and (problems := cni_problems(config)):
        return Finding("error", NAME, f"{field}.{key}: CNI configuration: {'; '.join(problems)}", doc.line_of([field, key]))
    return None


def run(target: Target) -> CheckResult | None:
    docs = target.docs
    findings: list[Finding] = []
    checked: list[str] = []
    for doc in docs:
        for field, key, value in data_items(doc):
            if is_json(key, value):
                checked.append(f"{field}.{key} (JSON)")
                if (f := json_finding(doc, field, key, value)) is not None:
                    findings.append(f)
        for what, finding in config_findings(doc):
            if what:
                checked.append(what)
            if finding is not None:
                findings.append(finding)
    if not checked:
        return None
    return CheckResult.from_findings(NAME, findings, "parsed " + ", ".join(checked))


# CoreDNS plugins (coredns.io/plugins) that a Corefile may name inside a server block.
COREDNS_PLUGINS = frozenset(
    "acl any auto autopath azure bind bufsize cache cancel chaos clouddns debug dns64 dnssec dnstap erratic errors etcd "
    "file forward geoip grpc grpc_server header health hosts https import k8s_external kubernetes loadbalance local log "
    "loop metadata minimal multisocket nsid pprof prometheus quic ready reload rewrite root route53 secondary sign "
    "template timeouts tls trace transfer tsig view whoami".split()
)


# Plugin options CoreDNS removed, and the release that removed them (coredns/corefile-migration migration/versions.go
# and plugins.go: `upstream` ignored through 1.6.x and gone from the kubernetes plugin in 1.7.0; `resyncperiod` removed
# in 1.6.0; `transfer` moved to its own plugin in 1.8.0). Kubernetes 1.25, the oldest version a page may claim,
# ships CoreDNS 1.9.3 (coredns/deployment kubernetes/CoreDNS-k8s_version.md), so each is an error on every claim.
REMOVED_OPTIONS = {("kubernetes", "upstream"): "1.7.0", ("kubernetes", "resyncperiod"): "1.6.0", ("kubernetes", "transfer"): "1.8.0"}


def corefile_findings(text: str, first_line: int, where: str) -> list[Finding]:
    """Server blocks, balanced braces, known plugin names, options removed from a plugin."""
    found: list[Finding] = []
    depth = 0
    plugin = ""
    for number, raw in enumerate(text.split("\n")):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        words = line.split()
        opens, closes = line.count("{"), line.count("}")
        if depth == 0 and closes == 0 and not line.endswith("{"):
            found.append(Finding("error", NAME, f"{where}: {words[0]!r} is outside any server block: start one with `zone:port {{`", first_line + number))
        if depth == 1 and words[0] not in ("{", "}") and words[0] not in COREDNS_PLUGINS:
            found.append(Finding("error", NAME, f"{where}: unknown CoreDNS plugin {words[0]!r}", first_line + number))
        if depth == 1:
            plugin = words[0]
        elif depth == 2 and (removed := REMOVED_OPTIONS.get((plugin, words[0]))):
            found.append(Finding("error", NAME, f"{where}: {plugin} option {words[0]!r} was removed in CoreDNS {removed} "
                                 f"(Kubernetes 1.25+ ships CoreDNS 1.9.3 or later): delete it", first_line + number))
        depth += opens - closes
        if depth < 0:
            found.append(Finding("error", NAME, f"{where}: '}}' closes nothing", first_line + number))
            depth = 0
    if depth:
        found.append(Finding("error", NAME, f"{where}: {depth} unclosed '{{'", first_line + len(text.split("\n")) - 1))
    return found


def promql_findings(doc: Doc) -> Iterator[tuple[str, Finding | None]]:
    """Parse every PrometheusRule `expr` with promql-parser."""
    import promql_parser

    if doc.data.get("kind") != "PrometheusRule":
        return
    groups = (doc.data.get("spec") or {}).get("groups") or []
    for g, group in enumerate(groups if isinstance(groups, list) else []):
        for r, rule in enumerate((group or {}).get("rules") or [] if isinstance(group, dict) else []):
            expr = rule.get("expr") if isinstance(rule, dict) else None
            if not isinstance(expr, str):
                continue
            name = rule.get("alert") or rule.get("record") or f"rules[{r}]"
            try:
                promql_parser.parse(expr)
                yield f"PromQL {name}", None
            except ValueError as exc:
                line = doc.line_of(["spec", "groups", g, "rules", r, "expr"])
                yield f"PromQL {name}", Finding("error", NAME, f"{name}: invalid PromQL: {exc}", line)


def config_findings(doc: Doc) -> Iterator[tuple[str, Finding | None]]:
    """Corefiles held in ConfigMaps, and PromQL in PrometheusRules."""
    for field, key, value in data_items(doc):
        if key == "Corefile" or key.endswith(".Corefile"):
            first = doc.line_of([field, key]) + 1
            found = corefile_findings(value, first, f"{field}.{key}")
            yield f"{field}.{key} (Corefile)", found[0] if found else None
            for extra in found[1:]:
                yield "", extra
    yield from promql_findings(doc)


CNI_VERSIONS = {"0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"}


def cni_problems(config: Any) -> list[str]:
    """The fields every CNI network configuration (or conflist) must have."""
    if not isinstance(config, dict):
        return ["a CNI configuration must be a JSON object"]
    problems = [f"missing {field!r}" for field in ("cniVersion", "name") if field not in config]
    if "cniVersion" in config and config["cniVersion"] not in CNI_VERSIONS:
        problems.append(f"cniVersion {config['cniVersion']!r} is not one of {', '.join(sorted(CNI_VERSIONS))}")
    plugins = config.get("plugins")
    if plugins is None:
        if "type" not in config:
            problems.append("missing 'type' (or a 'plugins' list)")
    elif not isinstance(plugins, list) or not plugins:
        problems.append("'plugins' must be a non-empty list")
    else:
        problems += [f"plugins[{i}] has no 'type'" for i, p in enumerate(plugins) if not isinstance(p, dict) or "type" not in p]
    return problems


def is_cni(key: str, config: Any) -> bool:
    return key.endswith((".conflist", ".conf")) or (isinstance(config, dict) and ("plugins" in config or "cniVersion" in config))


CHECK = Check(NAME, "内嵌配置", YAML, run, after=("yaml",), needs=("docs",))
