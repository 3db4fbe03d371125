"""The text writer: `file:line: level: [check] message`, one line a finding."""

from __future__ import annotations

from ..model import BlockResult


def text_lines(result: BlockResult) -> list[str]:
    b = result.block
    lines = []
    for f in result.findings:
        level = f.level
        if result.status == "expected-invalid" and level == "error":
            level = "info"  # the rejection the page asked for
        lines.append(f"{b.where(f.line)}: {level}: [{f.check}] {f.message}")
    if result.status == "failed" and (b.claims.expect or not any(f.level == "error" for f in result.findings)):
        lines.append(f"{b.where(-1)}: error: [verdict] {result.summary}")
    return lines
