"""Runs the registered checks on the blocks of a page and decides each block's verdict."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from . import cache
from .checks import Check, Target, fingerprint, registry
from .manifests import parsed
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


def verify_block(block: Block, page: Page, settings: Settings, page_key: str | None = None) -> BlockResult:
    """The block's checks and verdict; from the persistent cache when `settings.cache_dir` has this very input."""
    block = _claimed(block, settings)
    cache.activate(settings.cache_dir)  # None: this run neither reads nor fills the cache (the kubectl grammar included)
    if any(p.check in UNCHECKABLE for p in block.problems):
        checks: list[CheckResult] = []
    elif settings.cache_dir is None:
        checks = run_checks(Target(block, page, settings))
    else:
        key = cache.block_key(block, page_key or cache.page_digest(page), fingerprint(), run_digest(settings))
        found = cache.lookup(key)
        if found is None:
            found = run_checks(Target(block, page, settings))
            cache.remember(key, found)
        checks = found
    status, summary = verdict(block.claims, block.problems, checks)
    return BlockResult(block, tuple(checks), status, summary)


def _claimed(block: Block, settings: Settings) -> Block:
    if settings.k8s:  # `--k8s` overrides the claim for this run, and the report says so
        return replace(block, claims=replace(block.claims, k8s=settings.k8s))
    return block


def run_digest(settings: Settings) -> str:
    """What decides a result besides the block and its page: the verifier itself, the CRD set, the pins."""
    return _run_digest(settings.crd_dirs, settings.root, settings.examples, tuple(sorted(settings.overrides.items())))


@functools.cache
def _run_digest(crd_dirs: tuple[Path, ...], root: Path, examples: Path | None, overrides: tuple[tuple[str, str], ...]) -> str:
    return json.dumps([cache.code_digest(), cache.crd_digest(crd_dirs), str(root), str(examples), overrides])


def prepare(pages: Sequence[Page], settings: Settings) -> frozenset[str]:
    """Let checks that can work in batch (one shellcheck for every shell block) start it for these pages' blocks.

    The batch runs in the background: the languages returned are those whose blocks wait for
    it, so a caller verifies the other blocks first.
    """
    targets = [Target(_claimed(b, settings), page, settings) for page in pages for b in page.blocks
               if not any(p.check in UNCHECKABLE for p in b.problems)]
    if cache.activate(settings.cache_dir) is not None:
        keys = {id(p): cache.page_digest(p) for p in pages}
        run = run_digest(settings)
        targets = [t for t in targets if not cache.known(cache.block_key(t.block, keys[id(t.page)], fingerprint(), run))]
    started: set[str] = set()
    for check in registry().values():
        if check.prepare is not None:
            wanted = [t for t in targets if t.block.language in check.languages and check.name not in t.block.claims.skip]
            if wanted:
                check.prepare(wanted)
                started |= {t.block.language for t in wanted}
    return frozenset(started)


def verify_pages(pages: Sequence[Page], settings: Settings, late: frozenset[str] = frozenset()) -> list[BlockResult]:
    """Every block's result in page order; blocks in a `late` language are verified after all the others."""
    keys = [cache.page_digest(page) if settings.cache_dir is not None else None for page in pages]
    done: dict[tuple[int, int], BlockResult] = {}
    for wait in (False, True):
        for n, page in enumerate(pages):
            for i, block in enumerate(page.blocks):
                if (block.language in late) == wait:
                    done[n, i] = verify_block(block, page, settings, keys[n])
            parsed.cache_clear()  # the next page's blocks are other texts: the parsed YAML of one page at a time
    return [done[n, i] for n, page in enumerate(pages) for i in range(len(page.blocks))]


def verify_page(page: Page, settings: Settings) -> Iterator[BlockResult]:
    yield from verify_pages([page], settings)
