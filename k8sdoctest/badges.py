"""Report → what the site shows beside each block, and why a block may not publish.

Pure functions: the MkDocs hook (hooks/verification.py) only wires them in.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from . import versions

LABELS = {"schema": "Schema", "crd": "CRD", "embedded": "JSON", "yaml": "YAML", "json": "JSON",
          "bash-syntax": "bash -n", "shellcheck": "shellcheck"}


@dataclass
class Verdict:
    ok: bool
    badge: str  # HTML, empty when not ok
    problem: str  # why it cannot publish, empty when ok


def index(report: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """(page, sha256) → block: the sha256 of the exact text ties a badge to its block."""
    return {(b["page"], b["sha256"]): b for b in report.get("blocks", [])}


def short(block: dict[str, Any]) -> str:
    parts = []
    for check in block["checks"]:
        if check["status"] != "passed" or check["name"] == "yaml" and len(block["checks"]) > 1:
            continue
        label = LABELS.get(check["name"], check["name"])
        if check.get("versions"):
            label += " " + versions.describe(check["accepted"])
        parts.append(label)
    return " · ".join(parts)


def tooltip(block: dict[str, Any]) -> str:
    lines = [f"{c['name']}: {c['status']} — {c['message']}" for c in block["checks"]]
    lines += [f"{n['check']}: 未运行 — {n['reason']}" for n in block["not_run"]]
    return "\n".join(lines)


def verdict(block: dict[str, Any] | None, page: str, line: int, download: str | None = None) -> Verdict:
    if block is None:
        return Verdict(False, "", f"{page}:{line}: block is stale or unverified: its text is not in the report (run `make verify`)")
    if block["status"] == "failed":
        return Verdict(False, "", f"{page}:{line}: block failed verification: {block['summary']}")
    live = next((n for n in block["not_run"] if n["check"] == "live"), None)
    icon = "⚠️" if live else "✅"
    if block["status"] == "expected-invalid":
        text = f"{icon} 错误示例，已验证会被拒绝：{block['summary']}"
    elif live:
        text = f"{icon} 仅静态验证：{short(block)}（集群测试未运行：{live['reason']}）"
    else:
        text = f"{icon} 已验证：{short(block)}"
    link = f' · <a href="{html.escape(download)}" download>下载</a>' if download else ""
    badge = (
        f'<div class="k8sdoctest-badge" data-status="{block["status"]}" data-sha256="{block["sha256"]}" '
        f'title="{html.escape(tooltip(block))}">{html.escape(text)}{link}</div>'
    )
    return Verdict(True, badge, "")
