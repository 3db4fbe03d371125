"""The safety guard: live steps touch only the kind cluster this run created.

Names are not enough (security review 3): the guard reads the effective configuration
kubectl will use, the current context's cluster, its server URL and CA, and its user,
and accepts only
- a kubeconfig inside the run's own directory whose only context is `kind-<name>`, <name>
  carrying the run's prefix;
- an API server on a loopback address (kind publishes it on 127.0.0.1);
- the server URL and CA first seen right after `kind create` (pinned in the run directory),
  so a later `kubectl config set-cluster … --server=https://prod…` is refused;
- a user without `exec` or `auth-provider` (they run commands of the kubeconfig's choosing).

Shell blocks reach kubectl through a wrapper (k8sdoctest/live/wrapper.py) that refuses every
flag or command that would change the target before it runs, then asks this guard again.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

PREFIX = "k8sdoctest-"
PIN = "guard-pin.json"

# kubectl/helm flags and commands that choose another cluster, user or credentials.
TARGET_FLAGS = (
    "--kubeconfig", "--server", "--token", "--context", "--cluster", "--user", "--as", "--as-group", "--as-uid",
    "--username", "--password", "--certificate-authority", "--client-certificate", "--client-key", "--tls-server-name",
    "--insecure-skip-tls-verify", "--kube-context", "--kube-apiserver", "--kube-token", "--kube-as-user", "--kube-ca-file",
)
SHORT_TARGET_FLAGS = ("-s",)  # kubectl's short --server
SCRIPT_ESCAPES = re.compile(
    r"(?P<flag>(?<![\w-])--(?:kubeconfig|server|token|context|cluster|user|as|as-group|as-uid|username|password|"
    r"certificate-authority|client-certificate|client-key|tls-server-name|insecure-skip-tls-verify|kube-context|"
    r"kube-apiserver|kube-token|kube-as-user|kube-ca-file)(?![\w-]))"
    r"|(?P<config>\bkubectl\s+(?:--?\S+\s+)*config\b)"
    r"|(?P<env>\bKUBECONFIG\s*\+?=)"
)


class GuardError(RuntimeError):
    """The kubeconfig, context or command is not one this run created or allows."""


def script_escapes(text: str) -> list[str]:
    """What in a shell block would point kubectl elsewhere: each is refused before the block runs."""
    found = []
    for match in SCRIPT_ESCAPES.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        what = match.group("flag") or ("kubectl config" if match.group("config") else "KUBECONFIG=")
        found.append(f"line {line}: {what} would change which cluster kubectl talks to: the live tier refuses it")
    return found


def refused_args(args: list[str]) -> str | None:
    """Why a kubectl command line may not run (a target-changing flag or `kubectl config`), or None."""
    words = [a for a in args if not a.startswith("-")]
    for arg in args:
        if arg == "--":
            break
        name = arg.split("=", 1)[0]
        if name in TARGET_FLAGS or name in SHORT_TARGET_FLAGS or (arg.startswith("-s") and not arg.startswith("--") and len(arg) > 2):
            return f"kubectl {name}: changes the cluster or credentials kubectl uses: refused by the live guard"
    if words and words[0] == "config":
        return "kubectl config: changes the kubeconfig of the test cluster: refused by the live guard"
    return None


def _loopback(server: str) -> bool:
    host = urlsplit(server).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _named(config: dict[str, Any], kind: str, name: Any) -> dict[str, Any]:
    for entry in config.get(kind) or []:
        if isinstance(entry, dict) and entry.get("name") == name:
            return entry.get(kind.removesuffix("s")) or {}
    return {}


def effective(config: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """(server, CA digest, user) of the current context: what kubectl will talk to and as whom."""
    context = _named(config, "contexts", config.get("current-context"))
    cluster = _named(config, "clusters", context.get("cluster"))
    server = str(cluster.get("server") or "")
    ca = str(cluster.get("certificate-authority-data") or "")
    if cluster.get("certificate-authority") or cluster.get("insecure-skip-tls-verify"):
        raise GuardError("the test cluster's CA must be embedded (certificate-authority-data) and TLS verified")
    return server, hashlib.sha256(ca.encode()).hexdigest() if ca else "", _named(config, "users", context.get("user"))


def check(kubeconfig: Path, run_dir: Path, cluster_name: str) -> None:
    """Raise GuardError unless `kubeconfig` is this run's own, for `cluster_name`, and still points where it did."""
    if not cluster_name.startswith(PREFIX):
        raise GuardError(f"cluster {cluster_name!r} does not carry the {PREFIX!r} prefix of clusters this run creates")
    path = kubeconfig.resolve()
    if not path.is_relative_to(run_dir.resolve()):
        raise GuardError(f"kubeconfig {kubeconfig} is not inside this run's directory {run_dir}: refusing a foreign cluster")
    try:
        config = yaml.safe_load(path.read_text()) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise GuardError(f"cannot read kubeconfig {kubeconfig}: {exc}") from exc
    if not isinstance(config, dict):
        raise GuardError(f"kubeconfig {kubeconfig} is not a mapping")
    expected = f"kind-{cluster_name}"
    current = config.get("current-context")
    if current != expected:
        raise GuardError(f"current context is {current!r}, not {expected!r}: refusing to touch it")
    for context in config.get("contexts") or []:
        cluster = (context.get("context") or {}).get("cluster")
        if context.get("name") != expected or cluster != expected:
            raise GuardError(f"kubeconfig also holds context {context.get('name')!r} (cluster {cluster!r}): refusing it")
    server, ca, user = effective(config)
    if not _loopback(server):
        raise GuardError(f"the current context's API server is {server!r}, not a kind cluster on loopback: refusing it")
    if not ca:
        raise GuardError("the current context's cluster has no CA: refusing it")
    if "exec" in user or "auth-provider" in user or "tokenFile" in user:
        raise GuardError("the test cluster's user runs a credential command or reads a token file: refusing it")
    _pinned(run_dir, server, ca)


def _pinned(run_dir: Path, server: str, ca: str) -> None:
    """The first check (right after `kind create`) pins server and CA; every later one must find the same."""
    pin = run_dir / PIN
    if not pin.exists():
        pin.write_text(json.dumps({"server": server, "ca": ca}))
        pin.chmod(0o444)
        return
    try:
        seen = json.loads(pin.read_text())
    except (OSError, ValueError) as exc:
        raise GuardError(f"cannot read the guard's pin {pin}: {exc}") from exc
    if seen != {"server": server, "ca": ca}:
        raise GuardError(f"the kubeconfig now points at {server!r} (or another CA), not the cluster this run created "
                         f"({seen.get('server')!r}): refusing it")
