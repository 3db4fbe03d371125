"""`json`: a JSON block parses (strictly, as `json.loads` does)."""

from __future__ import annotations

import json

from ..model import JSON, CheckResult, Finding
from . import Check, Target

NAME = "json"


def run(target: Target) -> CheckResult:
    try:
        json.loads(target.block.text)
    except json.JSONDecodeError as exc:
        return CheckResult.from_findings(NAME, [Finding("error", NAME, f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno - 1)], "")
    return CheckResult(NAME, "passed", "JSON parsed")


CHECK = Check(NAME, "JSON 语法", JSON, run)
