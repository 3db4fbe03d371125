"""The values that flow through the verifier: pages, blocks, findings, check results.

All of them are frozen: a check receives a block and its page and returns a new
value; nothing downstream edits what a check produced.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any, Literal

Level = Literal["error", "warning", "info"]
Status = Literal["passed", "failed", "not-run"]
Tier = Literal["static", "live"]
Verdict = Literal["verified", "failed", "expected-invalid"]
LiveMode = Literal["apply", "dry-run", "none"]

# The one list of CNIs the project knows: claims are validated against it, the live tier makes a cluster for each.
CNIS: tuple[str, ...] = ("calico", "cilium")
LIVE_MODES: tuple[str, ...] = ("apply", "dry-run", "none")

# Languages that are tests; `text`, `console`, `mermaid` … are shown, not run.
YAML = frozenset({"yaml", "yml"})
SHELL = frozenset({"bash", "sh", "shell"})
JSON = frozenset({"json"})
TESTED = YAML | SHELL | JSON

_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class Origin:
    """Where one line of a block comes from (1-based line of `file`)."""

    file: str
    line: int


@dataclass(frozen=True)
class Claims:
    """What a block claims, from the page's front matter, the snippet file and the directive before it."""

    k8s: tuple[str, ...]
    cni: tuple[str, ...] = CNIS
    expect: str | None = None  # "invalid": the block shows a wrong form on purpose
    match: str | None = None  # text the rejecting finding must contain
    reason: str | None = None
    skip: Mapping[str, str] = field(default_factory=lambda: _EMPTY)  # check -> why it does not apply
    live: str = "apply"  # one of LIVE_MODES
    interactive: bool = False  # the block is typed at a terminal: `-t` is fine
    crds: tuple[str, ...] = ()  # CRD sets claimed (`gateway-api-experimental`); empty: each kind's default set
    excerpt: str | None = None  # `Service.spec`: the block shows that part of an object


@dataclass(frozen=True)
class Finding:
    """One problem. `line` is 0-based inside the block's text; -1 means the fence (the block as a whole)."""

    level: Level
    check: str
    message: str
    line: int = 0


@dataclass(frozen=True)
class Block:
    """One fenced code block as a reader sees it, includes resolved."""

    page: str  # the Markdown (or YAML/shell) file, relative to the project root
    line: int  # 1-based line of the opening fence (1 for a plain file)
    language: str
    text: str
    origins: tuple[Origin, ...]
    claims: Claims
    problems: tuple[Finding, ...] = ()  # found while extracting

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def included(self) -> list[str]:
        return sorted({o.file for o in self.origins if o.file != self.page})

    @property
    def ident(self) -> str:
        return f"{self.page}:{self.line}"

    def where(self, line: int) -> str:
        """`page.md:N` for a line of the block, plus the snippet file when included."""
        if line < 0 or not self.origins:
            return f"{self.page}:{self.line}"
        origin = self.origins[min(line, len(self.origins) - 1)]
        if origin.file == self.page:
            return f"{self.page}:{origin.line}"
        return f"{self.page}:{self.line + 1} ({origin.file}:{origin.line})"


@dataclass(frozen=True)
class Page:
    """A source file: what it claims, its tested blocks, and the objects they define."""

    path: str  # relative to the project root
    claims: Claims
    blocks: tuple[Block, ...]
    problems: tuple[Finding, ...] = ()  # front matter and file problems, shared by every block
    text: str = field(default="", repr=False)  # the page's source, for checks of the whole page (tables)
    hidden: int = 0  # tested-language blocks inside HTML comments: not shown to a reader, so not checked

    @cached_property
    def objects(self) -> tuple[dict[str, Any], ...]:
        """Every Kubernetes object the page's YAML blocks define, in page order (each block parsed once per run)."""
        from .manifests import objects_of  # the YAML reader depends on the model, not the reverse

        return tuple(obj for b in self.blocks if b.language in YAML and b.claims.expect != "invalid" for obj in objects_of(b.text))

    def others(self, block: Block) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b is not block)


@dataclass(frozen=True)
class CheckResult:
    """What one check (static) or one live run (tier, cni, k8s) found for one block."""

    name: str
    status: Status
    message: str = ""
    versions: tuple[str, ...] = ()  # versions checked
    accepted: tuple[str, ...] = ()  # versions that accept the block
    findings: tuple[Finding, ...] = ()
    tier: Tier = "static"
    cni: str | None = None  # live only: the CNI of the cluster
    k8s: str | None = None  # live only: the node image's Kubernetes version

    @classmethod
    def not_run(cls, name: str, reason: str, **kw: Any) -> CheckResult:
        return cls(name, "not-run", reason, **kw)

    @classmethod
    def from_findings(cls, name: str, findings: list[Finding] | tuple[Finding, ...], ok: str, **kw: Any) -> CheckResult:
        errors = [f for f in findings if f.level == "error"]
        message = errors[0].message if errors else ok
        return cls(name, "failed" if errors else "passed", message, findings=tuple(findings), **kw)

    @property
    def label(self) -> str:
        """`schema`, or `live:calico:1.37` for display and sorting only (never parsed back)."""
        return ":".join(p for p in (self.name, self.cni, self.k8s) if p)


@dataclass(frozen=True)
class BlockResult:
    block: Block
    checks: tuple[CheckResult, ...]
    status: Verdict
    summary: str = ""

    @property
    def findings(self) -> list[Finding]:
        found = list(self.block.problems)
        for check in self.checks:
            found.extend(check.findings)
        return found
