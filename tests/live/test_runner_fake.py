"""The live runner against a stand-in kubectl: what it calls, in which order, and what it reports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from k8sdoctest.live import runner
from k8sdoctest.live.cluster import LiveCluster
from k8sdoctest.live.pins import Pins, Timeouts

from ..helpers import md_blocks, md_page

NAME = "k8sdoctest-calico-abc123"
KUBECONFIG = {
    "current-context": f"kind-{NAME}", "contexts": [{"name": f"kind-{NAME}", "context": {"cluster": f"kind-{NAME}", "user": f"kind-{NAME}"}}],
    "clusters": [{"name": f"kind-{NAME}", "cluster": {"server": "https://127.0.0.1:40123", "certificate-authority-data": "Q0E="}}],
    "users": [{"name": f"kind-{NAME}", "user": {"client-certificate-data": "Yw==", "client-key-data": "aw=="}}],
}
DEPLOY = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec: {}\n"


@pytest.fixture
def fake(tmp_path, monkeypatch):
    """A cluster whose kubectl is the stand-in; `fake.rules(...)` sets its answers, `fake.calls()` reads its log."""
    monkeypatch.setenv("K8SDOCTEST_NODE", "newest")
    kubectl = tmp_path / "bin" / "kubectl"
    kubectl.parent.mkdir()
    shutil.copy(Path(__file__).parent / "fake_kubectl.py", kubectl)
    kubectl.chmod(0o755)
    (tmp_path / "kubeconfig").write_text(yaml.safe_dump(KUBECONFIG))
    cluster = LiveCluster("calico", NAME, tmp_path, str(kubectl), Pins(), Timeouts())

    class Fake:
        def rules(self, *rules: dict) -> None:
            (kubectl.parent / "fake.json").write_text(json.dumps(list(rules)))

        def calls(self) -> list[list[str]]:
            log = kubectl.parent / "calls.log"
            return [json.loads(line)["args"] for line in log.read_text().splitlines()] if log.exists() else []

    f = Fake()
    f.rules()
    f.cluster = cluster  # type: ignore[attr-defined]
    return f


def block(text: str, directive: str = ""):
    head = f"<!-- k8sdoctest: {directive} -->\n" if directive else ""
    (b,) = md_blocks(f"{head}```yaml\n{text}```\n")
    return b


def run(b, cluster, ns="tmp"):
    """Plan (pure), then execute against the stand-in kubectl."""
    return runner.execute(runner.plan_block(b, runner.facts(cluster), ns), b, cluster)


def said(result) -> str:
    return "\n".join([result.message, *(f.message for f in result.findings)])


def test_dry_run_then_apply_then_rollout(fake):
    result = run(block(DEPLOY), fake.cluster, "tmp-ns")
    assert result.status == "passed" and "kind 1.37 + calico" in result.message
    calls = fake.calls()
    assert "--dry-run=server" in calls[0] and "apply" in calls[1] and "--dry-run=server" not in calls[1]
    assert "rollout" in calls[2] and "deployment/web" in calls[2] and "shop" in calls[2]


def test_server_warning_is_a_finding_and_rejection_fails(fake):
    fake.rules({"match": ["--dry-run=server"], "stderr": "Warning: annotation x is deprecated\n"})
    warned = run(block(DEPLOY), fake.cluster)
    assert warned.status == "passed" and warned.findings[0].level == "warning" and "annotation x" in warned.findings[0].message
    fake.rules({"match": ["--dry-run=server"], "stderr": "Error: spec.ports: Required value", "rc": 1})
    rejected = run(block(DEPLOY), fake.cluster)
    assert rejected.status == "failed" and "Required value" in rejected.message
    assert not any("apply" in c and "--dry-run=server" not in c for c in fake.calls()[2:])  # never applied


def test_cloud_only_blocks_are_dry_run_only(fake):
    result = run(block(DEPLOY, "live=dry-run"), fake.cluster)
    assert result.status == "passed" and "not applied" in result.message
    assert len(fake.calls()) == 1


def test_rollout_failure_collects_events_and_logs(fake):
    fake.rules(
        {"match": ["rollout"], "rc": 1, "stderr": "timed out"},
        {"match": ["events"], "stdout": "Back-off pulling image"},
        {"match": ["pods", "-o", "name"], "stdout": "pod/web-1\n"},
        {"match": ["logs"], "stdout": "panic: boom"},
    )
    result = run(block(DEPLOY), fake.cluster)
    assert result.status == "failed"
    assert "Back-off pulling image" in said(result) and "panic: boom" in said(result)


def test_apply_failure_also_collects_diagnostics(fake):
    fake.rules({"match": ["apply", "-n"], "rc": 1, "stderr": "admission webhook denied"}, {"match": ["events"], "stdout": "FailedCreate"})
    result = run(block(DEPLOY, "live=apply"), fake.cluster)
    assert result.status == "failed" and "FailedCreate" in said(result)


def test_the_plan_is_data_and_runs_nothing(fake):
    from k8sdoctest.live import steps

    plan = runner.plan_block(block(DEPLOY), steps.ClusterFacts("calico", "1.37"), "tmp")
    assert [type(s).__name__ for s in plan.try_] == ["DryRun", "Apply", "Rollout"]
    assert {type(s).__name__ for s in plan.catch} == {"Events", "PodLogs"}
    assert fake.calls() == []


@pytest.mark.parametrize(
    ("directive", "reason"),
    [("cni=cilium", "for cilium only"), ("k8s=1.30-1.33", "does not claim Kubernetes 1.37"),
     ('skip="live: 只在 ACK 中存在"', "只在 ACK 中存在"), ("live=none", "live=none")],
)
def test_blocks_that_do_not_run_say_why_and_call_nothing(fake, directive, reason):
    result = run(block(DEPLOY, directive), fake.cluster)
    assert result.status == "not-run" and reason in result.message
    assert fake.calls() == []


def test_bash_runs_with_the_clusters_kubeconfig_only(fake, tmp_path, monkeypatch):
    monkeypatch.setenv("KUBECONFIG", "/root/.kube/config")  # a foreign cluster in the caller's environment
    (b,) = md_blocks('```bash\nkubectl get pods\necho "$KUBECONFIG" > /dev/stderr\nexit 3\n```\n')
    result = run(b, fake.cluster)
    assert result.status == "failed" and str(tmp_path / "kubeconfig") in said(result) and "exit 3" in said(result)
    assert fake.calls()[0][2:] == ["get", "pods"]  # the pinned kubectl through the guarded wrapper (then the diagnostics)
    (interactive,) = md_blocks('<!-- k8sdoctest: interactive=true -->\n```bash\nkubectl edit cm x\n```\n')
    assert run(interactive, fake.cluster).status == "not-run"


def test_page_namespaces_are_created_once_and_deleted(fake):
    fake.rules({"match": ["get", "namespace", "shop"], "rc": 0}, {"match": ["get", "namespace"], "rc": 1})
    state: dict = {}
    page = md_page(f"```yaml\n{DEPLOY}```\n")
    ns = runner.ensure_namespaces(fake.cluster, page, state)
    runner.ensure_namespaces(fake.cluster, page, state)
    created = [call[call.index("namespace") + 1] for call in fake.calls() if "create" in call]
    assert created == [ns]  # shop already existed: it is neither created nor deleted
    runner.delete_namespaces({"calico": fake.cluster}, state)
    deleted = [call[call.index("namespace") + 1] for call in fake.calls() if "delete" in call]
    assert deleted == [ns] and state == {}


def test_install_runs_every_step_in_order_and_stops_at_the_first_failure(fake, tmp_path):
    from k8sdoctest.live import install

    steps = install.plan("calico", NAME, (tmp_path / "no-crds",), Pins(), Timeouts())
    install.execute(fake.cluster, steps, helm="/bin/false")
    assert [c[2] if c[0] == "--kubeconfig" else c[0] for c in fake.calls()][:2] == ["create", "create"]
    assert len(fake.calls()) == len(steps)
    fake.rules({"match": ["tigerastatus/calico"], "rc": 1, "stderr": "timed out waiting for the condition"})
    with pytest.raises(install.InstallError, match="step 'calico available' failed: timed out"):
        install.execute(fake.cluster, steps, helm="/bin/false")


def block_calls(fake) -> list[list[str]]:
    """The calls a block made, without the runner's diagnostics after a failure (events, Pod names, logs)."""
    return [c for c in fake.calls() if "events" not in c and "logs" not in c and c[-2:] != ["-o", "name"]]


@pytest.mark.parametrize("script", [
    "kubectl --kubeconfig=/root/.kube/config get pods",
    "kubectl --server=https://prod.example.com --token=abc get pods",
    "kubectl --context prod get pods",
    "export KUBECONFIG=/root/.kube/config\nkubectl get pods",
    "KUBECONFIG=/home/me/.kube/config kubectl get pods",
    f"kubectl config set-cluster kind-{NAME} --server=https://prod.example.com",
    "helm --kube-context prod list",
])
def test_bash_escapes_are_refused_before_running(fake, script):
    """Security review 3: each escape from the review, refused with a finding; nothing reaches kubectl."""
    (b,) = md_blocks(f"```bash\n{script}\n```\n")
    result = run(b, fake.cluster)
    assert result.status == "failed" and "the live tier refuses it" in said(result)
    assert block_calls(fake) == []


@pytest.mark.parametrize("script", [
    'flag="-""-server=https://prod"; kubectl "$flag" get pods',
    'v=KUBE; declare -x "${v}CONFIG=/root/.kube/config"; kubectl get pods',
    'kubectl "con""fig" view --raw',
    "unset KUBECONFIG; kubectl get pods",
])
def test_escapes_hidden_from_the_text_are_refused_by_the_wrapper(fake, script):
    """What the text scan cannot see, the `kubectl` on PATH (the guarded wrapper) refuses at run time."""
    (b,) = md_blocks(f"```bash\n{script}\n```\n")
    result = run(b, fake.cluster)
    assert result.status == "failed" and "k8sdoctest guard:" in said(result)
    assert block_calls(fake) == []


def test_the_wrapper_forces_the_runs_kubeconfig(fake):
    (b,) = md_blocks("```bash\nkubectl get pods\n```\n")
    assert run(b, fake.cluster).status == "passed"
    assert fake.calls()[0][:2] == ["--kubeconfig", str(fake.cluster.kubeconfig)]
