"""Helpers for the behaviour tests of the live tier: namespaces, probe Pods, retries."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from k8sdoctest.live.cluster import LiveCluster

SNIPPETS = Path(__file__).resolve().parents[2] / "snippets"


@pytest.fixture(params=["calico", "cilium"])
def cluster(request, live_clusters) -> LiveCluster:
    if request.param not in live_clusters:
        pytest.skip(f"{request.param} is not selected in this run (--cni)")
    return live_clusters[request.param]


@pytest.fixture
def namespaces(cluster) -> Iterator[Callable[..., None]]:
    """Create namespaces for one test; delete them afterwards, even when the test fails."""
    made: list[str] = []

    def create(*names: str) -> None:
        for ns in names:
            cluster.run("create", "namespace", ns)
            made.append(ns)

    yield create
    for ns in made:
        cluster.run("delete", "namespace", ns, "--wait=true", f"--timeout={cluster.timeouts.namespace}s",
                    timeout=cluster.timeouts.namespace + 30, check=False)


def apply_snippet(cluster: LiveCluster, path: str) -> None:
    cluster.run("apply", "-f", "-", input=(SNIPPETS / path).read_text())


def pod(cluster: LiveCluster, ns: str, name: str, labels: dict[str, str], image: str, args: list[str], node: str | None = None) -> str:
    """A probe Pod; returns its IP once Ready."""
    spec: dict = {"containers": [{"name": "main", "image": image, "args": args}], "terminationGracePeriodSeconds": 1}
    if node:
        spec["nodeName"] = node
    manifest = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": ns, "labels": labels}, "spec": spec}
    cluster.run("apply", "-f", "-", input=json.dumps(manifest))
    cluster.run("wait", "-n", ns, f"pod/{name}", "--for=condition=Ready", f"--timeout={cluster.timeouts.ready}s",
                timeout=cluster.timeouts.ready + 30)
    return cluster.run("get", "-n", ns, f"pod/{name}", "-o", "jsonpath={.status.podIP}").stdout.strip()


def server(cluster: LiveCluster, ns: str, name: str, labels: dict[str, str], port: int = 8080) -> str:
    return pod(cluster, ns, name, labels, cluster.pins.probe_image, ["netexec", f"--http-port={port}"])


def connects(cluster: LiveCluster, ns: str, source: str, target: str, port: int) -> bool:
    proc = cluster.run("exec", "-n", ns, source, "--", "/agnhost", "connect", f"{target}:{port}",
                       f"--timeout={cluster.timeouts.probe}s", timeout=cluster.timeouts.probe + 30, check=False)
    return proc.returncode == 0


def eventually(check: Callable[[], bool], expected: bool, seconds: int = 60) -> bool:
    """Policies are programmed asynchronously: wait until `check()` gives `expected`, within a bound."""
    deadline = time.monotonic() + seconds
    while True:
        if check() == expected:
            return expected
        if time.monotonic() > deadline:
            return not expected
        time.sleep(2)
