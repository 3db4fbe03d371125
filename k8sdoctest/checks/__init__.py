"""The check registry: one `Check` value per check, one signature, registered once.

A check is a small callable, like a sybil evaluator: it receives a `Target` (the block,
its page, the run's settings, the block's parsed documents) and returns a `CheckResult`,
or None when it has nothing to say about the block. `verify` loops over the registry; the
names `skip=` accepts and the labels the site shows are derived from it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..manifests import Doc, parsed
from ..model import Block, CheckResult, Page
from ..settings import Settings
from ..source.excerpts import is_excerpt, yaml_text
from ..source.scripts import Script, script_of

# The built-in checks, in the order they run: each module defines CHECK (module name = check name).
BUILTIN = (
    "yaml", "excerpt", "json", "schema", "apiserver", "crd", "cel", "embedded", "component_config", "deprecations", "consistency",
    "connectivity", "bash_syntax", "shellcheck", "kubectl", "placeholders", "ingress_nginx", "calico_tiers", "metrics", "attach", "read_only",
)
TIERS = ("live",)  # not checks, but a directive may skip them too


@dataclass(frozen=True)
class Target:
    """What a check looks at: one block, on its page, in this run."""

    block: Block
    page: Page
    settings: Settings

    @property
    def k8s(self) -> tuple[str, ...]:
        return self.block.claims.k8s

    @cached_property
    def yaml(self) -> tuple[str, tuple[str, ...]]:
        """The text the YAML checks parse (elisions blanked, placeholders stood in for) and the placeholders."""
        text, placeholders = yaml_text(self.block)
        return text, tuple(placeholders)

    @cached_property
    def all_docs(self) -> tuple[Doc, ...]:
        return parsed(self.yaml[0])[0]

    @cached_property
    def docs(self) -> tuple[Doc, ...]:
        """The block's whole-object YAML documents, parsed once per run and shared by every check (read-only)."""
        return tuple(d for d in self.all_docs if not is_excerpt(d.data))

    @property
    def excerpts(self) -> tuple[Doc, ...]:
        """Documents that are part of an object (`annotations:`, a `spec:`, an `env:` list): see checks/excerpt.py."""
        return tuple(d for d in self.all_docs if is_excerpt(d.data))

    @cached_property
    def script(self) -> Script:
        """What the shell checks run: commands without their output, placeholders stood in for, page-scoped variables."""
        return script_of(self.block, self.page)

    @property
    def objects(self) -> list[tuple[Doc, dict[str, Any]]]:
        return [(d, d.data) for d in self.docs if isinstance(d.data, dict)]

    @cached_property
    def shared(self) -> dict[Hashable, Any]:
        """What one check computes on this block and a later one reads (the cel check reads the crd check's validation)."""
        return {}


@dataclass(frozen=True)
class Check:
    name: str  # what `skip=` names, and the report's key
    label: str  # what a reader sees on the site (Chinese)
    languages: frozenset[str]
    run: Callable[[Target], CheckResult | None]
    after: tuple[str, ...] = ()  # runs only when these passed on the block
    needs: tuple[str, ...] = ()  # documentation: "docs", "page", "crds", "k8s", "tools"
    # Optional: do the work for many blocks at once (one shellcheck process for a run) before `run` is called on each.
    prepare: Callable[[Sequence[Target]], None] | None = None


_registry: dict[str, Check] = {}


def register(check: Check) -> Check:
    """Add a check (a plugin's or a test's); a name is registered once."""
    if check.name in _registry and _registry[check.name] is not check:
        raise ValueError(f"a check named {check.name!r} is already registered")
    _registry[check.name] = check
    return check


def unregister(name: str) -> None:
    _registry.pop(name, None)


def registry() -> dict[str, Check]:
    """Every registered check, built-ins first, in running order."""
    for module in BUILTIN:
        if module.replace("_", "-") not in _registry:
            register(importlib.import_module(f"{__name__}.{module}").CHECK)
    return _registry


def fingerprint() -> str:
    """Which checks a run uses, without importing the built-ins: part of the cache key of every block result."""
    builtin = {m.replace("_", "-") for m in BUILTIN}
    extra = [
        f"{c.name}={c.run.__module__}.{c.run.__qualname__}:{sorted(c.languages)}:{c.after}"
        for c in _registry.values()
        if not (c.name in builtin and c.run.__module__.startswith(f"{__name__}."))  # the same whether imported yet or not
    ]
    return "|".join((*BUILTIN, *sorted(extra)))


def names() -> frozenset[str]:
    """What a `skip=` directive may name: every check, and the live tier.

    Built-in names come from their module names (module name = check name), so reading a
    page's directives imports no check: a run whose results are all cached imports none.
    """
    return frozenset(m.replace("_", "-") for m in BUILTIN) | frozenset(_registry) | frozenset(TIERS)


def labels() -> dict[str, str]:
    return {name: check.label for name, check in registry().items()}
