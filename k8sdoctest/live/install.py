"""What is installed into a fresh kind cluster, in which order, with which waits.

`plan()` is pure: the steps are data, so their order is unit-tested everywhere;
`execute()` runs them against a guarded cluster.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..checks import crdsets
from .cluster import POD_SUBNET, LiveCluster
from .pins import Pins, Timeouts

# Of the pinned CRD sets, those a cluster needs for the guide's examples, by name prefix: the newest standard set of each
# (tests/live/test_install.py checks that they serve every custom resource a live block applies). network-policy-api
# twice: v0.1 serves AdminNetworkPolicy (v1alpha1), v0.2 replaced it with ClusterNetworkPolicy (v1alpha2); no kind is in both.
CLUSTER_CRDS = ("gateway-api-", "prometheus-operator-", "network-policy-api-v0.1.", "network-policy-api-v0.2.")
# API groups whose resources the CNI itself serves (its operator or chart installs the CRDs, or an API server).
CNI_GROUPS = frozenset({"cilium.io", "projectcalico.org", "crd.projectcalico.org"})


@dataclass(frozen=True)
class Step:
    name: str
    program: str  # kubectl | helm
    args: tuple[str, ...]
    timeout: int
    stdin: str | None = None


def calico_installation() -> str:
    """The operator's Installation and APIServer: the pod CIDR must match the kind config."""
    installation = {
        "apiVersion": "operator.tigera.io/v1", "kind": "Installation", "metadata": {"name": "default"},
        "spec": {"calicoNetwork": {"ipPools": [{"name": "default-ipv4-ippool", "cidr": POD_SUBNET, "encapsulation": "VXLANCrossSubnet",
                                                "natOutgoing": "Enabled", "nodeSelector": "all()"}]}},
    }
    api_server = {"apiVersion": "operator.tigera.io/v1", "kind": "APIServer", "metadata": {"name": "default"}, "spec": {}}
    return yaml.safe_dump_all([installation, api_server], sort_keys=False)


def cni_steps(cni: str, cluster_name: str, pins: Pins, t: Timeouts) -> list[Step]:
    if cni == "calico":
        base = f"https://raw.githubusercontent.com/projectcalico/calico/{pins.calico}/manifests"
        return [
            Step("calico operator CRDs", "kubectl", ("create", "-f", f"{base}/operator-crds.yaml"), t.apply),
            Step("tigera operator", "kubectl", ("create", "-f", f"{base}/tigera-operator.yaml"), t.apply),
            Step("operator ready", "kubectl", ("wait", "-n", "tigera-operator", "deploy/tigera-operator",
                                               "--for=condition=Available", f"--timeout={t.cni}s"), t.cni + 30),
            Step("calico installation", "kubectl", ("apply", "-f", "-"), t.apply, calico_installation()),
            Step("calico available", "kubectl", ("wait", "tigerastatus/calico", "--for=condition=Available",
                                                 f"--timeout={t.cni}s"), t.cni + 30),
        ]
    if cni == "cilium":
        return [
            Step("cilium chart repo", "helm", ("repo", "add", "cilium", "https://helm.cilium.io/", "--force-update"), t.apply),
            Step("cilium", "helm", ("upgrade", "--install", "cilium", "cilium/cilium", "--version", pins.cilium,
                                    "--namespace", "kube-system", "--set", "kubeProxyReplacement=true",
                                    "--set", f"k8sServiceHost={cluster_name}-control-plane", "--set", "k8sServicePort=6443",
                                    "--set", "ipam.mode=kubernetes", "--wait", f"--timeout={t.cni}s"), t.cni + 30),
            Step("cilium agents ready", "kubectl", ("-n", "kube-system", "rollout", "status", "ds/cilium",
                                                    f"--timeout={t.cni}s"), t.cni + 30),
        ]
    raise ValueError(f"unknown CNI {cni!r}")


def plan(cni: str, cluster_name: str, crd_dirs: tuple[Path, ...], pins: Pins, t: Timeouts) -> list[Step]:
    """CNI first (nodes stay NotReady without one), then nodes and DNS, then the CRDs the guide uses."""
    steps = cni_steps(cni, cluster_name, pins, t)
    steps.append(Step("nodes ready", "kubectl", ("wait", "nodes", "--all", "--for=condition=Ready", f"--timeout={t.cni}s"), t.cni + 30))
    steps.append(Step("coredns ready", "kubectl", ("-n", "kube-system", "rollout", "status", "deploy/coredns", f"--timeout={t.ready}s"),
                      t.ready + 30))
    names = sorted({d.name for root in crd_dirs if root.is_dir() for d in root.iterdir() if d.is_dir()})
    for prefix in CLUSTER_CRDS:
        # one set per project, the one the static tier checks against by default: never standard and experimental
        # channels (or two versions) applied one over the other; a set may span directories (crds and crds-next)
        chosen = crdsets.default_set(names, prefix)
        if chosen is not None:
            files = tuple(a for root in crd_dirs if (root / chosen).is_dir() for a in ("-f", str(root / chosen)))
            steps.append(Step(f"CRDs {chosen}", "kubectl", ("apply", "--server-side", *files), t.apply))
    return steps


class InstallError(RuntimeError):
    pass


def execute(cluster: LiveCluster, steps: list[Step], helm: str) -> None:
    for step in steps:
        cluster.guarded()
        if step.program == "kubectl":
            proc = cluster.run(*step.args, input=step.stdin, timeout=step.timeout, check=False)
        else:
            proc = subprocess.run([helm, "--kubeconfig", str(cluster.kubeconfig), *step.args], capture_output=True, text=True,
                                  env=cluster.env, timeout=step.timeout, check=False)
        if proc.returncode != 0:
            raise InstallError(f"{cluster.cni}: step {step.name!r} failed: {proc.stderr.strip()[-2000:]}")
