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
