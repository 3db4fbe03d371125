"""The expected-connectivity table: its syntax (see the package docstring) and its rows."""

from __future__ import annotations

import contextlib
import ipaddress
import re
from dataclasses import dataclass

MARKER = re.compile(r"<!--\s*k8sdoctest:\s*connectivity\s*-->")
ALLOW, DENY = "允许", "拒绝"
ANY = ("任意", "*", "any")
COLUMNS = {"来源": "source", "目标": "target", "端口": "ports", "预期": "expected"}
PROTOCOLS = {"TCP", "UDP", "SCTP"}


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


class ParseError(ValueError):
    pass


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
