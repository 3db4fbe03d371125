"""A script described as read-only that changes the cluster.

The claim is looked for where a reader meets it: the block's own comments, the header comment of
its snippet file (a block that shows a section of a file still belongs to that file), and the prose
of its page section before the block. A paragraph that introduces one block (it ends with `：`/`:`)
speaks only for that block; other paragraphs of the section speak for every later block of it; a
paragraph before the first `##` that says 本页/this page speaks for the whole page. A claim that
names its exceptions in the same paragraph or comment (但会创建临时 Pod, except …) is not a claim.
A mutating kubectl or helm command (not `--dry-run`) in such a block is an error naming the verb.
`kubectl exec` is not judged: what the container command writes is out of scope.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..model import SHELL, Block, CheckResult, Finding, Page
from . import Check, Target
from .kubectl import invocations
from .kubectl_args import CommandLine, read

NAME = "read-only"
# 只读 but not 只读取 (that needs an object: "Gateway 只读取 SNI" says nothing about the script), 不修改/不会修改 the cluster, read-only.
CLAIM = re.compile(r"只读(?!取)|只读取(?:集群|状态|配置|资源)|不(?:会)?修改(?:集群|任何|资源|对象)|不写入集群|\bread[- ]only\b|\breadonly\b", re.I)
# The same paragraph names what the script does change: then it is an honest description, not a claim.
QUALIFIED = re.compile(r"但|不过|除了|除外|以外|会创建|临时 ?Pod|\bexcept\b|\bbut\b|\bcreates?\b|\btemporary\b", re.I)
PAGE_WIDE = re.compile(r"本页|this page", re.I)
MUTATING = frozenset({"create", "apply", "delete", "patch", "edit", "replace", "run", "debug", "label", "annotate", "scale", "autoscale",
                      "expose", "cordon", "uncordon", "drain", "taint", "set"})
ROLLOUT_MUTATING = frozenset({"restart", "undo", "pause", "resume"})
HELM_MUTATING = frozenset({"install", "upgrade", "uninstall", "delete", "rollback"})


@dataclass(frozen=True)
class Claim:
    text: str  # the words that claim it, for the message
    where: str


def mutation(program: str, cl: CommandLine) -> str | None:
    """`kubectl delete`, `kubectl rollout restart`, `helm upgrade` … or None when the command only reads (or is a dry run)."""
    dry = cl.value("--dry-run")
    if dry is not None and dry != "none":
        return None
    words = cl.words
    if program == "helm":
        return f"helm {words[0]}" if words and words[0] in HELM_MUTATING else None
    if not words:
        return None
    verb = words[0]
    if verb in MUTATING:
        return f"kubectl {verb}"
    if verb == "rollout" and len(words) > 1 and words[1] in ROLLOUT_MUTATING:
        return f"kubectl rollout {words[1]}"
    if verb == "certificate" and len(words) > 1 and words[1] in ("approve", "deny"):
        return f"kubectl certificate {words[1]}"
    if verb == "cp" and len(words) > 2 and ":" in words[-1]:
        return "kubectl cp (into a Pod)"
    return None


def _claims_in(paragraph: str, where: str) -> Iterator[Claim]:
    if QUALIFIED.search(paragraph):
        return
    for m in CLAIM.finditer(paragraph):
        yield Claim(m.group(0), where)


def _comment_runs(lines: list[str]) -> Iterator[str]:
    """Consecutive comment lines joined: one comment, judged as one paragraph."""
    run: list[str] = []
    for line in [*lines, ""]:
        stripped = line.strip()
        if stripped.startswith("#") and not stripped.startswith(("#!", "# --8<--", "# k8sdoctest:")):
            run.append(stripped.lstrip("#").strip())
        elif run:
            yield " ".join(run)
            run = []


def comment_claims(block: Block) -> list[Claim]:
    return [c for run in _comment_runs(block.text.split("\n")) for c in _claims_in(run, "the block's comments")]


def header_claims(block: Block, root: Path) -> list[Claim]:
    """The leading comment of the snippet file, when the block shows only a section of it."""
    if not block.origins or block.origins[0].file == block.page or block.origins[0].line <= 1:
        return []
    path = root / block.origins[0].file
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except OSError:
        return []
    header: list[str] = []
    for line in lines:
        if line.strip().startswith("#") or not line.strip():
            header.append(line)
        else:
            break
    first = next(iter(_comment_runs(header)), "")
    return list(_claims_in(first, f"the header of {block.origins[0].file}"))


def prose_claims(page: Page, block: Block) -> list[Claim]:
    """Claims of the page's prose that speak for this block (see the module docstring)."""
    if not page.path.endswith((".md", ".markdown")) or not page.text:
        return []
    lines = page.text.split("\n")[: max(block.line - 1, 0)]
    page_wide: list[Claim] = []
    section: list[tuple[str, bool]] = []  # (paragraph, a block came after it)
    paragraph: list[str] = []
    fence: str | None = None
    seen_h2 = False
    comment = False

    def close() -> None:
        if paragraph:
            text = " ".join(paragraph)
            if not seen_h2 and PAGE_WIDE.search(text):
                page_wide.extend(_claims_in(text, "the page's introduction"))
            section.append((text, False))
            paragraph.clear()

    for line in lines:
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
            continue
        if m := re.match(r"(`{3,}|~{3,})", stripped):
            close()
            fence = m.group(1)
            section[:] = [(text, True) for text, _ in section]
            continue
        if comment or stripped.startswith("<!--"):
            comment = "-->" not in stripped
            continue
        if re.match(r"#{1,6}\s", line):
            close()
            seen_h2 = seen_h2 or line.startswith("## ")
            section.clear()
            continue
        if not stripped:
            close()
            continue
        paragraph.append(stripped)
    close()
    found = list(page_wide)
    for text, passed in section:
        if passed and text.rstrip("*` ").endswith(("：", ":")):
            continue  # introduced an earlier block
        found += _claims_in(text, "the prose before the block")
    return found


def run(target: Target) -> CheckResult | None:
    block = target.block
    claims = comment_claims(block) + header_claims(block, target.settings.root) + prose_claims(target.page, block)
    if not claims:
        return None
    found, _ = invocations(target.script.text)
    claim = claims[0]
    findings = []
    for inv in found:
        what = mutation(inv.program, read(inv.args, inv.program))
        if what:
            findings.append(Finding("error", NAME, (
                f"{what} changes the cluster, but the block is described as read-only (\"{claim.text}\" in {claim.where}): "
                f"say what the script creates or deletes, or remove the command"), inv.line))
    return CheckResult.from_findings(NAME, findings, f"described as read-only (\"{claim.text}\" in {claim.where}) and runs no mutating kubectl or helm command")


CHECK = Check(NAME, "只读声明", SHELL, run, after=("bash-syntax",), needs=("page",))
