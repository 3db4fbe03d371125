"""Pinned versions and timeouts of the live tier; every value can be overridden from the environment."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import settings

# kind v0.33.0's release notes list the node images built for it (digest-pinned).
NODE_IMAGES = {
    "oldest": "kindest/node:v1.34.11@sha256:44e222ee2132dab25ff87301682f89eb82c7880ea3a1bf543bfe9708fd08d67d",
    "newest": "kindest/node:v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5",
}


def _env(name: str, default: str) -> str:
    return settings.environ().get(f"K8SDOCTEST_{name}", default)


@dataclass(frozen=True)
class Pins:
    kind: str = field(default_factory=lambda: _env("KIND_VERSION", "v0.33.0"))
    node_image: str = field(default_factory=lambda: _env("NODE_IMAGE", NODE_IMAGES[_env("NODE", "newest")]))
    calico: str = field(default_factory=lambda: _env("CALICO_VERSION", "v3.32.1"))
    cilium: str = field(default_factory=lambda: _env("CILIUM_VERSION", "1.19.4"))
    probe_image: str = field(default_factory=lambda: _env("PROBE_IMAGE", "registry.k8s.io/e2e-test-images/agnhost:2.53"))
    dns_image: str = field(default_factory=lambda: _env("DNS_IMAGE", "registry.k8s.io/e2e-test-images/jessie-dnsutils:1.7"))

    @property
    def node_version(self) -> str:
        """`1.37` from `kindest/node:v1.37.0@sha256:…`."""
        tag = self.node_image.split(":")[1].split("@")[0].lstrip("v")
        return ".".join(tag.split(".")[:2])


def _seconds(name: str, default: int) -> int:
    return int(_env(f"TIMEOUT_{name}", str(default)))


@dataclass(frozen=True)
class Timeouts:
    """Every live operation is bounded (seconds)."""

    cni: int = field(default_factory=lambda: _seconds("CNI", 600))
    apply: int = field(default_factory=lambda: _seconds("APPLY", 60))
    ready: int = field(default_factory=lambda: _seconds("READY", 300))
    probe: int = field(default_factory=lambda: _seconds("PROBE", 10))
    bash: int = field(default_factory=lambda: _seconds("BASH", 120))
    namespace: int = field(default_factory=lambda: _seconds("NAMESPACE", 120))
