"""The safety guard: live steps touch only a cluster this run created.

A kubeconfig is accepted only if it lies inside the run's own directory and every
context in it points at a kind cluster whose name carries the run's prefix.
"""

from __future__ import annotations

from pathlib import Path

import yaml

PREFIX = "k8sdoctest-"


class GuardError(RuntimeError):
    """The kubeconfig or context is not one this run created."""


def check(kubeconfig: Path, run_dir: Path, cluster_name: str) -> None:
    """Raise GuardError unless `kubeconfig` is this run's own, for `cluster_name`."""
    if not cluster_name.startswith(PREFIX):
        raise GuardError(f"cluster {cluster_name!r} does not carry the {PREFIX!r} prefix of clusters this run creates")
    path = kubeconfig.resolve()
    if not path.is_relative_to(run_dir.resolve()):
        raise GuardError(f"kubeconfig {kubeconfig} is not inside this run's directory {run_dir}: refusing a foreign cluster")
    try:
        config = yaml.safe_load(path.read_text()) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise GuardError(f"cannot read kubeconfig {kubeconfig}: {exc}") from exc
    expected = f"kind-{cluster_name}"
    current = config.get("current-context")
    if current != expected:
        raise GuardError(f"current context is {current!r}, not {expected!r}: refusing to touch it")
    for context in config.get("contexts") or []:
        cluster = (context.get("context") or {}).get("cluster")
        if context.get("name") != expected or cluster != expected:
            raise GuardError(f"kubeconfig also holds context {context.get('name')!r} (cluster {cluster!r}): refusing it")
