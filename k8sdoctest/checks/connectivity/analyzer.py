"""Runs NCA (network-config-analyzer) in-process and judges each row against the connectivity it computes."""

from __future__ import annotations

import contextlib
import copy
import io
import sys
import tempfile
import threading
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .resources import is_k8s_network_policy, kind_of, matches, name_of, provides, topology, uses_host_network
from .table import ALLOW, DENY, PROTOCOLS, Endpoint, Port, Row

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

PARTIAL = "部分允许"
# NCA keeps its peers and dimensions in process-wide singletons: one analysis at a time.
_NCA_LOCK = threading.Lock()


@dataclass(frozen=True)
class RowResult:
    row: Row
    expected: str | None
    computed: str | None  # ALLOW | DENY | PARTIAL; None: not computed
    ok: bool
    message: str


@dataclass
class _Analysis:
    """NCA's answer for one page: its peers and the connections it allows."""

    peers: list[Any]
    allowed: Any  # nca ConnectivityProperties


def _analyse(policies: list[dict[str, Any]], namespaces: list[dict[str, Any]], workloads: list[dict[str, Any]]) -> _Analysis:
    """Runs NCA on the three resource lists (written to files: NCA's API reads paths)."""
    # Imported here: NCA takes ~0.05 s to import (0.17 s with the modules `_unused_by_nca` stands in for).
    with _unused_by_nca():
        from nca.CoreDS.Peer import BasePeerSet
        from nca.NetworkConfig.ResourcesHandler import ResourcesHandler  # imports every module that prints
        from nca.Resources.PolicyResources.NetworkPolicy import PolicyConnectionsFilter

    with tempfile.TemporaryDirectory(prefix="k8sdoctest-nca-") as tmp:
        paths = [_dump(Path(tmp) / f"{name}.yaml", docs) for name, docs in (("policies", policies), ("namespaces", namespaces), ("pods", workloads))]
        with _quiet():
            BasePeerSet.reset()  # as nca_cli does before each run: peers from an earlier page must not leak in
            config = ResourcesHandler().get_network_config([paths[0]], [paths[1]], [paths[2]], None)
            connections = config.allowed_connections(res_conns_filter=PolicyConnectionsFilter.only_all_allowed_connections())
    return _Analysis(list(config.peer_container.peer_set), connections.all_allowed_conns)


# Modules NCA imports at its own import for what this analysis never asks: repositories on GitHub
# (FileScanners/GitScanner: ghapi) and HTML explanations and graphs (Utils/ExplTracker,
# FWRules/InteractiveConnectivityGraph: bs4). Importing them is ~0.12 s of NCA's 0.17 s.
UNUSED_BY_NCA = {"ghapi": (), "ghapi.all": ("GhApi",), "bs4": ("BeautifulSoup",), "bs4.element": ("Tag",)}


class _NotAvailable:
    def __init__(self, *args: object, **kwargs: object) -> None:
        raise RuntimeError("k8sdoctest imported NCA without ghapi and bs4: its GitHub scanner and HTML explanations are not available")


@contextlib.contextmanager
def _unused_by_nca() -> Iterator[None]:
    """Stand-ins for UNUSED_BY_NCA while NCA is imported, then gone from sys.modules (a later import gets the real module).

    A module already imported is left as it is; a stand-in's classes fail if NCA ever used them.
    """
    added = []
    for name, attributes in UNUSED_BY_NCA.items():
        if name not in sys.modules:
            stand_in = types.ModuleType(name, "k8sdoctest: a stand-in while NCA is imported")
            for attribute in attributes:
                setattr(stand_in, attribute, _NotAvailable)
            sys.modules[name] = stand_in
            added.append((name, stand_in))
    try:
        yield
    finally:
        for name, stand_in in added:
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]


def _dump(path: Path, docs: list[dict[str, Any]]) -> str:
    # A List, so that a page without policies still gives NCA a file it reads as "no policies".
    path.write_text(yaml.dump({"apiVersion": "v1", "kind": "List", "items": docs}, Dumper=_Dumper, sort_keys=False))
    return str(path)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silences NCA's progress lines and warnings (they repeat what the rows say, about NCA's temporary files).

    NCA prints to sys.stdout and to the `stderr` its modules bound at import (`from sys import stderr`); when
    that import happened under a test's captured stream, the stream may be closed by now. So both go to a
    buffer: stdout by redirection, the modules' own `stderr` names by rebinding them for the run.
    """
    sink = io.StringIO()
    modules = [m for name, m in list(sys.modules.items()) if name.startswith("nca.") and hasattr(m, "stderr")]
    saved = [m.stderr for m in modules]
    for module in modules:
        module.stderr = sink  # type: ignore[attr-defined]  # NCA prints to its modules' own stderr
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            yield
    finally:
        for module, stream in zip(modules, saved, strict=True):
            module.stderr = stream  # type: ignore[attr-defined]


def _peers_for(endpoint: Endpoint, analysis: _Analysis) -> list[Any]:
    from nca.CoreDS.Peer import IpBlock, Pod

    if endpoint.cidr is not None:
        return [IpBlock(endpoint.cidr)]
    found = []
    for peer in analysis.peers:
        if not isinstance(peer, Pod):
            continue
        name = peer.owner_name or peer.name
        if matches(endpoint, peer.namespace.name, dict(peer.labels), name):
            found.append(peer)
    return found


def _connections(source: Any, target: Any, port: Port | None) -> Any:
    from nca.CoreDS.ConnectivityProperties import ConnectivityProperties
    from nca.CoreDS.Peer import PeerSet
    from nca.CoreDS.PortSet import PortSet
    from nca.CoreDS.ProtocolSet import ProtocolSet

    cube: dict[str, Any] = {"src_peers": PeerSet({source}), "dst_peers": PeerSet({target})}
    if port is not None:
        cube["protocols"] = ProtocolSet.get_protocol_set_with_single_protocol(port.protocol)
        cube["dst_ports"] = PortSet.make_port_set_with_range(port.low, port.high)
    return ConnectivityProperties.make_conn_props_from_dict(cube)


def _verdict(row: Row, analysis: _Analysis) -> tuple[str | None, str]:
    """(ALLOW | DENY | PARTIAL, what is allowed when partial), or (None, why) when the row cannot be computed."""
    assert row.source is not None and row.target is not None
    sources, targets = _peers_for(row.source, analysis), _peers_for(row.target, analysis)
    for endpoint, peers in ((row.source, sources), (row.target, targets)):
        if not peers:
            return None, f"{endpoint} 不对应本页的任何工作负载"
    # A Pod always reaches itself: NetworkPolicy does not apply to that pair.
    pairs = [(s, t) for s in sources for t in targets if s is not t]
    if not pairs:
        return None, f"{row.source} 与 {row.target} 是同一个 Pod：Pod 访问自身不受 NetworkPolicy 约束"
    scopes = [_connections(s, t, port) for s, t in pairs for port in row.ports or (None,)]
    if all(scope.contained_in(analysis.allowed) for scope in scopes):
        return ALLOW, ""
    if not any(scope & analysis.allowed for scope in scopes):
        return DENY, ""
    return PARTIAL, _allowed_part(pairs, row.ports, analysis)


def _allowed_part(pairs: list[tuple[Any, Any]], ports: tuple[Port, ...], analysis: _Analysis) -> str:
    """"只允许 TCP 53、UDP 53-60": the protocols and ports NCA allows within the row's scope."""
    scopes = ports or tuple(Port(p, 1, 65535) for p in sorted(PROTOCOLS))
    found: dict[str, None] = {}  # ordered set
    for source, target in pairs:
        for scope in scopes:
            allowed = _connections(source, target, scope) & analysis.allowed
            for interval in allowed.project_on_one_dimension("dst_ports").port_set if allowed else ():
                found[str(Port(scope.protocol, interval.start, interval.end))] = None
    return "只允许 " + "、".join(found) if found else "只允许 TCP、UDP、SCTP 以外的协议"


def _judge(row: Row, computed: str | None, detail: str) -> RowResult:
    if computed is None:
        return RowResult(row, row.expected, None, False, f"{row.label}: {detail}")
    ok = computed == row.expected
    extra = f"（{detail}）" if detail else ""
    text = f"{computed}，与预期一致" if ok else f"预期{row.expected}，计算结果为{computed}{extra}"
    return RowResult(row, row.expected, computed, ok, f"{row.label}: {text}")


def compute(objects: list[dict[str, Any]], rows: list[Row]) -> list[RowResult]:
    """Each row's expectation against NCA's connectivity for the page's objects."""
    results = {i: _unreadable(row) for i, row in enumerate(rows) if row.problem}
    host = [o for o in objects if uses_host_network(o)]
    for index, row in enumerate(rows):
        if index not in results and (why := _host_network_endpoint(row, host)):
            results[index] = RowResult(row, row.expected, None, False, f"{row.label}: {why}")
    checkable = [i for i in range(len(rows)) if i not in results]
    if checkable:
        results.update(zip(checkable, _computed(objects, [rows[i] for i in checkable]), strict=True))
    return [results[i] for i in range(len(rows))]


def _unreadable(row: Row) -> RowResult:
    where = f"{row.page}:{row.line}" if row.page else f"line {row.line}"
    return RowResult(row, row.expected, None, False, f"{where}: {row.problem}")


def _host_network_endpoint(row: Row, host: list[dict[str, Any]]) -> str:
    for endpoint in (row.source, row.target):
        for workload in host:
            if endpoint is not None and provides(workload, endpoint):
                return f"{endpoint} 是 hostNetwork 的 {kind_of(workload)} {name_of(workload)}：分析器不建模，无法验证"
    return ""


def _computed(objects: list[dict[str, Any]], rows: list[Row]) -> list[RowResult]:
    policies = [copy.deepcopy(o) for o in objects if is_k8s_network_policy(o)]
    namespaces, workloads = topology(objects, rows)
    try:
        with _NCA_LOCK:
            analysis = _analyse(policies, namespaces, workloads)
    except Exception as exc:  # NCA raises SyntaxError, Exception … on a policy it cannot read
        # SyntaxError's own text names NCA's temporary file, which means nothing to the reader.
        why = exc.msg if isinstance(exc, SyntaxError) else str(exc)
        return [RowResult(row, row.expected, None, False, f"{row.label}: 分析器无法读取本页的策略：{why}") for row in rows]
    return [_judge(row, *_verdict(row, analysis)) for row in rows]
