"""YAML excerpts: the part of an object a page shows (`annotations:`, a `spec:`, an `env:` list), and elisions.

Real pages show fragments. A fragment is not an error: when its keys (or an `excerpt=Kind.path`
directive, or the kind the prose names right before the block) say what it is part of, it is
wrapped into that object and validated against that part of the schema; otherwise it is
reported as an excerpt that was not checked.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import YAML, Block, Page
from .scripts import is_script, substitute

# `...`, `[...]`, `…` alone on a line: the page left something out (YAML would read `[...]` as a list).
ELISION = re.compile(r"^[ \t]*(?:\[\s*(?:\.{2,}|…)\s*\]|(?:\.{2,}|…)|#\s*(?:\.{2,}|…))[ \t]*$", re.MULTILINE)
# `tls.crt: base64 编码的证书` under a Secret's `data:`: words where base64 goes, a value the reader fills in.
SECRET_DATA = re.compile(r"^(?P<indent>[ \t]*)(?:data|binaryData):[ \t]*\n(?P<body>(?:(?P=indent)[ \t]+\S.*\n?)+)", re.MULTILINE)
PROSE_VALUE = re.compile(r"^(?P<key>[ \t]+[\w.-]+:[ \t]+)(?P<value>[^\s'\"|>#][^#\n]*?[ \t][^#\n]*?)[ \t]*$", re.MULTILINE)
BASE64_STANDIN = "ZXhhbXBsZQ=="  # "example"

# Built-in kinds a page names, and their apiVersion (enough to find the schema of a fragment).
KINDS = {
    "Pod": "v1", "Service": "v1", "ConfigMap": "v1", "Secret": "v1", "Namespace": "v1", "Endpoints": "v1",
    "Deployment": "apps/v1", "StatefulSet": "apps/v1", "DaemonSet": "apps/v1", "ReplicaSet": "apps/v1",
    "Job": "batch/v1", "CronJob": "batch/v1", "Ingress": "networking.k8s.io/v1", "IngressClass": "networking.k8s.io/v1",
    "NetworkPolicy": "networking.k8s.io/v1", "EndpointSlice": "discovery.k8s.io/v1",
}
PATH = re.compile(r"^(?P<kind>[A-Z]\w*)(?P<path>(?:\.[A-Za-z]\w*(?:\[\d+\])?)*)$")
ENV_KEYS = frozenset({"name", "value", "valueFrom"})
CONTAINER_KEYS = frozenset({"name", "image"})


def yaml_text(block: Block) -> tuple[str, list[str]]:
    """What the YAML checks parse: elisions blanked, placeholders stood in for (a file is read as written)."""
    if is_script(block) or block.language not in YAML:
        return block.text, []
    text = ELISION.sub("", block.text)
    text, found = substitute(text)
    if re.search(r"^kind:[ \t]*Secret[ \t]*$", text, re.MULTILINE):
        text, prose = _secret_prose(text)
        found += prose
    return text, found


def _secret_prose(text: str) -> tuple[str, list[str]]:
    found: list[str] = []

    def body(m: re.Match[str]) -> str:
        def value(v: re.Match[str]) -> str:
            found.append(v.group("value"))
            return v.group("key") + BASE64_STANDIN

        return m.group(0).replace(m.group("body"), PROSE_VALUE.sub(value, m.group("body")))

    return SECRET_DATA.sub(body, text), found


def is_excerpt(data: Any) -> bool:
    if isinstance(data, list):
        return bool(data) and all(isinstance(i, dict) for i in data)
    return isinstance(data, dict) and not all(isinstance(data.get(k), str) for k in ("apiVersion", "kind"))


def parse_path(value: str) -> tuple[str, list[str | int]] | None:
    """`Service.spec` → ("Service", ["spec"]); `Pod.spec.containers[0].env` → (…, ["spec", "containers", 0, "env"])."""
    m = PATH.match(value)
    if m is None or m.group("kind") not in KINDS:
        return None
    steps: list[str | int] = []
    for part in filter(None, m.group("path").split(".")):
        name, _, index = part.partition("[")
        steps.append(name)
        if index:
            steps.append(int(index.rstrip("]")))
    return m.group("kind"), steps


def named_kind(page: Page, block: Block) -> str | None:
    """The built-in kind the prose names last before the block (`…创建一个 Service…`)."""
    before = "\n".join(page.text.split("\n")[: max(block.line - 1, 0)])[-1500:]
    hits = [(m.start(), m.group(0)) for m in re.finditer(r"\b(" + "|".join(KINDS) + r")\b", before)]
    return max(hits)[1] if hits else None


def infer(data: Any, kind: str | None) -> tuple[str, list[str | int]] | None:
    """What the fragment's keys say it is part of, with the kind the page names for a `spec:`."""
    if isinstance(data, list):
        items = [i for i in data if isinstance(i, dict)]
        if items and len(items) == len(data):
            if all(set(i) <= ENV_KEYS | {"name"} and "name" in i and len(i) > 1 for i in items):
                return "Pod", ["spec", "containers", 0, "env"]
            if all(CONTAINER_KEYS <= set(i) for i in items):
                return "Pod", ["spec", "containers"]
        return None
    keys = set(data)
    if keys <= {"annotations", "labels"}:
        return (kind if kind in KINDS else "ConfigMap"), ["metadata"]
    if keys <= {"metadata"}:
        return (kind if kind in KINDS else "ConfigMap"), []
    if keys == {"env"}:
        return "Pod", ["spec", "containers", 0]
    if keys == {"containers"} or keys == {"containers", "volumes"}:
        return "Pod", ["spec"]
    if "spec" in keys and keys <= {"metadata", "spec", "kind", "apiVersion"} and kind in KINDS:
        return kind, []
    return None


def wrap(kind: str, steps: list[str | int], data: Any) -> dict[str, Any]:
    """The object the fragment is part of, with the fragment at `steps`."""
    inner: Any = data
    for step in reversed(steps):
        inner = [inner] if isinstance(step, int) else {step: inner}
    obj: dict[str, Any] = {"apiVersion": KINDS[kind], "kind": kind}
    if isinstance(inner, dict):
        obj.update({k: v for k, v in inner.items() if k not in ("apiVersion", "kind")})
    obj.setdefault("metadata", {"name": "excerpt"})
    if isinstance(obj["metadata"], dict):
        obj["metadata"] = {"name": "excerpt", **obj["metadata"]}
    return obj
