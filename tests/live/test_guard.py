import pytest
import yaml

from k8sdoctest.live.guard import GuardError, check

NAME = "k8sdoctest-calico-abc123"


def kubeconfig(path, contexts, current):
    path.write_text(yaml.safe_dump({
        "apiVersion": "v1", "kind": "Config", "current-context": current,
        "contexts": [{"name": c, "context": {"cluster": c, "user": c}} for c in contexts],
    }))
    return path


def test_own_kubeconfig_is_accepted(tmp_path):
    check(kubeconfig(tmp_path / "kubeconfig", [f"kind-{NAME}"], f"kind-{NAME}"), tmp_path, NAME)


def test_foreign_kubeconfig_outside_the_run_dir_is_refused(tmp_path):
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    foreign = kubeconfig(tmp_path / "config", [f"kind-{NAME}"], f"kind-{NAME}")  # e.g. ~/.kube/config
    with pytest.raises(GuardError, match="not inside this run's directory"):
        check(foreign, run_dir, NAME)


def test_other_current_context_or_extra_context_is_refused(tmp_path):
    with pytest.raises(GuardError, match="current context is 'prod'"):
        check(kubeconfig(tmp_path / "a", ["prod", f"kind-{NAME}"], "prod"), tmp_path, NAME)
    with pytest.raises(GuardError, match="also holds context 'prod'"):
        check(kubeconfig(tmp_path / "b", [f"kind-{NAME}", "prod"], f"kind-{NAME}"), tmp_path, NAME)


def test_cluster_without_the_prefix_is_refused(tmp_path):
    with pytest.raises(GuardError, match="prefix"):
        check(kubeconfig(tmp_path / "c", ["kind-kind"], "kind-kind"), tmp_path, "kind")


def test_unreadable_kubeconfig_is_refused(tmp_path):
    (tmp_path / "k").write_text("{not yaml")
    with pytest.raises(GuardError, match="cannot read"):
        check(tmp_path / "k", tmp_path, NAME)


def test_every_kubectl_call_goes_through_the_guard(tmp_path):
    from k8sdoctest.live.cluster import LiveCluster
    from k8sdoctest.live.pins import Pins, Timeouts

    kubeconfig(tmp_path / "kubeconfig", ["prod"], "prod")
    cluster = LiveCluster("calico", NAME, tmp_path, "/bin/false", Pins(), Timeouts())
    with pytest.raises(GuardError):
        cluster.run("get", "pods")
    assert cluster.env["KUBECONFIG"] == str(tmp_path / "kubeconfig")
