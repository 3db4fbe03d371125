"""`k8sdoctest crds`: fetch the pinned upstream CRDs and check their sha256."""

from __future__ import annotations

import hashlib
import urllib.request
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Pinned:
    path: str
    sha256: str
    url: str


def pinned() -> list[Pinned]:
    data = yaml.safe_load(resources.files("k8sdoctest").joinpath("data/crds.yaml").read_text())
    return [Pinned(**item) for item in data["files"]]


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch(dest: Path, files: list[Pinned] | None = None, timeout: float = 60) -> list[str]:
    """Download what is missing or wrong; return one error line per file that fails."""
    errors = []
    for item in files or pinned():
        target = dest / item.path
        if target.is_file() and digest(target.read_bytes()) == item.sha256:
            continue
        try:
            with urllib.request.urlopen(item.url, timeout=timeout) as response:  # noqa: S310 (pinned URLs)
                data = response.read()
        except OSError as exc:
            errors.append(f"{item.path}: download failed: {exc}")
            continue
        if digest(data) != item.sha256:
            errors.append(f"{item.path}: sha256 {digest(data)} does not match the pinned {item.sha256}")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return errors
