"""One block against one live cluster: server dry-run, apply, wait, and what to collect on failure."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from ..model import Block, CheckResult, Finding, Page
from . import guard, namespaces, wrapper
from .cluster import LiveCluster
from .steps import Apply, ClusterFacts, DryRun, Events, NotRun, Plan, PodLogs, Rollout, Script, Step, plan_block

WARNING = re.compile(r"^Warning: (.*)$", re.MULTILINE)


def facts(cluster: LiveCluster) -> ClusterFacts:
    return ClusterFacts(cluster.cni, cluster.pins.node_version)


def result(cluster: LiveCluster, status: str, message: str, findings: list[Finding] | None = None) -> CheckResult:
    """A live result: tier, CNI and Kubernetes version are fields, not parts of a name."""
    kw = {"tier": "live", "cni": cluster.cni, "k8s": cluster.pins.node_version}
    if findings is not None:
        return CheckResult.from_findings("live", findings, message, **kw)
    return CheckResult("live", status, message, **kw)  # type: ignore[arg-type]


def server_warnings(stderr: str) -> list[str]:
    """`Warning: …` lines the API server sent back (deprecations and the like)."""
    return WARNING.findall(stderr)


def diagnostics(cluster: LiveCluster, namespaces: list[str], events: bool = True, logs: bool = True) -> str:
    """Events and Pod logs of the namespaces a failed block touched."""
    parts = []
    for ns in namespaces:
        if events:
            found = cluster.run("get", "events", "-n", ns, "--sort-by=.lastTimestamp", check=False)
            parts.append(f"--- events in {ns}\n{found.stdout[-4000:]}")
        pods = cluster.run("get", "pods", "-n", ns, "-o", "name", check=False).stdout.split() if logs else []
        for pod in pods[:5]:
            out = cluster.run("logs", "-n", ns, pod, "--all-containers", "--tail=30", check=False)
            parts.append(f"--- logs of {pod} in {ns}\n{(out.stdout or out.stderr)[-2000:]}")
    return "\n".join(parts)


def run_step(step: Step, block: Block, cluster: LiveCluster) -> list[Finding]:
    """One try step; its findings (an error fails the block)."""
    if isinstance(step, DryRun | Apply):
        args = ["apply", "--dry-run=server"] if isinstance(step, DryRun) else ["apply"]
        proc = cluster.run(*args, "-n", step.namespace, "-f", "-", input=block.text, check=False)
        found = [Finding("warning", "live", f"API server warning: {w}", -1) for w in server_warnings(proc.stderr)] if isinstance(step, DryRun) else []
        what = "server-side dry-run rejected it" if isinstance(step, DryRun) else "apply failed"
        return found + ([Finding("error", "live", f"{what}: {proc.stderr.strip()[-1500:]}", -1)] if proc.returncode else [])
    if isinstance(step, Rollout):
        wait = cluster.timeouts.ready
        proc = cluster.run("rollout", "status", "-n", step.namespace, step.target, f"--timeout={wait}s", timeout=wait + 30, check=False)
        return [Finding("error", "live", f"{step.target} in {step.namespace} not ready within {wait}s", -1)] if proc.returncode else []
    if isinstance(step, Script):
        return run_script(block, cluster)
    return []


def run_catch(step: Step, cluster: LiveCluster) -> str:
    """A diagnostic step's text (events, pod logs)."""
    if isinstance(step, Events):
        return diagnostics(cluster, [step.namespace], logs=False)
    if isinstance(step, PodLogs):
        return diagnostics(cluster, [step.namespace], events=False)
    return ""


def execute(plan: Plan | NotRun, block: Block, cluster: LiveCluster) -> CheckResult:
    """Try steps in order until one fails; on failure, the catch steps' diagnostics join the finding."""
    if isinstance(plan, NotRun):
        return CheckResult.not_run("live", plan.reason, tier="live", cni=cluster.cni, k8s=cluster.pins.node_version)
    findings: list[Finding] = []
    for step in plan.try_:
        found = run_step(step, block, cluster)
        findings += found
        if any(f.level == "error" for f in found):
            details = "\n".join(t for s in plan.catch if (t := run_catch(s, cluster)))
            if details:
                findings.append(Finding("info", "live", f"diagnostics:\n{details}", -1))
            break
    return result(cluster, "", plan.note, findings)


def run_script(block: Block, cluster: LiveCluster) -> list[Finding]:
    """A shell block, with the test cluster's kubeconfig only, in a temporary directory, with a timeout.

    Anything in the text that would point kubectl elsewhere is refused before it runs; at run time
    the only `kubectl` on PATH is the guarded wrapper (k8sdoctest/live/wrapper.py).
    """
    escapes = guard.script_escapes(block.text)
    if escapes:
        return [Finding("error", "live", f"not run: {e}", -1) for e in escapes]
    cluster.guarded()
    with tempfile.TemporaryDirectory(prefix="k8sdoctest-bash-") as tmp:
        bin_dir = Path(tmp) / ".k8sdoctest-bin"
        wrapper.write(bin_dir, cluster.kubectl, cluster.kubeconfig, cluster.run_dir, cluster.name)
        path = os.pathsep.join([str(bin_dir), *(p for p in cluster.env["PATH"].split(os.pathsep) if p != str(Path(cluster.kubectl).parent))])
        env = {**cluster.env, "HOME": tmp, "PATH": path}
        try:
            proc = subprocess.run(["bash", "-c", block.text], cwd=tmp, env=env, capture_output=True, text=True,
                                  timeout=cluster.timeouts.bash, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return [Finding("error", "live", f"timed out after {cluster.timeouts.bash}s", -1)]
    return [Finding("error", "live", f"exit {proc.returncode}: {proc.stderr.strip()[-1500:]}", -1)] if proc.returncode else []


def ensure_namespaces(cluster: LiveCluster, page: Page, state: dict[str, Any]) -> str:
    """Create, once per page and cluster, the page's throwaway namespace and those it declares."""
    key = f"namespaces:{cluster.cni}"
    if key not in state:
        throwaway, declared = namespaces.for_page(page)
        created = []
        for ns in sorted({throwaway, *declared}):
            if cluster.run("get", "namespace", ns, check=False).returncode != 0:
                cluster.run("create", "namespace", ns)
                created.append(ns)
        state[key] = (throwaway, created)
    return str(state[key][0])


def delete_namespaces(clusters: dict[str, LiveCluster], state: dict[str, Any]) -> None:
    """Teardown: delete what ensure_namespaces created, even when a block failed."""
    for cni, cluster in clusters.items():
        _, created = state.pop(f"namespaces:{cni}", (None, []))
        for ns in created:
            cluster.run("delete", "namespace", ns, "--wait=true", f"--timeout={cluster.timeouts.namespace}s",
                        timeout=cluster.timeouts.namespace + 30, check=False)


def evaluate(block: Block, page: Page, clusters: dict[str, LiveCluster], state: dict[str, Any]) -> list[CheckResult]:
    """The block on every live cluster of the session: plan, then execute."""
    results = []
    for cluster in clusters.values():
        namespace = ensure_namespaces(cluster, page, state)
        results.append(execute(plan_block(block, facts(cluster), namespace), block, cluster))
    return results
