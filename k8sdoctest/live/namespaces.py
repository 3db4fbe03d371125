"""Which namespaces a page's live tests create and delete."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any

from ..model import Page

# Never created or deleted by the live tier, even if a page names them.
SYSTEM = {"default", "kube-system", "kube-public", "kube-node-lease", "calico-system", "tigera-operator"}


def throwaway(page: str) -> str:
    """A DNS-1123 label unique to the page: `k8sdoctest-services-1a2b3c`."""
    slug = re.sub(r"[^a-z0-9]+", "-", page.lower().removeprefix("docs/").removesuffix(".md")).strip("-")[:40]
    digest = hashlib.sha256(page.encode()).hexdigest()[:6]
    return f"k8sdoctest-{slug}-{digest}"


def declared(objects: Iterable[dict[str, Any]]) -> set[str]:
    """Namespaces the page's objects name (or create), system namespaces excluded."""
    found = set()
    for obj in objects:
        if obj.get("kind") == "Namespace":
            found.add(str((obj.get("metadata") or {}).get("name")))
        namespace = (obj.get("metadata") or {}).get("namespace")
        if namespace:
            found.add(str(namespace))
    return found - SYSTEM


def for_page(page: Page) -> tuple[str, set[str]]:
    """The throwaway namespace for unnamespaced objects, and those the page declares."""
    return throwaway(page.path), declared(page.objects)
