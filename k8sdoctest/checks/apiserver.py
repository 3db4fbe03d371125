"""The API server's semantic validation of built-in objects, offline.

A thin adapter: the rules live in k8sdoctest.apiserver (ported from
pkg/apis/*/validation); this turns their field errors into findings on the
block's lines. The live tier's server-side dry-run stays the authority.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import apiserver
from .. import versions as k8s_versions
from ..manifests import Doc, is_builtin
from ..model import YAML, CheckResult, Finding
from . import Check, Target

NAME = "apiserver"
NOTE = "approximates API-server validation; the live tier's server-side dry-run is authoritative"


def findings_for(doc: Doc, versions: tuple[str, ...] = k8s_versions.ALL) -> Iterator[Finding]:
    """One finding per field error, worded as kube-apiserver prints it (`spec.ports[0].port: Invalid value: …`)."""
    if not isinstance(doc.data, dict):
        return
    for err in apiserver.validate(doc.data, versions):
        message = str(err)
        if set(err.versions) != set(versions):  # the rule changed inside the claimed range
            message += f" [Kubernetes {k8s_versions.describe(err.versions)}]"
        yield Finding("error", NAME, message, doc.line_of(err.data_path))


def run(target: Target) -> CheckResult | None:
    objects = [d for d in target.docs if isinstance(d.data, dict) and is_builtin(str(d.data.get("apiVersion", "")))]
    if not objects:
        return None
    findings = [f for d in objects for f in findings_for(d, target.k8s)]
    return CheckResult.from_findings(NAME, findings, f"names, labels, selectors, Pod specs, ports and enums pass ({NOTE})")


CHECK = Check(NAME, "API Server 规则", YAML, run, after=("yaml",), needs=("docs", "k8s"))
