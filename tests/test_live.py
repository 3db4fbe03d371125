"""The live tier (kind + Calico / Cilium) says why when it does not run, in one line."""

import pytest

from k8sdoctest.live import docker
from k8sdoctest.live.plugin import NOT_SELECTED
from k8sdoctest.live.state import REASON


@pytest.mark.live
def test_live_tier_runs_or_says_why_not(request):
    reason = request.config.stash.get(REASON, None)
    if reason:
        pytest.skip(reason)
    assert request.getfixturevalue("live_clusters"), "the live tier is selected but made no cluster"


def test_no_docker_reason_is_the_documented_line(monkeypatch):
    monkeypatch.setattr(docker.shutil, "which", lambda name: None)
    assert docker.unavailable_reason() == "no Docker engine: live tier skipped"


def test_docker_client_without_engine_is_no_engine(monkeypatch):
    class Proc:
        returncode = 1
        stdout = ""

    monkeypatch.setattr(docker.shutil, "which", lambda name: "/usr/bin/docker")
    monkeypatch.setattr(docker.subprocess, "run", lambda *a, **k: Proc())
    assert docker.unavailable_reason() == docker.NO_ENGINE


def test_not_selected_reason_names_the_command():
    assert "make test-live" in NOT_SELECTED


def test_marker_expression_selects_the_tier(monkeypatch):
    from k8sdoctest.live.plugin import selected

    monkeypatch.delenv("K8SDOCTEST_LIVE", raising=False)
    assert selected("live") and selected("live and not slow")
    assert not selected("not live") and not selected("")
    monkeypatch.setenv("K8SDOCTEST_LIVE", "1")
    assert selected("")


def test_with_docker_the_live_marker_selects_every_doc_block_and_the_behaviour_tests():
    """Collection only, with a Docker engine pretended: `-m live` must see each block's live item."""
    import subprocess
    import sys

    from k8sdoctest.source.pages import iter_blocks

    from .helpers import ROOT

    code = (
        "import sys, pytest, k8sdoctest.live.docker as d\n"
        "d.unavailable_reason = lambda: None\n"
        "sys.exit(pytest.main(['--collect-only', '-q', '-m', 'live', '-p', 'no:cacheprovider']))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    items = proc.stdout.splitlines()
    blocks = list(iter_blocks([ROOT / "docs"], ROOT))
    assert len([i for i in items if "sybil:live" in i]) == len(blocks)
    assert not any("sybil:static" in i for i in items)
    assert any("test_network_policy_reachability_matrix[cilium]" in i for i in items)
