"""The one place that reads the environment: every other module receives a Settings value."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PREFIX = "K8SDOCTEST_"
CRDS_ENV = f"{PREFIX}CRDS"
REPORT_ENV = f"{PREFIX}REPORT"


@dataclass(frozen=True)
class Settings:
    """Where things are and what the user asked for; built once per run."""

    root: Path
    crd_dirs: tuple[Path, ...] = ()  # CRD directories read together (crds, crds-next); empty: none found
    report: Path | None = None
    k8s: tuple[str, ...] | None = None  # overrides the blocks' claims (`--k8s`)
    examples: Path | None = None  # a Hugo site's examples directory (`--examples`): where shortcodes' files are
    live_selected: bool = False  # K8SDOCTEST_LIVE=1
    cnis: tuple[str, ...] = ()  # CNI=calico,cilium
    overrides: Mapping[str, str] = field(default_factory=dict)  # K8SDOCTEST_* pins and timeouts
    cache_dir: Path | None = None  # persistent results (k8sdoctest/cache.py); None: every run starts from nothing

    def override(self, name: str, default: str) -> str:
        """A pin or timeout, from `K8SDOCTEST_<NAME>` when set."""
        return self.overrides.get(name, default)


def default_crd_dirs(root: Path, env: Mapping[str, str]) -> tuple[Path, ...]:
    """`$K8SDOCTEST_CRDS` (directories joined by `:`), else `crds/` (from `make crds`), else `../shared/crds` and `crds-next`.

    Only directories that exist count: a variable naming none of them falls back to the defaults, as it always did.
    """
    listed = tuple(Path(p) for p in env.get(CRDS_ENV, "").split(":") if p and Path(p).is_dir())
    if listed:
        return listed
    if (root / "crds").is_dir():
        return (root / "crds",)
    shared = root.resolve().parent / "shared"  # `--root .`: the parent of the directory, not of "."
    return tuple(p for p in (shared / "crds", shared / "crds-next") if p.is_dir())


def user_cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """`$XDG_CACHE_HOME/k8sdoctest`, else `~/.cache/k8sdoctest` (the CLI's cache unless `--no-cache`)."""
    env = os.environ if env is None else env
    base = env.get("XDG_CACHE_HOME") or str(Path(env.get("HOME") or Path.home()) / ".cache")
    return Path(base) / "k8sdoctest"


def from_environment(root: Path, env: Mapping[str, str] | None = None, **given: object) -> Settings:
    """Settings for a run rooted at `root`: explicit values win over the environment."""
    env = os.environ if env is None else env
    overrides = {k.removeprefix(PREFIX): v for k, v in env.items() if k.startswith(PREFIX)}
    report = env.get(REPORT_ENV)
    values: dict[str, object] = {
        "root": root,
        "crd_dirs": default_crd_dirs(root, env),
        "report": Path(report) if report else root / "build" / "verification.json",
        "live_selected": env.get(f"{PREFIX}LIVE") == "1",
        "cnis": tuple(c for c in env.get("CNI", "").split(",") if c),
        "overrides": overrides,
    }
    values.update({k: v for k, v in given.items() if v is not None})
    return Settings(**values)  # type: ignore[arg-type]


def environ() -> Mapping[str, str]:
    """The process environment, for the few callers that pass it on to a child process."""
    return os.environ
