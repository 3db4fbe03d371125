"""One block against one live cluster: server dry-run, apply, wait, and what to collect on failure."""

from __future__ import annotations

import re
import subprocess
import tempfile
from typing import Any

from ..checks.consistency import objects_in
from ..model import Block, CheckResult, Finding
from . import namespaces
from .cluster import LiveCluster

ROLLOUT = {"Deployment", "StatefulSet", "DaemonSet"}
WARNING = re.compile(r"^Warning: (.*)$", re.MULTILINE)


def name(cluster: LiveCluster) -> str:
    """`live:calico:1.37`: the report keeps one live check per CNI and node version."""
    return f"live:{cluster.cni}:{cluster.pins.node_version}"


def server_warnings(stderr: str) -> list[str]:
    """`Warning: …` lines the API server sent back (deprecations and the like)."""
    return WARNING.findall(stderr)


def rollout_targets(objects: list[dict[str, Any]], default_ns: str) -> list[tuple[str, str]]:
    """(namespace, kind/name) of every object whose readiness `kubectl rollout status` can wait for."""
    return [
        (str((o.get("metadata") or {}).get("namespace") or default_ns), f"{o['kind'].lower()}/{o['metadata']['name']}")
        for o in objects if o.get("kind") in ROLLOUT and (o.get("metadata") or {}).get("name")
    ]


def diagnostics(cluster: LiveCluster, namespaces: list[str]) -> str:
    """Events and Pod logs of the namespaces a failed block touched."""
    parts = []
    for ns in namespaces:
        events = cluster.run("get", "events", "-n", ns, "--sort-by=.lastTimestamp", check=False)
        parts.append(f"--- events in {ns}\n{events.stdout[-4000:]}")
        pods = cluster.run("get", "pods", "-n", ns, "-o", "name", check=False).stdout.split()
        for pod in pods[:5]:
            logs = cluster.run("logs", "-n", ns, pod, "--all-containers", "--tail=30", check=False)
            parts.append(f"--- logs of {pod} in {ns}\n{(logs.stdout or logs.stderr)[-2000:]}")
    return "\n".join(parts)


def apply_block(block: Block, cluster: LiveCluster, default_ns: str) -> CheckResult:
    """Server dry-run always; a real apply and readiness wait when the block may run on kind."""
    check = name(cluster)
    if "live" in block.meta.skip:
        return CheckResult.not_run(check, block.meta.skip["live"])
    if cluster.cni not in block.meta.cni:
        return CheckResult.not_run(check, f"the block is for {', '.join(block.meta.cni)} only")
    if block.meta.live == "none":
        return CheckResult.not_run(check, "the page marks this block as not for the test cluster (live=none)")
    if cluster.pins.node_version not in block.meta.k8s:
        return CheckResult.not_run(check, f"the block does not claim Kubernetes {cluster.pins.node_version}, the cluster's version")
    dry = cluster.run("apply", "--dry-run=server", "-n", default_ns, "-f", "-", input=block.text, check=False)
    findings = [Finding("warning", check, f"API server warning: {w}", -1) for w in server_warnings(dry.stderr)]
    if dry.returncode != 0:
        findings.append(Finding("error", check, f"server-side dry-run rejected it: {dry.stderr.strip()[-1500:]}", -1))
        return CheckResult.from_findings(check, findings, "")
    if block.meta.live == "dry-run":
        return CheckResult.from_findings(check, findings, f"server-side dry-run accepted on kind {cluster.pins.node_version} "
                                                          f"+ {cluster.cni} (cloud-only object: not applied)")
    applied = cluster.run("apply", "-n", default_ns, "-f", "-", input=block.text, check=False)
    if applied.returncode != 0:
        findings.append(Finding("error", check, f"apply failed: {applied.stderr.strip()[-1500:]}", -1))
        return CheckResult.from_findings(check, findings, "")
    objects = list(objects_in(block.text))
    for ns, target in rollout_targets(objects, default_ns):
        ready = cluster.run("rollout", "status", "-n", ns, target, f"--timeout={cluster.timeouts.ready}s",
                            timeout=cluster.timeouts.ready + 30, check=False)
        if ready.returncode != 0:
            findings.append(Finding("error", check, f"{target} in {ns} not ready within {cluster.timeouts.ready}s:\n"
                                                    f"{diagnostics(cluster, [ns])}", -1))
    return CheckResult.from_findings(check, findings, f"server dry-run, apply and readiness on kind {cluster.pins.node_version} + {cluster.cni}")


def run_bash(block: Block, cluster: LiveCluster) -> CheckResult:
    """A shell block, with the test cluster's kubeconfig only, in a temporary directory, with a timeout."""
    check = name(cluster)
    if "live" in block.meta.skip:
        return CheckResult.not_run(check, block.meta.skip["live"])
    if block.meta.interactive or block.meta.live != "apply":
        return CheckResult.not_run(check, "the page marks this block as interactive or not for the test cluster")
    cluster.guarded()
    with tempfile.TemporaryDirectory(prefix="k8sdoctest-bash-") as tmp:
        env = {**cluster.env, "HOME": tmp}
        try:
            proc = subprocess.run(["bash", "-c", block.text], cwd=tmp, env=env, capture_output=True, text=True,
                                  timeout=cluster.timeouts.bash, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return CheckResult.from_findings(check, [Finding("error", check, f"timed out after {cluster.timeouts.bash}s", -1)], "")
    if proc.returncode != 0:
        return CheckResult.from_findings(check, [Finding("error", check, f"exit {proc.returncode}: {proc.stderr.strip()[-1500:]}", -1)], "")
    return CheckResult(check, "passed", f"ran on kind {cluster.pins.node_version} + {cluster.cni} (exit 0)")


def ensure_namespaces(cluster: LiveCluster, block: Block, state: dict[str, Any]) -> str:
    """Create, once per page and cluster, the page's throwaway namespace and those it declares."""
    key = f"namespaces:{cluster.cni}"
    if key not in state:
        throwaway, declared = namespaces.for_page([block, *block.siblings])
        created = []
        for ns in sorted({throwaway, *declared}):
            if cluster.run("get", "namespace", ns, check=False).returncode != 0:
                cluster.run("create", "namespace", ns)
                created.append(ns)
        state[key] = (throwaway, created)
    return state[key][0]


def delete_namespaces(clusters: dict[str, LiveCluster], state: dict[str, Any]) -> None:
    """Teardown: delete what ensure_namespaces created, even when a block failed."""
    for cni, cluster in clusters.items():
        _, created = state.pop(f"namespaces:{cni}", (None, []))
        for ns in created:
            cluster.run("delete", "namespace", ns, "--wait=true", f"--timeout={cluster.timeouts.namespace}s",
                        timeout=cluster.timeouts.namespace + 30, check=False)


def evaluate(block: Block, clusters: dict[str, LiveCluster], state: dict[str, Any]) -> list[CheckResult]:
    """The block on every live cluster of the session."""
    results = []
    for cluster in clusters.values():
        namespace = ensure_namespaces(cluster, block, state)
        if block.language in ("yaml", "yml"):
            results.append(apply_block(block, cluster, namespace))
        elif block.language in ("bash", "sh", "shell"):
            results.append(run_bash(block, cluster))
    return results
