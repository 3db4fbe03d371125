"""Report → what the site shows beside each block, and why a block may not publish.

Pure functions: the MkDocs hook (hooks/verification.py) only wires them in.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from . import versions
from .checks import labels
from .model import CNIS


@dataclass
class Verdict:
    ok: bool
    badge: str  # HTML, empty when not ok
    problem: str  # why it cannot publish, empty when ok


def index(report: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """(page, sha256) → block: the sha256 of the exact text ties a badge to its block."""
    return {(b["page"], b["sha256"]): b for b in report.get("blocks", [])}


CNI_LABELS = {"calico": "kind+Calico", "cilium": "kind+Cilium"}


def short(block: dict[str, Any]) -> str:
    parts = []
    for check in block["checks"]:
        if check["status"] != "passed" or check["name"] == "yaml" and len(block["checks"]) > 1:
            continue
        if check.get("tier") == "live":
            parts.append(" ".join(p for p in (CNI_LABELS.get(check["cni"] or "", check["cni"] or ""), check["k8s"] or "") if p))
            continue
        label = labels().get(check["name"], check["name"])
        if check["name"] == "schema" and check.get("accepted"):
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


def cni_cell(block: dict[str, Any], cni: str) -> str:
    """✅/❌ only where the live check for that CNI ran; otherwise 未运行 (or — if the block is not for it)."""
    if cni not in block["cni"]:
        return "·"
    ran = [c for c in block["checks"] if c.get("tier") == "live" and c.get("cni") == cni and c["status"] != "not-run"]
    if not ran:
        return "未运行"
    return "✗" if any(c["status"] == "failed" for c in ran) else "✓ " + ", ".join(str(c["k8s"]) for c in ran if c.get("k8s"))


def matrix(report: dict[str, Any]) -> str:
    """The 兼容性矩阵 page: every tested block × Kubernetes version × CNI, from the report only."""
    minors = report.get("versions") or list(versions.ALL)
    cnis = CNIS
    head = ["示例", "页面", *[v.removeprefix("1.") for v in minors], *cnis]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for block in report.get("blocks", []):
        schema = next((c for c in block["checks"] if c["name"] == "schema"), None)
        cells = []
        for v in minors:
            if v not in block["k8s"]:
                cells.append("·")
            elif schema is None:
                cells.append("○")
            else:
                cells.append("✓" if v in schema.get("accepted", []) else "✗")
        cells += [cni_cell(block, c) for c in cnis]
        name = ", ".join(i.removeprefix("snippets/") for i in block["includes"]) or block["id"]
        page = block["page"].removeprefix("docs/")
        rows.append(f"| {name} | [{page}:{block['line']}]({page}) | " + " | ".join(cells) + " |")
    live_status = report.get("tiers", {}).get("live", "run")
    return "\n".join([
        "---",
        "title: 兼容性矩阵",
        "description: 每个示例在各 Kubernetes 版本与 CNI 上的验证结果，由验证报告生成。",
        "hide: [navigation, toc]",
        "---",
        "",
        "# 兼容性矩阵 {#compatibility}",
        "",
        f"本页由 `build/verification.json` 生成（{report.get('generator', '')}，{report.get('created', '')}）。",
        "",
        "- ✓：该版本的严格 Schema 接受此示例；✗：该版本拒绝；·：示例未声明该版本或该 CNI；",
        "- ○：示例没有按版本区分的 Schema 检查（例如 Shell 脚本或只有 CRD 的自定义资源），其他静态检查已通过；",
        f"- CNI 列是 kind 集群上的 live 验证结果（✓ 后是节点的 Kubernetes 版本）。live 层状态：{live_status}。",
        "",
        '<div class="k8sdoctest-matrix" markdown>',
        "",
        *rows,
        "",
        "</div>",
        "",
    ])
