"""Runs the registered checks on the blocks of a page and decides each block's verdict."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from .checks import Check, Target, registry
from .model import Block, BlockResult, CheckResult, Claims, Finding, Page, Verdict
from .settings import Settings

# Problems that leave nothing to check: the block's text is not what the page shows.
UNCHECKABLE = frozenset({"read", "fence"})


def run_checks(target: Target) -> list[CheckResult]:
    """The registered checks for the block's language, in order; skipped or blocked checks are reported as not run."""
    block = target.block
    results: dict[str, CheckResult] = {}
    for check in registry().values():
        if block.language not in check.languages:
            continue
        result = _run(check, target, results)
        if result is not None:
            results[check.name] = result
    return list(results.values())


def _run(check: Check, target: Target, done: dict[str, CheckResult]) -> CheckResult | None:
    if check.name in target.block.claims.skip:
        return CheckResult.not_run(check.name, target.block.claims.skip[check.name])
    blocked = [name for name in check.after if name in done and done[name].status != "passed"]
    if blocked:
        return CheckResult.not_run(check.name, f"{', '.join(blocked)} did not pass")
    return check.run(target)


def verdict(claims: Claims, problems: Iterable[Finding], checks: Iterable[CheckResult]) -> tuple[Verdict, str]:
    """verified | failed | expected-invalid, and a one-line reason. The only place a verdict is decided."""
    problems, checks = list(problems), list(checks)
    errors = [f for f in problems if f.level == "error"]
    errors += [f for c in checks for f in c.findings if f.level == "error"]
    errors += [Finding("error", c.name, c.message) for c in checks if c.status == "failed" and not c.findings]
    if claims.expect == "invalid" and not problems:
        hit = [f for f in errors if claims.match and claims.match in f.message]
        if hit:
            return "expected-invalid", f"rejected as intended: {hit[0].message}"
        got = errors[0].message if errors else "every check passed"
        return "failed", f"expected a finding containing {claims.match!r} ({claims.reason}), but {got}"
    if errors:
        return "failed", errors[0].message
    ran = [c.label for c in checks if c.status == "passed"]
    if not ran:
        return "failed", "no check ran on this block: nothing was verified"
    return "verified", "; ".join(ran)


def verify_block(block: Block, page: Page, settings: Settings) -> BlockResult:
    if settings.k8s:  # `--k8s` overrides the claim for this run, and the report says so
        block = replace(block, claims=replace(block.claims, k8s=settings.k8s))
    target = Target(block, page, settings)
    checks = run_checks(target) if not any(p.check in UNCHECKABLE for p in block.problems) else []
    status, summary = verdict(block.claims, block.problems, checks)
    return BlockResult(block, tuple(checks), status, summary)


def verify_page(page: Page, settings: Settings) -> Iterator[BlockResult]:
    for block in page.blocks:
        yield verify_block(block, page, settings)
