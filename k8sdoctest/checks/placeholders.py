"""`placeholders`: values the reader fills in (`<service-name>`, `${NAMESPACE}`, `SERVICE_NAME`), reported as such.

The shell and YAML checks see typed stand-ins instead (source/scripts.py `standin`): this
check only says which values the page leaves to the reader, so the report is honest about them.
"""

from __future__ import annotations

from ..model import SHELL, YAML, CheckResult, Finding
from ..source.scripts import standin
from . import Check, Target

NAME = "placeholders"


def run(target: Target) -> CheckResult | None:
    found = target.yaml[1] if target.block.language in YAML else target.script.placeholders
    if not found:
        return None
    lines = target.block.text.split("\n")
    findings = []
    for name in dict.fromkeys(found):
        line = next((n for n, text in enumerate(lines) if name in text), 0)
        shown = f" (checked as {standin(name[1:-1])!r})" if name.startswith("<") else ""
        findings.append(Finding("info", NAME, f"placeholder {name}: a value the reader fills in{shown}", line))
    return CheckResult.from_findings(NAME, findings, f"{len(findings)} placeholder(s) for the reader to fill in")


CHECK = Check(NAME, "占位符", SHELL | YAML, run, needs=("page",))
