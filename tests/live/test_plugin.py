"""The session's cluster lifecycle with a stand-in kind and kubectl: create, guard, install, delete."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from k8sdoctest.live import guard, plugin


class FakeKind:
    """Writes the kubeconfig kind would write; records create and delete."""

    made: list[FakeKind] = []

    def __init__(self, name, kubeconfig, image, kind_path, kubectl_path, context=None):
        self.name, self.kubeconfig, self.image, self.events = name, kubeconfig, image, []
        self.context = context or f"kind-{name}"
        FakeKind.made.append(self)

    def create(self, config_file):
        self.config = yaml.safe_load(Path(config_file).read_text())
        self.kubeconfig.write_text(yaml.safe_dump({
            "current-context": self.context, "contexts": [{"name": self.context, "context": {"cluster": self.context}}],
            "clusters": [{"name": self.context, "cluster": {"server": "https://127.0.0.1:40123", "certificate-authority-data": "Q0E="}}]}))
        self.events.append("create")

    def delete(self):
        self.events.append("delete")


@pytest.fixture
def kubectl(tmp_path):
    path = tmp_path / "bin" / "kubectl"
    path.parent.mkdir()
    shutil.copy(Path(__file__).parent / "fake_kubectl.py", path)
    path.chmod(0o755)
    (path.parent / "fake.json").write_text("[]")
    FakeKind.made = []
    return path


def calls(kubectl):
    log = kubectl.parent / "calls.log"
    return [json.loads(line)["args"] for line in log.read_text().splitlines()] if log.exists() else []


def test_one_guarded_installed_cluster_per_cni_then_deleted(tmp_path, kubectl, monkeypatch):
    monkeypatch.setattr(plugin.shutil, "which", lambda name: "/usr/bin/kind" if name == "kind" else None)
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    with plugin.clusters(("calico", "cilium"), run_dir, (tmp_path,), str(kubectl), FakeKind, helm=lambda: "/bin/true") as made:
        assert set(made) == {"calico", "cilium"}
        assert made["cilium"].name.startswith("k8sdoctest-cilium-")
        assert FakeKind.made[1].config["networking"]["kubeProxyMode"] == "none"
        assert all(k.events == ["create"] for k in FakeKind.made)
    assert all(k.events == ["create", "delete"] for k in FakeKind.made)
    assert any("tigerastatus/calico" in c for c in calls(kubectl))  # calico's install plan ran


def test_a_cluster_whose_kubeconfig_points_elsewhere_is_refused_and_still_deleted(tmp_path, kubectl):
    class Hijacked(FakeKind):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs, context="prod-admin")

    run_dir = tmp_path / "run"
    run_dir.mkdir()
    with pytest.raises(guard.GuardError, match="prod-admin"):
        with plugin.clusters(("calico",), run_dir, (tmp_path,), str(kubectl), Hijacked, helm=lambda: "/bin/true"):
            pass
    assert calls(kubectl) == []  # nothing was installed into it
    assert FakeKind.made[0].events == ["create", "delete"]


def test_keep_cluster_keeps_it(tmp_path, kubectl):
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    with plugin.clusters(("calico",), run_dir, (tmp_path,), str(kubectl), FakeKind, helm=lambda: "/bin/true", keep=True):
        pass
    assert FakeKind.made[0].events == ["create"]
