"""The live tier (kind + Calico / Cilium) is skipped, with its reason, where it cannot run."""

import pytest

from k8sdoctest.live import docker


@pytest.mark.live
def test_live_tier_runs_or_says_why_not():
    reason = docker.live_reason()
    if reason:
        pytest.skip(reason)
    pytest.fail("a Docker engine answers, but no live step ran")  # pragma: no cover


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
