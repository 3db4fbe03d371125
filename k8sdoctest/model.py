"""The values that flow through the verifier: blocks, findings, check results."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

Level = Literal["error", "warning", "info"]
Status = Literal["passed", "failed", "not-run"]

DEFAULT_CNIS: tuple[str, ...] = ("calico", "cilium")

# Names a directive may skip: every check, and the live tier.
CHECK_NAMES = frozenset({
    "yaml", "json", "schema", "apiserver", "crd", "cel", "embedded", "component-config", "deprecations", "consistency",
    "bash-syntax", "shellcheck", "kubectl", "live",
})


@dataclass(frozen=True)
class Origin:
    """Where one line of a block comes from."""

    file: str
    line: int


@dataclass
class Meta:
    """What a block claims, from the page's front matter and its directive."""

    k8s: tuple[str, ...]
    cni: tuple[str, ...] = DEFAULT_CNIS
    expect: str | None = None  # "invalid": the block shows a wrong form on purpose
    match: str | None = None  # text the rejecting finding must contain
    reason: str | None = None
    skip: dict[str, str] = field(default_factory=dict)  # check -> why it does not apply
    live: str = "apply"  # apply | dry-run | none
    interactive: bool = False  # the block is typed at a terminal: `-t` is fine
    crds: str | None = None  # CRD sets claimed: `gateway-api-experimental,cilium-v1.17.3` (see checks/crdsets.py)


@dataclass
class Finding:
    level: Level
    check: str
    message: str
    line: int = 0  # 0-based line inside the block text; -1: the fence itself


@dataclass
class Block:
    """One fenced code block as a reader sees it, includes resolved."""

    page: str  # the Markdown (or YAML/shell) file, relative to the project root
    line: int  # 1-based line of the opening fence (1 for a plain file)
    language: str
    text: str
    origins: list[Origin]
    meta: Meta
    problems: list[Finding] = field(default_factory=list)  # found while extracting
    attrs: str = ""
    siblings: list[Block] = field(default_factory=list, repr=False, compare=False)  # the page's other blocks

    @property
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


@dataclass
class CheckResult:
    name: str
    status: Status
    message: str = ""
    versions: tuple[str, ...] = ()  # versions checked
    accepted: tuple[str, ...] = ()  # versions that accept the block
    findings: list[Finding] = field(default_factory=list)

    @classmethod
    def not_run(cls, name: str, reason: str) -> CheckResult:
        return cls(name, "not-run", reason)

    @classmethod
    def from_findings(cls, name: str, findings: list[Finding], ok: str, **kw: object) -> CheckResult:
        errors = [f for f in findings if f.level == "error"]
        message = errors[0].message if errors else ok
        return cls(name, "failed" if errors else "passed", message, findings=findings, **kw)  # type: ignore[arg-type]


@dataclass
class BlockResult:
    block: Block
    checks: list[CheckResult]
    status: Literal["verified", "failed", "expected-invalid"]
    summary: str = ""

    @property
    def findings(self) -> list[Finding]:
        found = list(self.block.problems)
        for check in self.checks:
            found.extend(check.findings)
        return found
