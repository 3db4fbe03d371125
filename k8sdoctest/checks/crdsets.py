"""Named CRD sets: which upstream CRD a custom resource is checked against.

A CRD directory holds one subdirectory per set, named `<project>-v<version>[-<channel>]`:
`gateway-api-v1.6.1` (standard channel), `gateway-api-v1.6.1-experimental`, `cilium-v1.19.4`,
`network-policy-api-v0.1.8` … Several directories may be read together (`../shared/crds` and
`../shared/crds-next`); a set that appears in more than one is the union of its files.

Several sets can serve the same (group, version, kind). The one used is never "the last file
read": a claim (`crds=gateway-api-experimental` on the block or `crds:` in the page's front matter,
read by source/claims into `Claims.crds`) picks a project's channel or version; without a claim,
the standard channel of the newest version wins. Files are parsed lazily: only those of the set used for the kind a block uses.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SET_NAME = re.compile(r"^(?P<project>[a-z0-9][a-z0-9-]*?)-v(?P<version>\d+(?:\.\d+)*)(?:-(?P<channel>[a-z]+))?$")
CLAIM = re.compile(r"^(?P<project>[a-z0-9][a-z0-9-]*?)(?:-v(?P<version>\d+(?:\.\d+)*))?(?:-(?P<channel>standard|experimental))?$")
STANDARD = "standard"
_GROUP = re.compile(r"^spec:\s*\n(?:[ \t]+.*\n)*?[ \t]+group:[ \t]*['\"]?(?P<group>[^\s'\"]+)", re.MULTILINE)
_KIND = re.compile(r"^[ \t]+names:\s*\n(?:[ \t]+.*\n)*?[ \t]+kind:[ \t]*['\"]?(?P<kind>[^\s'\"]+)", re.MULTILINE)

Key = tuple[str, str, str]  # (group, version, kind)


@dataclass(frozen=True)
class CrdSet:
    name: str
    project: str
    version: tuple[int, ...]
    channel: str

    @property
    def preference(self) -> tuple[bool, tuple[int, ...], str]:
        """Higher is preferred when nothing is claimed: the standard channel, then the newest version."""
        return (self.channel == STANDARD, self.version, self.name)


@dataclass(frozen=True, eq=False)  # hashed by identity: one object per parsed CRD version (cached)
class Served:
    crdset: str
    source: str  # `<set>/<file>`
    schema: dict[str, Any]
    deprecated: str | None
    scope: str


def parse_set(name: str) -> CrdSet:
    found = SET_NAME.match(name)
    if not found:  # a directory without a version: a set of its own, never preferred over a versioned one
        return CrdSet(name, name, (), STANDARD)
    version = tuple(int(p) for p in found.group("version").split("."))
    return CrdSet(name, found.group("project"), version, found.group("channel") or STANDARD)


def default_set(names: list[str], prefix: str) -> str | None:
    """Of the sets named `prefix…`, the one used when nothing is claimed: standard channel, newest version."""
    sets = [parse_set(n) for n in names if n.startswith(prefix)]
    return max(sets, key=lambda s: s.preference).name if sets else None


def claim_matches(word: str, crdset: CrdSet) -> bool:
    """`gateway-api`, `gateway-api-experimental`, `gateway-api-v1.6.1`, or the exact set name."""
    if word == crdset.name:
        return True
    found = CLAIM.match(word)
    if not found or found.group("project") != crdset.project:
        return False
    version = found.group("version")
    if version and tuple(int(p) for p in version.split(".")) != crdset.version:
        return False
    return (found.group("channel") or STANDARD) == crdset.channel


def claims_project(word: str, crdset: CrdSet) -> bool:
    found = CLAIM.match(word)
    return word == crdset.name or bool(found and found.group("project") == crdset.project)


@functools.cache
def files_by_set(roots: tuple[Path, ...]) -> dict[str, tuple[Path, ...]]:
    """Set name → its CRD files across every root. Files at a root's top level (e.g. crds-entries.yaml) are no set."""
    found: dict[str, list[Path]] = defaultdict(list)
    for root in roots:
        for path in sorted(root.rglob("*.y*ml")):
            rel = path.relative_to(root)
            if len(rel.parts) > 1:
                found[rel.parts[0]].append(path)
    return {name: tuple(paths) for name, paths in sorted(found.items())}


def _group_kind_of(path: Path) -> tuple[str | None, str | None]:
    """The CRD's spec.group and spec.names.kind read from the text, without parsing the (large) YAML."""
    text = path.read_text(encoding="utf-8", errors="replace")
    group, kind = _GROUP.search(text), _KIND.search(text)
    crds = text.count("CustomResourceDefinition")
    if not crds:
        return "", ""  # not a CRD file (a kustomization, a list): never parsed
    if crds != 1 or not group or not kind:
        return None, None  # several CRDs in one file, or an unusual layout: always parse it
    return group.group("group"), kind.group("kind")


@functools.cache
def kind_index(roots: tuple[Path, ...]) -> dict[tuple[str | None, str | None], tuple[tuple[str, Path], ...]]:
    """(group, kind) → (set, file); files the text scan cannot tell are under (None, None) and always parsed."""
    index: dict[tuple[str | None, str | None], list[tuple[str, Path]]] = defaultdict(list)
    for name, paths in files_by_set(roots).items():
        for path in paths:
            index[_group_kind_of(path)].append((name, path))
    return {key: tuple(items) for key, items in index.items()}


@functools.cache
def _parse(path: Path) -> tuple[dict[str, Any], ...]:
    return tuple(d for d in yaml.load_all(path.read_text(), Loader=_Loader)
                 if isinstance(d, dict) and d.get("kind") == "CustomResourceDefinition")


def _served_versions(crd: dict[str, Any], crdset: str, source: str) -> dict[Key, Served]:
    spec = crd["spec"]
    out: dict[Key, Served] = {}
    for version in spec.get("versions", []):
        if not version.get("served", True):
            continue
        schema = (version.get("schema") or {}).get("openAPIV3Schema", {"type": "object"})
        note = version.get("deprecationWarning") or ("deprecated" if version.get("deprecated") else None)
        key = (spec["group"], version["name"], spec["names"]["kind"])
        out[key] = Served(crdset, source, schema, note, spec.get("scope", "Namespaced"))
    return out


def _defining(roots: tuple[Path, ...], group: str, kind: str) -> dict[str, tuple[Path, ...]]:
    """Set → its files that may define (group, kind): those the text scan names, and those it cannot tell."""
    index = kind_index(roots)
    out: dict[str, list[Path]] = defaultdict(list)
    for name, path in index.get((group, kind), ()) + index.get((None, None), ()):
        out[name].append(path)
    return {name: tuple(paths) for name, paths in out.items()}


@functools.cache
def _served_by_set(roots: tuple[Path, ...], crdset: str, group: str, kind: str) -> dict[Key, Served]:
    """(group, version, kind) → schema, as one set serves the kind: only this set's files for it are parsed."""
    out: dict[Key, Served] = {}
    for path in _defining(roots, group, kind).get(crdset, ()):
        for crd in _parse(path):
            for key, served in _served_versions(crd, crdset, f"{crdset}/{path.name}").items():
                if key[0] == group and key[2] == kind:
                    out[key] = served
    return out


def served_kind(roots: tuple[Path, ...], group: str, kind: str) -> dict[Key, dict[str, Served]]:
    """(group, version, kind) → set → schema, over every set that defines the kind (each of their files parsed)."""
    out: dict[Key, dict[str, Served]] = defaultdict(dict)
    for name in _defining(roots, group, kind):
        for key, served in _served_by_set(roots, name, group, kind).items():
            out[key][name] = served
    return dict(out)


def kinds(roots: tuple[Path, ...]) -> list[tuple[str, str]]:
    """Every (group, kind) the directories define (as far as the text scan tells)."""
    return sorted(k for k in kind_index(roots) if k[0] and k[1])  # type: ignore[misc]


@dataclass
class Resolution:
    served: Served | None
    note: str = ""  # why this set (when there was a choice)
    error: str = ""


def resolve(roots: tuple[Path, ...], key: Key, claim: tuple[str, ...]) -> Resolution:
    """The set a (group, version, kind) is checked against, given the block's claim.

    Sets are tried in order of preference and the first that serves the version wins, so
    a run parses the CRD files of the set it uses and not those of every set that has the kind.
    """
    sets = {name: parse_set(name) for name in _defining(roots, key[0], key[2])}
    claimed = [w for w in claim if any(claims_project(w, s) for s in sets.values())]
    pool = [s for s in sets.values() if any(claim_matches(w, s) for w in claimed)] if claimed else list(sets.values())
    for crdset in sorted(pool, key=lambda s: s.preference, reverse=True):
        served = _served_by_set(roots, crdset.name, key[0], key[2]).get(key)
        if served is None:
            continue
        if claimed:
            return Resolution(served, note=f"claimed by crds={','.join(claimed)}")
        note = f"default of {len(sets)} sets: {', '.join(sorted(sets))}" if len(sets) > 1 else ""
        return Resolution(served, note=note)
    served_by = sorted(served_kind(roots, key[0], key[2]).get(key, {}))
    if claimed and served_by:
        return Resolution(None, error=f"crds={','.join(claimed)} does not serve {key[0]}/{key[1]} {key[2]} (served by: {', '.join(served_by)})")
    return Resolution(None)


def unknown_claims(roots: tuple[Path, ...], claim: tuple[str, ...]) -> list[str]:
    """Claim words that match no set in the CRD directories (a typo would silently claim nothing)."""
    sets = [parse_set(name) for name in files_by_set(roots)]
    return [w for w in claim if not any(claim_matches(w, s) for s in sets)]


def served_versions(roots: tuple[Path, ...], group: str, kind: str) -> list[str]:
    return sorted({v for (_, v, _) in served_kind(roots, group, kind)})
