"""Runs the checks that apply to a block and decides its verdict."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .blocks import JSON, SHELL, YAML
from .checks import apiserver, cel, components, consistency, crd, deprecations, embedded, kubectl, parse, schema, shell
from .model import Block, BlockResult, CheckResult, Finding


@dataclass
class Context:
    """What every block is verified against."""

    root: Path
    crd_dir: Path | tuple[Path, ...] | None = None  # one CRD directory or several (crds, crds-next)
    k8s: tuple[str, ...] | None = None  # overrides the blocks' claims (`--k8s`)
    not_run: dict[str, str] = field(default_factory=dict)  # tier -> why it did not run


def json_check(block: Block) -> CheckResult:
    try:
        json.loads(block.text)
    except json.JSONDecodeError as exc:
        return CheckResult.from_findings("json", [Finding("error", "json", f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno - 1)], "")
    return CheckResult("json", "passed", "JSON parsed")


def run_checks(block: Block, ctx: Context) -> list[CheckResult]:
    """The checks for the block's language, in order; a check the block skips is reported as not run."""
    results: list[CheckResult] = []

    def run(name: str, check: Callable[[], CheckResult | None]) -> CheckResult | None:
        result = CheckResult.not_run(name, block.meta.skip[name]) if name in block.meta.skip else check()
        if result is not None:
            results.append(result)
        return result

    if block.language in SHELL:
        syntax = run(shell.SYNTAX, lambda: shell.syntax(block))
        run(shell.LINT, lambda: shell.lint(block))
        ok = syntax is not None and syntax.status == "passed"
        run(kubectl.NAME, lambda: kubectl.check(block) if ok else CheckResult.not_run(kubectl.NAME, "bash -n did not pass"))
    elif block.language in JSON:
        run("json", lambda: json_check(block))
    elif block.language in YAML:
        parsed, docs = parse.check(block)
        results.append(parsed)
        if parsed.status == "passed":
            run(schema.NAME, lambda: schema.check(block, docs))
            run(apiserver.NAME, lambda: apiserver.check(block, docs))
            run(crd.NAME, lambda: crd.check(block, docs, ctx.crd_dir))
            run(cel.NAME, lambda: cel.check(block, docs, ctx.crd_dir))
            run(embedded.NAME, lambda: embedded.check(block, docs))
            run(components.NAME, lambda: components.check(block, docs))
            run(deprecations.NAME, lambda: deprecations.check(block, docs))
            run(consistency.NAME, lambda: consistency.check(block, docs))
    return results


def verdict(block: Block, checks: list[CheckResult]) -> tuple[str, str]:
    """verified | failed | expected-invalid, and a one-line reason."""
    errors = [f for f in block.problems if f.level == "error"]
    errors += [f for c in checks for f in c.findings if f.level == "error"]
    if block.meta.expect == "invalid" and not block.problems:
        hit = [f for f in errors if block.meta.match and block.meta.match in f.message]
        if hit:
            return "expected-invalid", f"rejected as intended: {hit[0].message}"
        got = errors[0].message if errors else "every check passed"
        return "failed", f"expected a finding containing {block.meta.match!r} ({block.meta.reason}), but {got}"
    if errors:
        return "failed", errors[0].message
    return "verified", "; ".join(c.name for c in checks if c.status == "passed")


def verify_block(block: Block, ctx: Context) -> BlockResult:
    if ctx.k8s:  # --k8s overrides the claim for this run only
        block = replace(block, meta=replace(block.meta, k8s=ctx.k8s))
    checks = run_checks(block, ctx) if not any(p.check in ("read", "fence") for p in block.problems) else []
    status, summary = verdict(block, checks)
    return BlockResult(block, checks, status, summary)  # type: ignore[arg-type]
