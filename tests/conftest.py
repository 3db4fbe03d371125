"""Fixtures shared by the site and browser tests: one verification run, one strict build."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from k8sdoctest.cli import main

from .helpers import ROOT

DOCS = ROOT / "docs"


def mkdocs_build(site: Path, report: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", K8SDOCTEST_REPORT=str(report))
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=300,
    )


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """The CLI's result cache goes to a temporary directory, never the user's ~/.cache."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


@pytest.fixture(scope="session")
def fresh_report(tmp_path_factory) -> Path:
    """The report of a verification run over docs/ (what `make verify` writes: never from the cache)."""
    path = tmp_path_factory.mktemp("report") / "verification.json"
    assert main(["verify", str(DOCS), "--root", str(ROOT), "--report", str(path), "--no-cache"]) == 0
    return path


@pytest.fixture(scope="session")
def built(tmp_path_factory, fresh_report) -> tuple[Path, str]:
    if not (DOCS / "javascripts" / "mermaid.min.js").is_file():
        pytest.fail("docs/javascripts/mermaid.min.js is missing: run `make assets`")
    out = tmp_path_factory.mktemp("site")
    proc = mkdocs_build(out, fresh_report)
    assert proc.returncode == 0, proc.stderr
    return out, proc.stderr


