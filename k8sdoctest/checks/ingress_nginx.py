"""ingress-nginx annotations that need a controller setting the page never makes.

`custom-headers` only works when every header of its ConfigMap is listed in the controller's
`global-allowed-response-headers`; otherwise the controller denies the location and every path
of the Ingress returns 503. Snippet annotations are Critical risk: since controller v1.12 the
default `annotations-risk-level` (High) rejects them, and `allow-snippet-annotations` is off.
The controller's settings are looked for on the same page: a ConfigMap's `data`, or a
`--set`/`--set-string controller.config.KEY=VALUE` in one of the page's shell blocks. The rules
are data: `k8sdoctest/data/ingress-nginx-annotations.yaml`.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..manifests import objects_of
from ..model import SHELL, YAML, CheckResult, Finding, Page
from ..source.files import MAX_BYTES
from . import Check, Target

NAME = "ingress-nginx"
PREFIX = "nginx.ingress.kubernetes.io/"
# `--set controller.config.KEY=VALUE`, `--set-string 'controller.config.KEY=VALUE'`, also `--set=…`; the value runs to a space or quote.
SET = re.compile(r"--set(?:-string)?[= ]+['\"]?(?P<key>controller\.[\w.\\-]+)=(?P<value>(?:\\.|[^\s'\"])*)")


@functools.cache
def rules() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(resources.files("k8sdoctest").joinpath("data/ingress-nginx-annotations.yaml").read_text())
    return data


def _from_objects(objects: tuple[dict[str, Any], ...], found: dict[str, str]) -> None:
    for obj in objects:
        if obj.get("kind") == "ConfigMap" and isinstance(obj.get("data"), dict):
            found.update({str(k): str(v) for k, v in obj["data"].items()})


def _from_script(text: str, found: dict[str, str]) -> None:
    chart = rules()["helm_values"]
    for m in SET.finditer(text):
        key, value = m.group("key").replace("\\.", "."), m.group("value").replace("\\,", ",")
        if key.startswith("controller.config."):
            found[key.removeprefix("controller.config.")] = value
        elif key in chart:
            found[chart[key]] = value


def controller_settings(page: Page, root: Path) -> dict[str, str]:
    """Controller ConfigMap keys the page sets, from ConfigMaps and from Helm `--set` flags in its shell blocks.

    A snippet verified on its own (`k8sdoctest verify snippets`) has no page: the files beside it,
    which belong to the same page, stand in for it.
    """
    found: dict[str, str] = {}
    _from_objects(page.objects, found)
    for block in page.blocks:
        if block.language in SHELL:
            _from_script(block.text, found)
    if not page.path.endswith((".md", ".markdown")):
        for sibling in sorted((root / page.path).parent.glob("*")):
            if sibling.name == Path(page.path).name or sibling.stat().st_size > MAX_BYTES:
                continue
            if sibling.suffix in (".sh", ".bash"):
                _from_script(sibling.read_text(encoding="utf-8", errors="replace"), found)
            elif sibling.suffix in (".yaml", ".yml"):
                _from_objects(objects_of(sibling.read_text(encoding="utf-8", errors="replace")), found)
    return found


def _allowed(value: str) -> set[str]:
    return {h.strip().lower() for h in value.split(",") if h.strip()}


def _configmap(page: Page, ref: str, namespace: str) -> dict[str, Any] | None:
    ns, _, name = ref.rpartition("/")
    for obj in page.objects:
        meta = obj.get("metadata") or {}
        if obj.get("kind") == "ConfigMap" and meta.get("name") == name and (meta.get("namespace") or "default") == (ns or namespace):
            return obj
    return None


def annotation_findings(obj: dict[str, Any], page: Page, settings: dict[str, str]) -> list[tuple[str, str]]:
    """(annotation, message) for each annotation whose controller setting is missing or too strict."""
    data = rules()
    defaults = data["defaults"]
    order = data["risk_order"]
    annotations = (obj.get("metadata") or {}).get("annotations") or {}
    namespace = (obj.get("metadata") or {}).get("namespace") or "default"
    out: list[tuple[str, str]] = []
    for rule in data["annotations"]:
        name = rule["name"]
        if name not in annotations:
            continue
        short = name.removeprefix(PREFIX)
        if "allowlist" in rule:
            key = rule["allowlist"]
            if key not in settings:
                out.append((name, f"{short} needs the controller setting {key} listing every header it sets; this page never sets it, so "
                                  f"{rule['effect']} (set it with --set-string controller.config.{key}=… or in the controller ConfigMap; {rule['source']})"))
                continue
            cm = _configmap(page, str(annotations[name]), namespace)
            missing = sorted(h for h in (cm or {}).get("data") or {} if h.lower() not in _allowed(settings[key]))
            if missing:
                out.append((name, f"{short}: header(s) {', '.join(missing)} are not in {key} ({settings[key]}): {rule['effect']} ({rule['source']})"))
        if "risk" in rule:
            level = settings.get("annotations-risk-level", defaults["annotations-risk-level"])
            if level not in order or order.index(rule["risk"]) > order.index(level):
                out.append((name, f"{short} is {rule['risk']} risk, but the controller's annotations-risk-level is {level}"
                                  f"{'' if 'annotations-risk-level' in settings else ' (the default since controller v1.12)'}: the admission "
                                  f"webhook rejects the Ingress and the controller ignores the annotation; set annotations-risk-level: "
                                  f"{rule['risk']} ({rule['source']}; {defaults['source']})"))
            for key, value in (rule.get("needs") or {}).items():
                have = settings.get(key, defaults.get(key))
                if str(have).lower() != str(value).lower():
                    out.append((name, f"{short} needs the controller setting {key}: {value!r} (this page leaves it {have!r}): "
                                      f"without it the annotation is ignored ({rule['source']})"))
    return out


def run(target: Target) -> CheckResult | None:
    ingresses = [d for d in target.docs if isinstance(d.data, dict) and d.data.get("kind") == "Ingress"
                 and any(str(k).startswith(PREFIX) for k in ((d.data.get("metadata") or {}).get("annotations") or {}))]
    if not ingresses:
        return None
    settings = controller_settings(target.page, target.settings.root)
    findings = [
        Finding("error", NAME, message, doc.key_line(["metadata", "annotations"], annotation))
        for doc in ingresses
        for annotation, message in annotation_findings(doc.data, target.page, settings)
    ]
    return CheckResult.from_findings(NAME, findings, "every ingress-nginx annotation has the controller setting it needs on this page")


CHECK = Check(NAME, "ingress-nginx 控制器设置", YAML, run, after=("yaml",), needs=("docs", "page"))
