"""Expected NetworkPolicy connectivity, stated on the page and computed offline.

A page states who may reach whom in a Markdown table placed right after the marker
`<!-- k8sdoctest: connectivity -->` (the marker is invisible on the site, the table is not):

    <!-- k8sdoctest: connectivity -->
    | 来源 | 目标 | 端口 | 预期 | 说明 |
    |------|------|------|------|------|
    | `production/app=frontend` | `production/app=backend` | TCP 8080 | 允许 | 步骤 3 |
    | `production/app=frontend` | `203.0.113.10` | 任意 | 拒绝 | 其他出站 |

Columns are found by their header: 来源, 目标, 端口 and 预期 are required, any other column (说明) is
for the reader. Backticks around a cell are optional.

来源 / 目标, one of:
- `namespace/key=value[,key=value…]`: the Pods in that namespace carrying all these labels;
- `namespace/name`: the Pods of the workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
  CronJob or Pod) of that name defined on the page;
- an IPv4 address or CIDR (`203.0.113.10`, `169.254.20.10/32`): an address outside the Pod network.

端口: `TCP 8080`, `UDP 53`, `TCP 8000-8080`, `UDP/TCP 53` (both protocols), several separated by `、`
or `,`; `任意` means every protocol and port.

预期: `允许` (every source Pod reaches every target Pod on every listed port) or `拒绝` (none does
on any listed port).

The connectivity is computed by IBM np-guard's Network Config Analyzer (PyPI `network-config-analyzer`),
in-process, from the page's Kubernetes NetworkPolicies and the Pods of its workloads and Namespaces.
A label endpoint that no object on the page provides gets a synthesised Pod (and Namespace), so a
page needs no Deployment just to be checked. Other policy kinds (Calico, Cilium, Istio,
AdminNetworkPolicy) are not fed to the analyzer; `not_modelled()` names them and the other things the
result does not cover.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import ipaddress
import re
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

NAME = "connectivity"
MARKER = re.compile(r"<!--\s*k8sdoctest:\s*connectivity\s*-->")
ALLOW, DENY, PARTIAL = "允许", "拒绝", "部分允许"
ANY = ("任意", "*", "any")
COLUMNS = {"来源": "source", "目标": "target", "端口": "ports", "预期": "expected"}
WORKLOAD_KINDS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "ReplicationController", "Pod"}
NODELOCAL_DNS = ipaddress.ip_network("169.254.20.10/32")
PROTOCOLS = {"TCP", "UDP", "SCTP"}
# NCA keeps its peers and dimensions in process-wide singletons: one analysis at a time.
_NCA_LOCK = threading.Lock()


# ---------------------------------------------------------------- the values


@dataclass(frozen=True)
class Endpoint:
    """One side of a row, as written and as parsed."""

    text: str
    namespace: str | None = None
    labels: tuple[tuple[str, str], ...] = ()
    workload: str | None = None
    cidr: str | None = None  # an address outside the Pod network

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Port:
    protocol: str  # TCP | UDP | SCTP
    low: int
    high: int

    def __str__(self) -> str:
        return f"{self.protocol} {self.low}" if self.low == self.high else f"{self.protocol} {self.low}-{self.high}"


@dataclass(frozen=True)
class Row:
    """One row of an expected-connectivity table; `problem` says why it cannot be checked."""

    line: int  # 1-based line in the page
    source: Endpoint | None
    target: Endpoint | None
    ports: tuple[Port, ...]  # empty: every protocol and port
    expected: str | None  # ALLOW | DENY
    page: str = ""
    problem: str = ""

    @property
    def label(self) -> str:
        ports = "、".join(str(p) for p in self.ports) or "任意端口"
        return f"{self.page}:{self.line}: {self.source} → {self.target} {ports}"


@dataclass(frozen=True)
class RowResult:
    row: Row
    expected: str | None
    computed: str | None  # ALLOW | DENY | PARTIAL; None: not computed
    ok: bool
    message: str


@dataclass
class PageCheck:
    """Everything the check says about one page."""

    page: str
    results: list[RowResult] = field(default_factory=list)
    not_modelled: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)


class ParseError(ValueError):
    pass


# ---------------------------------------------------------------- the table


def expected_table(markdown: str, page: str = "") -> list[Row]:
    """Every row of every table that follows a connectivity marker; bad rows carry a problem."""
    lines = markdown.split("\n")
    rows: list[Row] = []
    for index, line in enumerate(lines):
        if MARKER.search(line):
            rows.extend(_table_after(lines, index + 1, page))
    return rows


def _table_after(lines: list[str], start: int, page: str) -> list[Row]:
    index = start
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index + 1 >= len(lines) or not _is_table_line(lines[index]) or not _is_separator(lines[index + 1]):
        return [_bad(start, page, "connectivity marker is not followed by a Markdown table (header and |---| line)")]
    header = [c.strip("` ") for c in _cells(lines[index])]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        return [_bad(index + 1, page, f"connectivity table has no column {'、'.join(missing)} (needs 来源 | 目标 | 端口 | 预期)")]
    columns = {COLUMNS[name]: header.index(name) for name in COLUMNS}
    rows = []
    for number in range(index + 2, len(lines)):
        if not _is_table_line(lines[number]):
            break
        rows.append(parse_row(_cells(lines[number]), columns, number + 1, page))
    if not rows:
        rows.append(_bad(index + 1, page, "connectivity table has no rows"))
    return rows


def _bad(line: int, page: str, problem: str) -> Row:
    return Row(line, None, None, (), None, page, problem)


def _is_table_line(line: str) -> bool:
    return line.strip().startswith("|")


def _is_separator(line: str) -> bool:
    return _is_table_line(line) and all(re.fullmatch(r":?-{3,}:?", c.strip()) for c in _cells(line))


def _cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [c.replace("\\|", "|").strip() for c in re.split(r"(?<!\\)\|", body)]


def parse_row(cells: list[str], columns: dict[str, int], line: int, page: str = "") -> Row:
    def cell(name: str) -> str:
        index = columns[name]
        return cells[index].strip().strip("`").strip() if index < len(cells) else ""

    try:
        source, target = parse_endpoint(cell("source")), parse_endpoint(cell("target"))
        ports = parse_ports(cell("ports"))
        expected = parse_verdict(cell("expected"))
    except ParseError as exc:
        return _bad(line, page, str(exc))
    if source.cidr and target.cidr:
        return _bad(line, page, f"{source} → {target}: both ends are addresses outside the cluster; NetworkPolicy says nothing about that")
    return Row(line, source, target, ports, expected, page)


def parse_verdict(text: str) -> str:
    if text in (ALLOW, DENY):
        return text
    raise ParseError(f"预期 must be {ALLOW} or {DENY}, not {text!r}")


def parse_endpoint(text: str) -> Endpoint:
    if not text:
        raise ParseError("empty 来源/目标 cell")
    with contextlib.suppress(ValueError):
        return Endpoint(text, cidr=str(ipaddress.IPv4Network(text, strict=True)))
    namespace, slash, rest = text.partition("/")
    if not slash or not namespace or not rest or not _is_dns_label(namespace):
        raise ParseError(f"{text!r} is neither namespace/name, namespace/key=value nor an IPv4 address or CIDR")
    if "=" not in rest:
        if not re.fullmatch(r"[a-z0-9]([-a-z0-9.]*[a-z0-9])?", rest):
            raise ParseError(f"{text!r}: {rest!r} is not a workload name")
        return Endpoint(text, namespace=namespace, workload=rest)
    labels = []
    for pair in rest.split(","):
        key, eq, value = (part.strip() for part in pair.partition("="))
        if not eq or not key or not re.fullmatch(r"[A-Za-z0-9./_-]*", value):
            raise ParseError(f"{text!r}: {pair!r} is not key=value")
        labels.append((key, value))
    return Endpoint(text, namespace=namespace, labels=tuple(sorted(labels)))


def _is_dns_label(name: str) -> bool:
    return re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", name) is not None and len(name) <= 63


def parse_ports(text: str) -> tuple[Port, ...]:
    if text.lower() in ANY:
        return ()
    ports: list[Port] = []
    for item in re.split(r"\s*[、,，]\s*", text):
        match = re.fullmatch(r"(?P<protocols>[A-Za-z]+(?:/[A-Za-z]+)*)\s+(?P<low>\d+)(?:\s*-\s*(?P<high>\d+))?", item.strip())
        if not match:
            raise ParseError(f"端口 {item!r}: write it as TCP 8080, UDP 53, UDP/TCP 53, TCP 8000-8080 or {ANY[0]}")
        low = int(match["low"])
        high = int(match["high"] or low)
        if not 1 <= low <= high <= 65535:
            raise ParseError(f"端口 {item!r}: ports run from 1 to 65535")
        for protocol in match["protocols"].upper().split("/"):
            if protocol not in PROTOCOLS:
                raise ParseError(f"端口 {item!r}: protocol {protocol} is not TCP, UDP or SCTP")
            ports.append(Port(protocol, low, high))
    return tuple(ports)


# ---------------------------------------------------------------- the resources NCA reads


def _kind(obj: dict) -> str:
    return str(obj.get("kind", ""))


def _meta(obj: dict) -> dict:
    meta = obj.get("metadata")
    return meta if isinstance(meta, dict) else {}


def _namespace_of(obj: dict) -> str:
    return str(_meta(obj).get("namespace") or "default")


def is_k8s_network_policy(obj: dict) -> bool:
    return _kind(obj) == "NetworkPolicy" and str(obj.get("apiVersion", "")).startswith("networking.k8s.io/")


def _template(obj: dict) -> dict:
    """The Pod template of a workload; for a Pod, the Pod itself."""
    if _kind(obj) == "Pod":
        return obj
    spec = obj.get("spec") or {}
    if _kind(obj) == "CronJob":
        spec = (spec.get("jobTemplate") or {}).get("spec") or {}
    return spec.get("template") or {}


def pod_labels(obj: dict) -> dict[str, str]:
    """The labels of the Pods a workload (or a Pod) creates."""
    return dict(_meta(_template(obj)).get("labels") or {})


def uses_host_network(obj: dict) -> bool:
    return _kind(obj) in WORKLOAD_KINDS and (_template(obj).get("spec") or {}).get("hostNetwork") is True


def _matches(endpoint: Endpoint, namespace: str, labels: dict[str, str], name: str) -> bool:
    if endpoint.namespace != namespace:
        return False
    if endpoint.workload is not None:
        return endpoint.workload == name
    return all(labels.get(k) == v for k, v in endpoint.labels)


def _provides(workload: dict, endpoint: Endpoint) -> bool:
    return _matches(endpoint, _namespace_of(workload), pod_labels(workload), str(_meta(workload).get("name", "")))


def topology(objects: list[dict], rows: list[Row]) -> tuple[list[dict], list[dict]]:
    """(namespaces, workloads) for NCA: the page's own, plus a Pod or Namespace for what only a row names.

    hostNetwork workloads stay out: their Pods use the node's address, which NetworkPolicy does not select
    the way NCA would model them. They still count as providing a row's endpoint, so no Pod is made up for it.
    """
    workloads = [copy.deepcopy(o) for o in objects if _kind(o) in WORKLOAD_KINDS]
    namespaces = [copy.deepcopy(o) for o in objects if _kind(o) == "Namespace"]
    for endpoint in _label_endpoints(rows):
        if not any(_provides(w, endpoint) for w in workloads):
            workloads.append(_synthetic_pod(endpoint, len(workloads)))
    known = {str(_meta(n).get("name")) for n in namespaces}
    wanted = {_namespace_of(o) for o in workloads + [o for o in objects if is_k8s_network_policy(o)]}
    namespaces += [_synthetic_namespace(name) for name in sorted(wanted - known)]
    return namespaces, [w for w in workloads if not uses_host_network(w)]


def _label_endpoints(rows: list[Row]) -> Iterator[Endpoint]:
    for row in rows:
        for endpoint in (row.source, row.target):
            if endpoint is not None and endpoint.namespace is not None and endpoint.workload is None:
                yield endpoint


def _synthetic_pod(endpoint: Endpoint, index: int) -> dict:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": f"k8sdoctest-row-{index}", "namespace": endpoint.namespace, "labels": dict(endpoint.labels)},
        "spec": {"containers": [{"name": "c", "image": "none"}]},
    }


def _synthetic_namespace(name: str) -> dict:
    # NCA itself adds kubernetes.io/metadata.name, as the API server does.
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}


# ---------------------------------------------------------------- running NCA


@dataclass
class _Analysis:
    """NCA's answer for one page: its peers and the connections it allows."""

    peers: list[Any]
    allowed: Any  # nca ConnectivityProperties


def _analyse(policies: list[dict], namespaces: list[dict], workloads: list[dict]) -> _Analysis:
    """Runs NCA on the three resource lists (written to files: NCA's API reads paths)."""
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


def _dump(path: Path, docs: list[dict]) -> str:
    # A List, so that a page without policies still gives NCA a file it reads as "no policies".
    path.write_text(yaml.safe_dump({"apiVersion": "v1", "kind": "List", "items": docs}, sort_keys=False))
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
        module.stderr = sink
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            yield
    finally:
        for module, stream in zip(modules, saved, strict=True):
            module.stderr = stream


def _peers_for(endpoint: Endpoint, analysis: _Analysis) -> list[Any]:
    from nca.CoreDS.Peer import IpBlock, Pod

    if endpoint.cidr is not None:
        return [IpBlock(endpoint.cidr)]
    found = []
    for peer in analysis.peers:
        if not isinstance(peer, Pod):
            continue
        name = peer.owner_name or peer.name
        if _matches(endpoint, peer.namespace.name, dict(peer.labels), name):
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


def compute(objects: list[dict], rows: list[Row]) -> list[RowResult]:
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


def _host_network_endpoint(row: Row, host: list[dict]) -> str:
    for endpoint in (row.source, row.target):
        for workload in host:
            if endpoint is not None and _provides(workload, endpoint):
                return f"{endpoint} 是 hostNetwork 的 {_kind(workload)} {_name(workload)}：分析器不建模，无法验证"
    return ""


def _computed(objects: list[dict], rows: list[Row]) -> list[RowResult]:
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


# ---------------------------------------------------------------- what the result does not cover


def not_modelled(objects: list[dict]) -> list[str]:
    """What the page relies on that the computed connectivity does not cover (reported, not verified)."""
    found: list[str] = []
    for obj in objects:
        if not isinstance(obj, dict):
            continue
        found.extend(_link_local(obj))
        found.extend(_named_ports(obj))
        found.extend(_host_network(obj))
        found.extend(_calico(obj))
        found.extend(_cilium(obj))
        found.extend(_other_policy(obj))
    return found


def _name(obj: dict) -> str:
    meta = _meta(obj)
    return f"{meta['namespace']}/{meta.get('name', '')}" if meta.get("namespace") else str(meta.get("name", ""))


def _ip_blocks(policy: dict) -> Iterator[str]:
    spec = policy.get("spec") or {}
    for direction, side in (("ingress", "from"), ("egress", "to")):
        for rule in spec.get(direction) or []:
            for peer in (rule or {}).get(side) or []:
                cidr = ((peer or {}).get("ipBlock") or {}).get("cidr")
                if cidr:
                    yield str(cidr)


def _link_local(obj: dict) -> list[str]:
    if not is_k8s_network_policy(obj):
        return []
    found = []
    for cidr in _ip_blocks(obj):
        with contextlib.suppress(ValueError):
            if ipaddress.ip_network(cidr, strict=False).overlaps(NODELOCAL_DNS):
                found.append(
                    f"NetworkPolicy {_name(obj)} allows ipBlock {cidr}, NodeLocal DNSCache's link-local address on every node: "
                    "whether Pods send DNS there (kubelet clusterDNS, kube-proxy mode) and how the CNI matches that node-local "
                    "traffic (Cilium redirects it to a cache Pod with a Local Redirect Policy) are not modelled"
                )
    return found


def _named_ports(obj: dict) -> list[str]:
    if not is_k8s_network_policy(obj):
        return []
    spec = obj.get("spec") or {}
    names = sorted({
        str(port["port"]) for direction in ("ingress", "egress") for rule in spec.get(direction) or []
        for port in (rule or {}).get("ports") or [] if isinstance((port or {}).get("port"), str)
    })
    if not names:
        return []
    return [f"NetworkPolicy {_name(obj)} uses named ports ({', '.join(names)}): they resolve only against the containerPorts "
            "of the page's workloads; a Pod made up for a table row has none, so such a row is computed as denied"]


def _host_network(obj: dict) -> list[str]:
    if uses_host_network(obj):
        return [f"{_kind(obj)} {_name(obj)} uses hostNetwork: its Pods have the node's address and NetworkPolicy does not select them; not modelled"]
    return []


def _calico(obj: dict) -> list[str]:
    if not str(obj.get("apiVersion", "")).startswith(("projectcalico.org/", "crd.projectcalico.org/")):
        return []
    spec = obj.get("spec") or {}
    found = []
    if _kind(obj) == "Tier" or spec.get("tier") not in (None, "default"):
        found.append(f"Calico {_kind(obj)} {_name(obj)}: policy tiers are not modelled")
    if any((rule or {}).get("action") == "Pass" for d in ("ingress", "egress") for rule in spec.get(d) or []):
        found.append(f"Calico {_kind(obj)} {_name(obj)}: the Pass action (skip to the next tier) is not modelled")
    if not found and _kind(obj) in {"NetworkPolicy", "GlobalNetworkPolicy"}:
        found.append(f"Calico {_kind(obj)} {_name(obj)}: Calico policies are not part of the computed connectivity")
    return found


def _cilium(obj: dict) -> list[str]:
    if _kind(obj) not in {"CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy"}:
        return []
    specs = [obj.get("spec") or {}, *(obj.get("specs") or [])]
    l7 = any(
        (to_port or {}).get("rules")
        for spec in specs for direction in ("ingress", "egress")
        for rule in spec.get(direction) or [] for to_port in (rule or {}).get("toPorts") or []
    )
    what = "its L7 rules (HTTP, DNS, Kafka) are not modelled" if l7 else "Cilium policies are not part of the computed connectivity"
    return [f"{_kind(obj)} {_name(obj)}: {what}"]


def _other_policy(obj: dict) -> list[str]:
    if _kind(obj) in {"AdminNetworkPolicy", "BaselineAdminNetworkPolicy", "ClusterNetworkPolicy", "AuthorizationPolicy"}:
        return [f"{_kind(obj)} {_name(obj)} is not part of the computed connectivity"]
    return []


# ---------------------------------------------------------------- a page


def page_objects(blocks: Iterable[Any]) -> list[dict]:
    """The Kubernetes objects of a page's YAML blocks, leaving out blocks that show a wrong form on purpose."""
    from ..blocks import YAML

    objects: list[dict] = []
    for block in blocks:
        if block.language not in YAML or block.meta.expect == "invalid" or block.problems:
            continue
        with contextlib.suppress(yaml.YAMLError):
            objects.extend(d for d in yaml.safe_load_all(block.text) if isinstance(d, dict) and d.get("kind"))
    return objects


def check_page(path: Path, root: Path) -> PageCheck:
    from ..collect import blocks_in, relative

    rel = relative(path, root)
    rows = expected_table(path.read_text(encoding="utf-8"), rel)
    result = PageCheck(rel)
    if rows:
        objects = page_objects(blocks_in(path, root))
        result.results = compute(objects, rows)
        result.not_modelled = not_modelled(objects)
    return result


def check(block: Any, root: Path) -> Any:
    """Adapter for verify.run_checks: the page's table, reported on its first YAML block; None elsewhere."""
    from ..blocks import YAML
    from ..model import CheckResult, Finding

    page = [b for b in (block, *block.siblings) if b.language in YAML]
    if min(page, key=lambda b: b.line) is not block:
        return None
    path = root / block.page
    if not path.is_file() or not MARKER.search(path.read_text(encoding="utf-8")):
        return None
    rows = expected_table(path.read_text(encoding="utf-8"), block.page)
    objects = page_objects(page)
    findings = [Finding("error", NAME, r.message, -1) for r in compute(objects, rows) if not r.ok]
    findings += [Finding("info", NAME, f"not modelled: {note}", -1) for note in not_modelled(objects)]
    return CheckResult.from_findings(NAME, findings, f"{len(rows)} expected connections match NCA's computed connectivity")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m k8sdoctest.checks.connectivity", description="Check a page's expected-connectivity table with NCA.")
    parser.add_argument("pages", nargs="+", type=Path)
    parser.add_argument("--root", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)
    failed = False
    for path in args.pages:
        if not path.is_file():
            print(f"{path}: no such file", file=sys.stderr)
            return 2
        page = check_page(path, args.root)
        if not page.results:
            print(f"{page.page}: no connectivity table (<!-- k8sdoctest: connectivity -->)")
        for result in page.results:
            print(("ok    " if result.ok else "FAIL  ") + result.message)
        for note in page.not_modelled:
            print(f"note  {page.page}: not modelled: {note}")
        failed |= not page.ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
