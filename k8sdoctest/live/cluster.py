"""kind cluster for the live tier: the config it is made from, its name, and its lifecycle."""

from __future__ import annotations

import os
import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import settings
from ..model import CNIS
from . import guard
from .pins import Pins, Timeouts

POD_SUBNET = "10.244.0.0/16"
SERVICE_SUBNET = "10.96.0.0/16"
ZONES = ("zone-a", "zone-b")


def cluster_name(cni: str, token: str | None = None) -> str:
    """`k8sdoctest-calico-1a2b3c`: the guard's prefix, the CNI, and a per-run token."""
    if cni not in CNIS:
        raise ValueError(f"unknown CNI {cni!r}: use one of {', '.join(CNIS)}")
    return f"{guard.PREFIX}{cni}-{token or secrets.token_hex(3)}"


def kind_config(cni: str) -> str:
    """One control plane and two workers, each worker in its own zone, no default CNI."""
    networking: dict[str, object] = {"disableDefaultCNI": True, "podSubnet": POD_SUBNET, "serviceSubnet": SERVICE_SUBNET}
    if cni == "cilium":
        networking["kubeProxyMode"] = "none"  # Cilium replaces kube-proxy
    nodes: list[dict[str, object]] = [{"role": "control-plane"}]
    nodes += [{"role": "worker", "labels": {"topology.kubernetes.io/zone": zone}} for zone in ZONES]
    config = {"kind": "Cluster", "apiVersion": "kind.x-k8s.io/v1alpha4", "networking": networking, "nodes": nodes}
    return yaml.safe_dump(config, sort_keys=False)


@dataclass
class LiveCluster:
    """A kind cluster this run created, reached only through its own kubeconfig."""

    cni: str
    name: str
    run_dir: Path
    kubectl: str
    pins: Pins
    timeouts: Timeouts

    @property
    def kubeconfig(self) -> Path:
        return self.run_dir / "kubeconfig"

    @property
    def env(self) -> dict[str, str]:
        """The environment of every live command: this cluster's kubeconfig only."""
        keep = {k: v for k, v in settings.environ().items() if k in ("HOME", "LANG", "TMPDIR")}
        # The pinned kubectl comes first on PATH, so scripts run the version the grammar check used.
        path = os.pathsep.join([str(Path(self.kubectl).parent), settings.environ().get("PATH", "")])
        return {**keep, "PATH": path, "KUBECONFIG": str(self.kubeconfig)}

    def guarded(self) -> None:
        guard.check(self.kubeconfig, self.run_dir, self.name)

    def run(self, *args: str, input: str | None = None, timeout: int | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
        """kubectl against this cluster, after the guard agrees."""
        self.guarded()
        return subprocess.run(
            [self.kubectl, "--kubeconfig", str(self.kubeconfig), *args],
            input=input, capture_output=True, text=True, env=self.env, check=check,
            timeout=timeout or self.timeouts.apply,
        )
