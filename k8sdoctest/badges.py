"""Report → what the site shows beside each block, and why a block may not publish.

Pure functions: the MkDocs hook (hooks/verification.py) only wires them in. Every word a
reader sees is Chinese and says what was proved; internal English messages stay in the
report. Live results are read through `live_checks`, which accepts both report forms.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from . import versions
from .checks import labels
from .model import CNIS

# What each check proves, for the disclosure under the badge.
PROVES = {
    "yaml": "按 kubectl 的方式解析每个 YAML 文档",
    "json": "JSON 可以解析",
    "schema": "字段、类型与必填项符合该版本的 OpenAPI Schema，不允许未知字段",
    "crd": "自定义资源符合上游 CRD 的 Schema",
    "cel": "满足 CRD 中的 CEL 校验规则",
    "embedded": "ConfigMap 等资源中内嵌的配置（JSON、Corefile、PromQL 等）可以解析",
    "apiserver": "名称、标签、选择算符、端口与枚举值符合 API Server 的校验规则（近似，以集群中的服务器端试运行为准）",
    "deprecations": "不含在这些版本中已弃用或已移除的 API、字段与注解",
    "consistency": "与同一页面中的其他资源（选择算符、端口、名字空间）彼此一致",
    "component-config": "组件配置（如 kube-proxy）符合其配置 Schema",
    "bash-syntax": "bash -n 语法检查",
    "shellcheck": "ShellCheck 静态分析没有警告",
    "kubectl": "kubectl 子命令与参数存在且拼写正确",
}
STATUS = {"passed": "通过", "failed": "失败", "not-run": "未运行", "skipped": "未运行"}
CNI_NAMES = {"calico": "Calico", "cilium": "Cilium"}
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Verdict:
    ok: bool
    badge: str  # HTML, empty when not ok
    problem: str  # why it cannot publish, empty when ok


@dataclass(frozen=True)
class Live:
    """One live result: which CNI, which Kubernetes version (None when unknown), and its status."""

    cni: str
    k8s: str | None
    status: str


def index(report: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """(page, sha256) → block: the sha256 of the exact text ties a badge to its block."""
    return {(b["page"], b["sha256"]): b for b in report.get("blocks", [])}


# --- reading the report: live results carry tier, cni and k8s as fields (report schema 2) ----------


def is_live(check: dict[str, Any]) -> bool:
    return check.get("tier") == "live"


def live_checks(block: dict[str, Any]) -> list[Live]:
    """Live results of a block, one per CNI and node version."""
    return [Live(c.get("cni") or "", c.get("k8s"), c["status"]) for c in block["checks"] if is_live(c)]


def static_checks(block: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in block["checks"] if not is_live(c)]


def live_gap(block: dict[str, Any], tier: str | None = None) -> str | None:
    """Why the live tier did not run for this block, in reader terms; None when it ran."""
    reason = next((n["reason"] for n in block.get("not_run", []) if n["check"] == "live"), None)
    if reason is None and not live_checks(block) and tier and tier != "run":
        reason = tier
    if reason is None:
        return None
    return reader_reason(reason)


def reader_reason(reason: str) -> str:
    """An internal reason → words a reader understands (never the English message itself)."""
    if _CJK.search(reason):
        return reason
    lowered = reason.lower()
    if "docker" in lowered:
        return "本次构建没有 Docker"
    if "cni" in lowered:
        return "示例不适用于该 CNI"
    return "本次构建未运行这一层"


# --- small text helpers -------------------------------------------------------------------------


def version_range(vs: list[str] | tuple[str, ...]) -> str:
    """`1.25–1.37`, or `1.25–1.29、1.33` for gaps."""
    return versions.describe(vs).replace(", ", "、") if vs else ""


def cni_name(cni: str) -> str:
    return CNI_NAMES.get(cni, cni)


def _join(parts: list[str]) -> str:
    return "、".join(parts)


def versions_of(check: dict[str, Any]) -> list[str]:
    return list(check.get("accepted") or check.get("versions") or [])


# --- the badge ----------------------------------------------------------------------------------


def static_line(block: dict[str, Any]) -> str:
    """`静态验证：Kubernetes 1.25–1.37 严格 Schema、API Server 规则、弃用检查`."""
    passed = [c for c in static_checks(block) if c["status"] == "passed"]
    if len(passed) > 1:  # YAML parsing is implied by any further check
        passed = [c for c in passed if c["name"] not in ("yaml", "json")]
    names = _join([labels().get(c["name"], c["name"]) for c in passed])
    versioned = any(versions_of(c) for c in passed)
    span = version_range(block.get("k8s") or [])
    return f"静态验证：Kubernetes {span} {names}" if versioned and span else f"静态验证：{names}"


def live_line(block: dict[str, Any], tier: str | None = None) -> str:
    """`集群验证：通过（kind + Calico 1.37、kind + Cilium 1.37）` or why it did not run."""
    ran = [r for r in live_checks(block) if r.status not in ("not-run", "skipped")]
    if ran:
        where = _join([f"kind + {cni_name(r.cni)}{' ' + r.k8s if r.k8s else ''}" for r in ran])
        word = "失败" if any(r.status == "failed" for r in ran) else "通过"
        return f"集群验证：{word}（{where}）"
    gap = live_gap(block, tier) or "本次构建未运行这一层"
    return f"集群验证：未在集群中运行（{gap}）"


def check_item(check: dict[str, Any]) -> str:
    name = labels().get(check["name"], check["name"])
    span = version_range(versions_of(check))
    head = f"{name}（Kubernetes {span}）" if span else name
    proves = PROVES.get(check["name"], "")
    return _item(check["status"], head, proves)


def not_run_item(entry: dict[str, Any]) -> str:
    return _item("not-run", labels().get(entry["check"], entry["check"]), reader_reason(entry["reason"]))


def live_items(block: dict[str, Any], tier: str | None) -> list[str]:
    """One line per CNI the block is for: what ran there, or why nothing did."""
    results = live_checks(block)
    items = [_item(r.status, f"kind + {cni_name(r.cni)}" + (f"（Kubernetes {r.k8s}）" if r.k8s else ""), "在 kind 集群中应用并检查行为")
             for r in results]
    tried = {r.cni for r in results}
    gap = live_gap(block, tier) or "本次构建未运行这一层"
    items += [_item("not-run", f"kind + {cni_name(c)}", gap) for c in block.get("cni", []) if c not in tried]
    return items


def _item(status: str, head: str, detail: str) -> str:
    word = STATUS.get(status, status)
    tail = f"：{html.escape(detail)}" if detail else ""
    return f'<li data-check-status="{html.escape(status)}"><span class="k8sdoctest-status">{word}</span> {html.escape(head)}{tail}</li>'


def details(block: dict[str, Any], tier: str | None) -> str:
    checks = [check_item(c) for c in static_checks(block) if c["status"] != "not-run"]
    skipped = {c["name"] for c in static_checks(block) if c["status"] == "not-run"}
    gaps = [not_run_item(n) for n in block.get("not_run", []) if n["check"] != "live"]
    gaps += [_item("not-run", labels().get(n, n), "") for n in skipped if n not in {g["check"] for g in block.get("not_run", [])}]
    return (
        '<p class="k8sdoctest-badge__group">静态验证</p><ul>' + "".join(checks + gaps) + "</ul>"
        '<p class="k8sdoctest-badge__group">集群验证</p><ul>' + "".join(live_items(block, tier)) + "</ul>"
    )


def anchor(block: dict[str, Any]) -> str:
    """The id of a block on its page: the matrix links here."""
    return f"example-{block['line']}"


def verdict(block: dict[str, Any] | None, page: str, line: int, download: str | None = None, tier: str | None = None) -> Verdict:
    if block is None:
        return Verdict(False, "", f"{page}:{line}: block is stale or unverified: its text is not in the report (run `make verify`)")
    if block["status"] == "failed":
        return Verdict(False, "", f"{page}:{line}: block failed verification: {block['summary']}")
    if block["status"] == "expected-invalid":
        summary = "错误示例：静态验证确认它会被拒绝"
    else:
        summary = f"{static_line(block)}；{live_line(block, tier)}"
    link = ""
    if download:
        name = download.rsplit("/", 1)[-1]
        link = f'<a class="k8sdoctest-download" href="{html.escape(download)}" download>下载 {html.escape(name)}</a>'
    badge = (
        f'<div class="k8sdoctest-badge" id="{anchor(block)}" data-status="{block["status"]}" data-sha256="{block["sha256"]}" data-search-exclude>'
        f'<details><summary>{html.escape(summary)}</summary>{details(block, tier)}</details>{link}</div>'
    )
    return Verdict(True, badge, "")


# --- the page summary ---------------------------------------------------------------------------


def page_summary(blocks: list[dict[str, Any]], tier: str | None, matrix_href: str) -> str:
    """`本页 12 个示例：静态验证全部通过（Kubernetes 1.25–1.37）；集群验证：…`, above the page's first block."""
    if not blocks:
        return ""
    wrong = sum(b["status"] == "expected-invalid" for b in blocks)
    claims = {tuple(b.get("k8s", [])) for b in blocks}
    span = version_range(sorted({v for claim in claims for v in claim}, key=versions.minor))
    if len(claims) == 1 and span:
        static = f"静态验证全部通过（Kubernetes {span}）"
    else:  # examples claim different versions: say so rather than imply every one runs on all
        static = f"静态验证全部通过（每个示例在它声明的版本上，合计 Kubernetes {span}）" if span else "静态验证全部通过"
    if wrong:
        static += f"，其中 {wrong} 个是错误示例，已确认会被拒绝"
    ran = [r for b in blocks for r in live_checks(b) if r.status not in ("not-run", "skipped")]
    if ran:
        where = _join(sorted({f"kind + {cni_name(r.cni)}" for r in ran}))
        live = f"集群验证：{sum(bool(live_checks(b)) for b in blocks)} 个示例在 {where} 中运行通过"
    else:
        gap = next((g for b in blocks if (g := live_gap(b, tier))), "本次构建未运行这一层")
        live = f"集群验证：未在集群中运行（{gap}）"
    return (
        f'<p class="k8sdoctest-summary" data-search-exclude>本页 {len(blocks)} 个示例：{html.escape(static)}；{html.escape(live)}。'
        f'每个示例上方可展开查看各项检查，全部结果见<a href="{html.escape(matrix_href)}">兼容性矩阵</a>。</p>'
    )


# --- the compatibility matrix -------------------------------------------------------------------


def grouped_versions(block: dict[str, Any], minors: list[str]) -> list[tuple[str, str]]:
    """Runs of equal results over the report's versions: [("1.25–1.30", "不适用"), ("1.31–1.37", "通过")]."""
    schema = next((c for c in block["checks"] if c["name"] == "schema"), None)

    def result(v: str) -> str:
        if v not in block.get("k8s", []):
            return "不适用"
        if schema is None:
            return "其他检查通过"
        return "通过" if v in schema.get("accepted", []) else "拒绝"

    runs: list[tuple[list[str], str]] = []
    for v in minors:
        r = result(v)
        if runs and runs[-1][1] == r:
            runs[-1][0].append(v)
        else:
            runs.append(([v], r))
    return [(version_range(vs), r) for vs, r in runs]


SYMBOLS = {"通过": "✓ 通过", "拒绝": "✗ 拒绝", "失败": "✗ 失败", "其他检查通过": "○ 无版本 Schema", "不适用": "– 不适用", "未运行": "未运行"}


def cni_cell(block: dict[str, Any], cni: str, tier: str | None = None) -> str:
    """What ran on kind with this CNI: `✓ 通过 1.37`, `✗ 失败`, `未运行`, or `– 不适用`."""
    if cni not in block.get("cni", []):
        return SYMBOLS["不适用"]
    ran = [r for r in live_checks(block) if r.cni == cni and r.status not in ("not-run", "skipped")]
    if not ran:
        return SYMBOLS["未运行"]
    if any(r.status == "failed" for r in ran):
        return SYMBOLS["失败"]
    return SYMBOLS["通过"] + "".join(f" {r.k8s}" for r in ran if r.k8s)


def example_name(block: dict[str, Any], section: str | None) -> str:
    name = ", ".join(i.removeprefix("snippets/") for i in block["includes"]) or block["id"]
    section = block.get("section") or section
    return f"{name}（{section}）" if section else name


def matrix_row(block: dict[str, Any], minors: list[str], section: str | None, tier: str | None) -> str:
    page = block["page"].removeprefix("docs/")
    link = f"[{example_name(block, section)}]({page}#{anchor(block)})"
    k8s = "<br>".join(f"{span} {SYMBOLS[r]}" for span, r in grouped_versions(block, minors))
    checks = _join([labels().get(c["name"], c["name"]) for c in static_checks(block) if c["status"] == "passed"])
    cells = [link, k8s, checks, *[cni_cell(block, c, tier) for c in CNIS]]
    return "| " + " | ".join(cells) + " |"


def matrix(report: dict[str, Any], sections: dict[tuple[str, int], str] | None = None, titles: dict[str, str] | None = None) -> str:
    """The 兼容性矩阵 page: every tested block, grouped by page, from the report only.

    `sections` names the section of a file a block includes ((page, line) → name), and
    `titles` the page titles; both are read by the hook from the pages.
    """
    sections, titles = sections or {}, titles or {}
    minors = report.get("versions") or list(versions.ALL)
    tier = report.get("tiers", {}).get("live")
    head = ["示例", f"Kubernetes {version_range(minors)}（严格 Schema）", "通过的静态检查",
            *[f"kind + {cni_name(c)}" for c in CNIS]]
    body: list[str] = []
    pages: dict[str, list[dict[str, Any]]] = {}
    for block in report.get("blocks", []):
        pages.setdefault(block["page"], []).append(block)
    for page, blocks in pages.items():
        rel = page.removeprefix("docs/")
        body += [f"## {titles.get(rel, rel)} {{#{rel.removesuffix('.md')}}}", "", f"[打开页面]({rel})", "",
                 '<div class="k8sdoctest-matrix" markdown>', "",
                 "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        body += [matrix_row(b, minors, sections.get((page, b["line"])), tier) for b in blocks]
        body += ["", "</div>", ""]
    live = "已运行" if tier in (None, "run") else f"未运行（{reader_reason(tier)}）"
    return "\n".join([
        "---",
        "title: 兼容性矩阵",
        "description: 每个示例在各 Kubernetes 版本与 CNI 上的验证结果，由验证报告生成。",
        "hide: [navigation]",
        "---",
        "",
        "# 兼容性矩阵 {#compatibility}",
        "",
        f"本页由验证报告 `build/verification.json` 生成（{report.get('generator', '')}，{report.get('created', '')}），按页面分组。"
        "点击示例名称跳到它在页面中的位置。",
        "",
        '<div class="k8sdoctest-legend" markdown>',
        "",
        "| 符号 | 含义 |",
        "|---|---|",
        "| ✓ 通过 | 该版本的严格 Schema 接受此示例（或该 CNI 的 kind 集群中运行通过，后附节点的 Kubernetes 版本） |",
        "| ✗ 拒绝 / ✗ 失败 | 该版本拒绝此示例 / 集群中运行失败 |",
        "| ○ 无版本 Schema | 示例没有按版本区分的 Schema（Shell 脚本或只有 CRD 的自定义资源），其他静态检查已通过 |",
        "| – 不适用 | 示例未声明该版本，或不适用于该 CNI |",
        f"| 未运行 | 集群验证这一层没有运行。本次构建：{live} |",
        "",
        "</div>",
        "",
        *body,
    ])


_SECTION = re.compile(r'--8<--\s+"[^"]+?:([\w.-]+)"')


def section_at(page_text: str, line: int) -> str | None:
    """The `--8<-- "file:section"` name of the fence that starts at `line` (1-based), if any."""
    for i, text in enumerate(page_text.split("\n")[line - 1 : line + 3]):
        found = _SECTION.search(text)
        if found:
            return found.group(1)
        if i and text.strip().startswith("```"):  # the fence closed without a section include
            break
    return None
