"""Manifests read the way kubectl reads them: documents, objects, group/version/kind.

kubectl splits a stream on `---` lines (k8s.io/apimachinery/pkg/util/yaml/decoder.go,
YAMLReader) and turns each document into JSON with sigs.k8s.io/yaml, which decodes
with its go-yaml v2 fork (sigs.k8s.io/yaml/goyaml.v2, based on gopkg.in/yaml.v2
v2.4.0) and then marshals with encoding/json. This module reproduces that reading:

* scalars follow goyaml.v2/resolve.go (YAML 1.1 booleans `y`/`on`/`off`, no
  base-60 numbers, Go's base-0 integers, timestamps left as strings), and the
  values are what the JSON sent to the API server carries;
* map keys become JSON strings as sigs.k8s.io/yaml yaml.go
  (convertToJSONableObject) makes them;
* aliases are expanded under go-yaml v2's "excessive aliasing" budget
  (gopkg.in/yaml.v2 decode.go, allowedAliasRatio) and nesting is bounded at
  go-yaml v2's 10000 levels (scannerc.go max_flow_level / max_indents);
* duplicate keys are an error (YAML forbids them; kubectl silently keeps the last).

Parsing uses libyaml through PyYAML's C parser and composer for speed; our own
iterative constructor replaces PyYAML's, whose YAML 1.1 rules differ from Go's.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import functools
import gc
import json
import math
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from yaml._yaml import CParser

from .model import Finding

NAME = "yaml"

# gopkg.in/yaml.v2 v2.4.0 scannerc.go: max_flow_level = 10000 and max_indents = 10000
# ("exceeded max depth of 10000"). We bound the whole nesting depth, aliases expanded.
MAX_DEPTH = 10_000

# gopkg.in/yaml.v2 decode.go: alias_ratio_range_low / alias_ratio_range_high.
_ALIAS_RATIO_LOW = 400_000
_ALIAS_RATIO_HIGH = 4_000_000

# Groups served by the API server itself; anything else is a custom resource.
BUILTIN_GROUPS = frozenset({
    "", "apps", "batch", "policy", "autoscaling", "extensions",
    "admissionregistration.k8s.io", "apiextensions.k8s.io", "apiregistration.k8s.io",
    "authentication.k8s.io", "authorization.k8s.io", "certificates.k8s.io",
    "coordination.k8s.io", "discovery.k8s.io", "events.k8s.io", "flowcontrol.apiserver.k8s.io",
    "internal.apiserver.k8s.io", "networking.k8s.io", "node.k8s.io", "rbac.authorization.k8s.io",
    "resource.k8s.io", "scheduling.k8s.io", "storage.k8s.io", "storagemigration.k8s.io",
})

Path = tuple[str | int, ...]


class _Problem(Exception):
    """A reason kubectl would refuse the text, with the 0-based line it concerns."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


# --------------------------------------------------------------------------
# Documents


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: data may hold lists and dicts
class Doc:
    """One YAML document: its data as kubectl sends it (JSON values) and its node tree (for lines)."""

    data: Any
    node: yaml.Node

    @property
    def line(self) -> int:
        return int(self.node.start_mark.line)

    def line_of(self, path: list[Any] | tuple[Any, ...]) -> int:
        """0-based line of the node at `path` (the deepest that exists)."""
        node = self.node
        for step in path:
            child = _child(node, step)
            if child is None:
                break
            node = child
        return int(node.start_mark.line)

    def key_line(self, path: list[Any] | tuple[Any, ...], key: str) -> int:
        """Line of `key` inside the mapping at `path`."""
        node = self.node
        for step in path:
            child = _child(node, step)
            if child is None:
                return int(node.start_mark.line)
            node = child
        pair = _pair(node, key, 0)
        return int((pair[0] if pair else node).start_mark.line)


def _child(node: yaml.Node, step: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        pair = _pair(node, str(step), 0)
        return pair[1] if pair else None
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        child: yaml.Node = node.value[step]
        return child
    return None


def _pair(node: yaml.Node, key: str, depth: int) -> tuple[yaml.Node, yaml.Node] | None:
    """The key and value nodes of `key` (as JSON spells it) in a mapping, looking into `<<` merges too."""
    if not isinstance(node, yaml.MappingNode) or depth > 32:  # merges can chain; a line is not worth more
        return None
    merged: list[yaml.Node] = []
    for k, v in reversed(node.value):
        if _is_merge(k):
            merged += list(v.value) if isinstance(v, yaml.SequenceNode) else [v]  # in a merge list the first wins
        elif isinstance(k, yaml.ScalarNode) and _key_text(k) == key:
            return k, v
    for source in merged:
        inner = _pair(source, key, depth + 1)
        if inner is not None:
            return inner
    return None


def _key_text(node: yaml.ScalarNode) -> str:
    try:
        return _json_key(_scalar(node), node)
    except _Problem:
        return str(node.value)


# --------------------------------------------------------------------------
# Loading


class _Loader(CParser):
    """libyaml's parser and PyYAML's C composer; tags are resolved later, the Go way."""

    def descend_resolver(self, parent: Any, index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


def load(text: str) -> tuple[list[Doc], Finding | None]:
    """All non-empty documents, or the documents before the first problem and that problem with its line."""
    not_json = _json_stream_problem(text)
    if not_json is not None:
        return [], Finding("error", NAME, not_json.message, not_json.line)
    separator = _bad_separator(text)
    # Node trees are millions of small objects that hold no cycles (a self-referring anchor aside, which
    # the collector still frees later). Left on, the cyclic collector rescans them again and again:
    # composing 2,000 documents took 0.54 s with it and 0.09 s without (bench/yaml_read.py).
    collecting = gc.isenabled()
    gc.disable()
    try:
        docs, problem = _load_all(text, separator[1] if separator else None)
    finally:
        if collecting:
            gc.enable()
    if separator and (problem is None or problem.line >= separator[1]):
        problem = _Problem(*separator)
    if problem is None:
        return docs, None
    return docs, Finding("error", NAME, problem.message, problem.line)


def _load_all(text: str, stop: int | None) -> tuple[list[Doc], _Problem | None]:
    docs: list[Doc] = []
    try:
        for node in _nodes(text):
            if node is None:
                continue
            if stop is not None and node.start_mark.line >= stop:
                break
            data = _build(node)
            if data is not None:  # an empty document (`---` then comments) holds nothing; kubectl skips `null` too
                docs.append(Doc(data, node))
    except _Problem as exc:
        return docs, exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line if mark else 0
        return docs, _Problem(_explain(exc, text, line), line)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        return docs, _Problem(f"invalid YAML: {exc}", text.count("\n", 0, max(exc.position, 0)))
    except yaml.YAMLError as exc:
        return docs, _Problem(f"invalid YAML: {exc}", 0)
    return docs, None


def _nodes(text: str) -> Iterator[yaml.Node | None]:
    """Node trees of the documents, one at a time, from the C composer when it is safe to use."""
    done = 0
    if _depth_bound(text) <= MAX_DEPTH:
        loader = _Loader(text)
        try:
            while loader.check_node():
                node = loader.get_node()
                done += 1
                yield node
            return
        except yaml.YAMLError as exc:
            if "duplicate anchor" not in str(exc):
                raise
        except (AttributeError, TypeError, UnboundLocalError, KeyError):
            pass  # PyYAML's C composer trips over anchors it cannot handle (redefined, or used inside themselves)
        finally:
            loader.dispose()
    yield from _compose_from_events(text, done)


def _depth_bound(text: str) -> int:
    """An upper bound of the nesting depth, cheap to compute.

    The C composer recurses in C for every level (about 300 bytes of stack each;
    100,000 levels crash the process), so deeper texts go to the event composer.
    Block nesting needs a deeper column at least every second level, so it is at
    most twice the longest line; flow nesting cannot cross a `---` line.
    """
    longest = max(map(len, text.split("\n")))
    flow = max(part.count("[") + part.count("{") for part in _DOC_START.split(text))
    return 2 * (longest + 1) + flow + 2


_DOC_START = re.compile(r"\n---(?=[ \t\r\n]|$)")


def _compose_from_events(text: str, skip: int) -> Iterator[yaml.Node | None]:
    """Node trees built without recursion, after the first `skip` documents: any depth is refused cleanly,
    and anchors may be redefined as in go-yaml."""
    loader = CParser(text)
    try:
        count = 0
        while not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            if isinstance(event, yaml.DocumentStartEvent):
                node = _compose_document(loader)
                count += 1
                if count > skip:
                    yield node
    finally:
        loader.dispose()


def _compose_document(loader: Any) -> yaml.Node | None:
    anchors: dict[str, yaml.Node] = {}
    stack: list[list[Any]] = []  # [collection node, pending mapping key]
    root: yaml.Node | None = None
    while True:
        event = loader.get_event()
        if isinstance(event, yaml.DocumentEndEvent):
            return root
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            stack.pop()[0].end_mark = event.end_mark
            continue
        node = _event_node(event, anchors)
        opens = isinstance(node, yaml.CollectionNode) and not isinstance(event, yaml.AliasEvent)
        if opens:
            if len(stack) >= MAX_DEPTH:
                raise _Problem(f"exceeded max depth of {MAX_DEPTH} (go-yaml's limit: kubectl refuses deeper nesting)", event.start_mark.line)
        if not stack:
            root = node
        elif isinstance(stack[-1][0], yaml.SequenceNode):
            stack[-1][0].value.append(node)
        elif stack[-1][1] is None:
            stack[-1][1] = node
        else:
            stack[-1][0].value.append((stack[-1][1], node))
            stack[-1][1] = None
        if opens:
            stack.append([node, None])


def _event_node(event: Any, anchors: dict[str, yaml.Node]) -> yaml.Node:
    start: Any = event.start_mark
    if isinstance(event, yaml.AliasEvent):
        if event.anchor not in anchors:
            raise _Problem(f"unknown anchor '{event.anchor}' referenced", start.line)
        return anchors[event.anchor]
    node: yaml.Node
    if isinstance(event, yaml.ScalarEvent):
        tag: str = event.tag if event.tag is not None and event.tag != "!" else (_PLAIN if event.implicit[0] else _STR)
        end: Any = event.end_mark
        node = yaml.ScalarNode(tag, event.value, start, end, event.style)
    elif isinstance(event, yaml.SequenceStartEvent):
        node = yaml.SequenceNode(event.tag or _SEQ, [], start, None, event.flow_style)
    else:
        node = yaml.MappingNode(event.tag or _MAP, [], start, None, event.flow_style)
    if event.anchor is not None:
        anchors[event.anchor] = node  # go-yaml v2 lets a later anchor of the same name win
    return node


def _json_stream_problem(text: str) -> _Problem | None:
    """kubectl reads a stream whose first 4096 bytes start, after white space, with `{` as a stream of JSON values, not
    YAML (decoder.go YAMLOrJSONDecoder, GuessJSONStream, hasJSONPrefix). The data is then what the YAML reading gives:
    JSON is YAML, and its duplicate keys are found there with their lines."""
    head = text.removeprefix("\ufeff").encode("utf-8", "surrogatepass")[:4096].decode("utf-8", "ignore")
    if not head.lstrip().startswith("{"):
        return None
    decoder = json.JSONDecoder(parse_constant=_no_json_constant)
    position = 0
    text = text.removeprefix("\ufeff")
    try:
        while True:
            position = _JSON_SPACE.match(text, position).end()  # type: ignore[union-attr]
            if position == len(text):
                return None
            position = decoder.raw_decode(text, position)[1]
    except RecursionError:
        return None  # Python's JSON reader stops near 1000 levels, Go's at 10000: the YAML reading bounds the depth
    except (json.JSONDecodeError, ValueError) as exc:  # a ValueError (NaN, Infinity) is placed at the value holding it
        line = exc.lineno - 1 if isinstance(exc, json.JSONDecodeError) else text.count("\n", 0, position)
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        return _Problem(f"kubectl reads a stream that starts with {{ as JSON, and this is not JSON: {reason}", line)


def _no_json_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON (encoding/json refuses it)")


_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def _bad_separator(text: str) -> tuple[str, int] | None:
    """kubectl's YAMLReader allows only spaces and a comment after `---` at the start of a line."""
    for match in _SEPARATOR.finditer(text):
        rest = match.group(1).strip()
        if rest and not rest.startswith("#"):
            return f"invalid Yaml document separator: {rest} (kubectl splits documents on lines starting with ---)", text.count("\n", 0, match.start())
    return None


_SEPARATOR = re.compile(r"^---(.*)$", re.MULTILINE)


def _explain(exc: yaml.MarkedYAMLError, text: str, line: int) -> str:
    problem = f"{exc.context + ', ' if exc.context else ''}{exc.problem or exc}"
    lines = text.split("\n")
    if 0 <= line < len(lines) and "\t" in lines[line][: len(lines[line]) - len(lines[line].lstrip())]:
        return f"invalid YAML: {problem} (a tab is used for indentation: YAML allows only spaces)"
    return f"invalid YAML: {problem}"


# --------------------------------------------------------------------------
# Construction: node tree -> JSON values, iteratively, aliases expanded under a budget

_PLAIN = "!k8sdoctest/plain"  # an untagged plain scalar: resolved by go-yaml's rules
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"


def _allowed_alias_ratio(decodes: int) -> float:
    """gopkg.in/yaml.v2 decode.go allowedAliasRatio: 99% of decodes may come from aliases, down to 10% for huge documents."""
    if decodes <= _ALIAS_RATIO_LOW:
        return 0.99
    if decodes >= _ALIAS_RATIO_HIGH:
        return 0.10
    return 0.99 - 0.89 * (decodes - _ALIAS_RATIO_LOW) / (_ALIAS_RATIO_HIGH - _ALIAS_RATIO_LOW)


class _Budget:
    """go-yaml v2 counts every decode and every decode under an alias; too many of the latter is an attack."""

    __slots__ = ("decodes", "aliased", "seen", "active")

    def __init__(self) -> None:
        self.decodes = 1  # the document node
        self.aliased = 0
        self.seen: set[int] = set()  # nodes met once: meeting one again is an alias
        self.active: set[int] = set()  # collections being built: meeting one again is a cycle

    def enter(self, node: yaml.Node, under_alias: bool) -> bool:
        """Count one decode of `node`; True when it is (or is inside) an alias expansion."""
        self.decodes += 1
        if under_alias:
            self.aliased += 1
        key = id(node)
        if key in self.active:
            raise _Problem("anchor value contains itself (an alias refers to a collection that encloses it)", node.start_mark.line)
        if key in self.seen:
            self.decodes += 1  # go-yaml decodes the alias node, then its target
            self.aliased += 1
            under_alias = True
        else:
            self.seen.add(key)
        if self.aliased > 100 and self.decodes > 1000 and self.aliased / self.decodes > _allowed_alias_ratio(self.decodes):
            raise _Problem("document contains excessive aliasing (go-yaml's alias budget: kubectl refuses it)", -1)  # line: see _build
        return under_alias


# A frame of the construction stack: [node, output container, next child index, under alias, keys seen -> line, depth, built here]
_Frame = list[Any]


def _build(root: yaml.Node) -> Any:
    """The JSON value kubectl makes of a document's node tree."""
    budget = _Budget()
    stack: list[_Frame] = []
    try:
        value = _enter(root, False, 0, budget, stack)
        while stack:
            _step(stack, budget)
    except _Problem as problem:
        if problem.line < 0:  # an alias node has no position in PyYAML's tree: name the collection that uses it
            problem.line = next((int(f[0].start_mark.line) for f in reversed(stack) if not f[3]), int(root.start_mark.line))
        raise
    return value


def _step(stack: list[_Frame], budget: _Budget) -> None:
    """Build the next child of the innermost collection, or close it."""
    frame = stack[-1]
    node, out, index = frame[0], frame[1], frame[2]
    if index == len(node.value):
        stack.pop()
        if frame[6]:
            budget.active.discard(id(node))
        return
    frame[2] = index + 1
    if isinstance(node, yaml.SequenceNode):
        if isinstance(out, list):
            out.append(_enter(node.value[index], frame[3], frame[5] + 1, budget, stack))
        else:  # a `<<: [*a, *b]` list, merged from the last to the first so that the first wins
            _merge_one(node.value[len(node.value) - 1 - index], out, frame, budget, stack)
        return
    key_node, value_node = node.value[index]
    if _is_merge(key_node):
        _merge(value_node, out, frame, budget, stack)
        return
    key = _key(key_node, frame, budget, stack)
    out[key] = _enter(value_node, frame[3], frame[5] + 1, budget, stack)


def _enter(node: yaml.Node, under_alias: bool, depth: int, budget: _Budget, stack: list[_Frame]) -> Any:
    """The value of `node`: a scalar now, or an empty container that a new frame will fill."""
    aliased = budget.enter(node, under_alias)
    if isinstance(node, yaml.ScalarNode):
        return _json_value(_scalar(node), node)
    if depth >= MAX_DEPTH:
        raise _Problem(f"exceeded max depth of {MAX_DEPTH} (go-yaml's limit: kubectl refuses deeper nesting)", node.start_mark.line)
    out: Any = [] if isinstance(node, yaml.SequenceNode) else {}
    budget.active.add(id(node))
    stack.append([node, out, 0, aliased, {}, depth, True])
    return out


def _key(node: yaml.Node, frame: _Frame, budget: _Budget, stack: list[_Frame]) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise _Problem("invalid map key: a YAML collection cannot be a key in JSON", node.start_mark.line)
    budget.enter(node, frame[3])
    key = _json_key(_scalar(node), node)
    seen: dict[str, int] = frame[4]
    if key in seen:
        where = ".".join(_path(stack) + [key])
        raise _Problem(
            f'duplicate field "{where}" (first at line {seen[key] + 1}): YAML forbids duplicate keys and kubectl silently keeps the last',
            node.start_mark.line,
        )
    seen[key] = node.start_mark.line
    return key


def _path(stack: list[_Frame]) -> list[str]:
    """The JSON path of the mapping being filled, for messages."""
    parts: list[str] = []
    for frame in stack[:-1]:
        node, out, index = frame[0], frame[1], frame[2] - 1
        if isinstance(out, dict) and isinstance(node, yaml.MappingNode) and 0 <= index < len(node.value):
            key_node = node.value[index][0]
            if isinstance(key_node, yaml.ScalarNode) and not _is_merge(key_node):
                parts.append(_key_text(key_node))
        elif isinstance(out, list):
            parts[-1:] = [f"{parts[-1] if parts else ''}[{index}]"]
    return parts


def _is_merge(node: yaml.Node) -> bool:
    """go-yaml v2 isMerge: a plain `<<` or one tagged !!merge."""
    return isinstance(node, yaml.ScalarNode) and node.value == "<<" and node.tag in (_PLAIN, _MERGE)


def _merge(value: yaml.Node, out: dict[str, Any], frame: _Frame, budget: _Budget, stack: list[_Frame]) -> None:
    """go-yaml v2 merge: decode the mapping(s) into the map being built, in place, in document order."""
    if isinstance(value, yaml.SequenceNode) and id(value) not in budget.seen:
        budget.seen.add(id(value))  # go-yaml walks a merge list without decoding the list itself
        stack.append([value, out, 0, frame[3], {}, frame[5], False])
        return
    _merge_one(value, out, frame, budget, stack)


def _merge_one(source: yaml.Node, out: dict[str, Any], frame: _Frame, budget: _Budget, stack: list[_Frame]) -> None:
    if not isinstance(source, yaml.MappingNode):
        raise _Problem("map merge requires map or sequence of maps as the value", source.start_mark.line)
    aliased = budget.enter(source, frame[3])
    if frame[5] + 1 >= MAX_DEPTH:
        raise _Problem(f"exceeded max depth of {MAX_DEPTH} (go-yaml's limit: kubectl refuses deeper nesting)", source.start_mark.line)
    budget.active.add(id(source))
    stack.append([source, out, 0, aliased, {}, frame[5] + 1, True])


# --------------------------------------------------------------------------
# Scalars: goyaml.v2/resolve.go, then encoding/json

_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_BINARY_TAG = "tag:yaml.org,2002:binary"

# resolve.go resolveTable: only these first characters can make a plain scalar anything but a string.
_HINTS = dict.fromkeys("+-", "S") | dict.fromkeys("0123456789", "D") | dict.fromkeys("yYnNtTfFoO~", "M") | {".": "."}
_WORDS: dict[str, Any] = (
    dict.fromkeys(["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"], True)
    | dict.fromkeys(["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"], False)
    | dict.fromkeys(["", "~", "null", "Null", "NULL"], None)
    | dict.fromkeys([".nan", ".NaN", ".NAN"], math.nan)
    | dict.fromkeys([".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"], math.inf)
    | dict.fromkeys(["-.inf", "-.Inf", "-.INF"], -math.inf)
)
# strconv.ParseInt(s, 0, 64): sign, then 0x / 0b / 0o / leading-0 octal / decimal (underscores already removed).
_GO_INT = re.compile(r"([-+]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)")
_GO_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")  # resolve.go yamlStyleFloat
_INT64 = 1 << 63
_UINT64 = 1 << 64
_MISSING = object()
_CACHE: dict[str, Any] = {}


def _scalar(node: yaml.ScalarNode) -> Any:
    """The Go value go-yaml v2 decodes into interface{}: bool, None, int, float or str."""
    tag = node.tag
    if tag == _PLAIN:
        value = node.value
        cached = _CACHE.get(value, _MISSING)
        if cached is _MISSING:
            cached = _plain(value)
            if len(_CACHE) < 50_000:
                _CACHE[value] = cached
        return cached
    if tag == _STR:
        return node.value
    return _tagged(tag, node)


def _plain(value: str) -> Any:
    """resolve.go resolve("", value) for an untagged plain scalar."""
    hint = _HINTS.get(value[:1], "N" if not value else "")
    if not hint:
        return value
    word = _WORDS.get(value, _MISSING)
    if word is not _MISSING:
        return word
    if hint == "." and _GO_FLOAT.fullmatch(value):
        number = float(value)
        return value if math.isinf(number) else number
    if hint in ("D", "S"):
        return _number(value)
    return value  # hint M: only the words above; timestamps stay strings in interface{} (decode.go)


def _number(value: str) -> Any:
    """resolve.go for a plain scalar starting with a digit or a sign: int64, uint64, float64, *big.Int or the text."""
    plain = value.replace("_", "")
    match = _GO_INT.fullmatch(plain)
    signed = bool(match and match.group(1))
    number = _go_int(match) if match else None
    if number is not None and (-_INT64 <= number < _INT64 or (not signed and number < _UINT64)):
        return number  # strconv.ParseInt, then ParseUint (which takes no sign)
    if _GO_FLOAT.fullmatch(plain):
        floating = float(plain)
        if not math.isinf(floating):  # strconv.ParseFloat reports a range error: no float
            return floating
    if number is not None and not signed:
        return number  # ParseUint's range error and not float-shaped (0x…, 0o…, 0b…): a *big.Int
    return value


def _go_int(match: re.Match[str]) -> int:
    sign, body = match.group(1), match.group(2)
    prefix = body[:2].lower()
    if prefix in ("0x", "0b", "0o"):
        number = int(body[2:], {"0x": 16, "0b": 2, "0o": 8}[prefix])
    else:
        number = int(body, 8) if body.startswith("0") else int(body)
    return -number if sign == "-" else number


def _tagged(tag: str, node: yaml.ScalarNode) -> Any:
    """An explicitly tagged scalar: resolve.go with the tag, checked as its deferred function checks it."""
    value = node.value
    if tag == _BINARY_TAG:
        try:  # decode.go: base64.StdEncoding, which ignores \r and \n; the bytes become a Go string
            raw = base64.b64decode(value.replace("\n", "").replace("\r", ""), validate=True)
        except (binascii.Error, ValueError):
            raise _Problem("!!binary value contains invalid base64 data", node.start_mark.line) from None
        return raw.decode("utf-8", errors="replace")  # encoding/json writes invalid UTF-8 as U+FFFD
    if tag not in (_INT_TAG, _FLOAT_TAG, _BOOL_TAG, _NULL_TAG, _TIMESTAMP_TAG):
        return value  # !!str, !!set, custom tags: not resolvable, the text is kept
    if tag == _TIMESTAMP_TAG and _is_timestamp(value):
        return value  # decoded into interface{}, a timestamp is kept as its text
    resolved = _plain(value)
    kind = _tag_of(resolved)
    if kind == tag or (tag == _FLOAT_TAG and kind == _INT_TAG):
        return float(resolved) if tag == _FLOAT_TAG else resolved
    raise _Problem(f"cannot decode {_short(kind)} `{value}` as a {_short(tag)}", node.start_mark.line)


def _tag_of(value: Any) -> str:
    if value is None:
        return _NULL_TAG
    if isinstance(value, bool):
        return _BOOL_TAG
    if isinstance(value, int):
        return _INT_TAG
    return _FLOAT_TAG if isinstance(value, float) else _STR


def _short(tag: str) -> str:
    return "!!" + tag.rpartition(":")[2]


# resolve.go allowedTimestampFormats, as time.Parse reads them.
_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d{1,9})?(?:Z|[-+]\d{2}:\d{2}))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d{1,9})?))?"
)


def _is_timestamp(value: str) -> bool:
    match = _TIMESTAMP.fullmatch(value)
    if not match:
        return False
    hour, minute, second = [int(x) for x in match.groups()[3:] if x is not None] or [0, 0, 0]
    try:
        datetime.datetime(int(match.group(1)), int(match.group(2)), int(match.group(3)), hour, minute, second)
    except ValueError:
        return False
    return True


def _json_value(value: Any, node: yaml.Node) -> Any:
    """What encoding/json writes and a JSON reader gets back: integral floats print as integers; NaN and ±Inf fail."""
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            shown = "NaN" if math.isnan(value) else ("+Inf" if value > 0 else "-Inf")
            raise _Problem(f"error converting YAML to JSON: json: unsupported value: {shown}", node.start_mark.line)
        if value.is_integer() and abs(value) < 1e21:
            return int(value)
    return value


def _json_key(value: Any, node: yaml.Node) -> str:
    """sigs.k8s.io/yaml convertToJSONableObject: string, int, float and bool keys become strings; others fail."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and -_INT64 <= value < _INT64:
        return str(value)
    if isinstance(value, float):
        return _go_float32_g(value)
    kind = "<nil>" if value is None else ("uint64" if isinstance(value, int) and value < _UINT64 else "*big.Int")
    raise _Problem(f"error converting YAML to JSON: unsupported map key of type: {kind}, key: {node.value!r}", node.start_mark.line)


def _go_float32_g(value: float) -> str:
    """strconv.FormatFloat(f, 'g', -1, 32), with go-yaml's spellings of NaN and infinities."""
    if math.isnan(value):
        return ".nan"
    try:
        single = struct.unpack("f", struct.pack("f", value))[0]
    except OverflowError:
        single = math.copysign(math.inf, value)
    if math.isinf(single):
        return ".inf" if single > 0 else "-.inf"
    for precision in range(1, 10):  # the shortest decimal that reads back as the same float32
        text = f"{abs(single):.{precision - 1}e}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == abs(single):
            break
    mantissa, exponent = text.split("e")
    digits = mantissa.replace(".", "").rstrip("0") or "0"
    exp = int(exponent) if digits != "0" else 0
    sign = "-" if math.copysign(1.0, single) < 0 else ""
    if exp < -4 or exp >= 6:  # %g with the shortest precision switches to %e from 1e+06 on
        return f"{sign}{digits[0]}{'.' + digits[1:] if len(digits) > 1 else ''}e{'+' if exp >= 0 else '-'}{abs(exp):02d}"
    point = exp + 1
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return f"{sign}{digits}{'0' * (point - len(digits))}"
    return f"{sign}{digits[:point]}.{digits[point:]}"


# --------------------------------------------------------------------------
# Objects


def objects(docs: list[Doc]) -> list[tuple[Doc, dict[str, Any], Path]]:
    """Every object kubectl would send, with its document and its path inside the document's data.

    A document with an `items` field is a list to kubectl, whatever its kind
    (apimachinery unstructured.go: unstructuredJSONScheme.decode looks only for
    `items`); cli-runtime's FlattenListVisitor then visits the items, nested
    lists included. An item with neither kind nor apiVersion takes the list's
    apiVersion and its kind without the `List` suffix (decodeToList).
    """
    found: list[tuple[Doc, dict[str, Any], Path]] = []
    for doc in docs:
        if not isinstance(doc.data, dict):
            continue
        pending: list[tuple[dict[str, Any], Path]] = [(doc.data, ())]
        while pending:  # breadth first, as FlattenListVisitor queues nested lists after the other items
            data, path = pending.pop(0)
            items = data.get("items")
            # A top-level `items: null` is still a list (an empty one); nested, only an array makes a list (Unstructured.IsList).
            if not isinstance(items, list) and not (items is None and "items" in data and not path):
                found.append((doc, data, path))
                continue
            kind, api = data.get("kind"), data.get("apiVersion")
            for index, item in enumerate(items or []):
                if not isinstance(item, dict):
                    continue  # kubectl fails to decode the list; the schema of a List names the problem
                if "kind" not in item and "apiVersion" not in item and isinstance(kind, str):
                    item = {**item, "kind": kind.removesuffix("List"), "apiVersion": api}
                pending.append((item, (*path, "items", index)))
    return found


def gvk(data: dict[str, Any]) -> tuple[str, str, str]:
    """(group, version, kind), read as schema.ParseGroupVersion reads apiVersion; an apiVersion with two slashes keeps
    its text as the group and an empty version, so that it is never taken for a built-in."""
    api = data.get("apiVersion")
    kind = data.get("kind")
    api = api if isinstance(api, str) else ""
    kind = kind if isinstance(kind, str) else ""
    if api.count("/") > 1:
        return api, "", kind
    group, _, version = api.rpartition("/")
    return group, version, kind


def is_builtin_group(group: str) -> bool:
    """The API server serves this group itself (not a custom resource)."""
    return group in BUILTIN_GROUPS


# --- helpers shared by the checks, the page model and the live tier

CHECK = NAME
# Configuration files of components: not API objects (checked by `component-config`).
COMPONENT_GROUPS = frozenset({"kubeproxy.config.k8s.io", "kubelet.config.k8s.io", "kind.x-k8s.io", "kubeadm.k8s.io"})
WORKLOADS = frozenset({"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"})


@functools.lru_cache(maxsize=1024)
def parsed(text: str) -> tuple[tuple[Doc, ...], Finding | None]:
    """`load`, once per text per run: every check and the page share the result (treat it as read-only)."""
    docs, error = load(text)
    return tuple(docs), error


def objects_of(text: str) -> tuple[dict[str, Any], ...]:
    """The objects a text defines, List items expanded as kubectl sends them."""
    docs, _ = parsed(text)
    return tuple(data for _, data, _ in objects(list(docs)))


def group_of(api_version: str) -> str:
    return api_version.rpartition("/")[0] if "/" in api_version else ""


def is_builtin(api_version: str) -> bool:
    return is_builtin_group(group_of(api_version))


def is_component_config(api_version: str) -> bool:
    return group_of(api_version) in COMPONENT_GROUPS


def namespace(data: dict[str, Any]) -> str:
    return str((data.get("metadata") or {}).get("namespace") or "default")


def pod_labels(data: dict[str, Any]) -> dict[str, Any] | None:
    """The labels of the Pods an object runs (a Pod's own, a workload's template), else None."""
    if data.get("kind") == "Pod":
        return (data.get("metadata") or {}).get("labels") or {}
    if data.get("kind") in WORKLOADS:
        return (((data.get("spec") or {}).get("template") or {}).get("metadata") or {}).get("labels") or {}
    return None


def embedded_configs(doc: Doc) -> Iterator[tuple[dict[str, Any], int, str]]:
    """(config, line, key): component configs held as YAML strings in a ConfigMap's data (kube-proxy's config.conf)."""
    data = doc.data.get("data") if isinstance(doc.data, dict) and doc.data.get("kind") == "ConfigMap" else None
    for key, value in data.items() if isinstance(data, dict) else ():
        if isinstance(value, str) and "kind:" in value:
            inner, problem = load(value)
            if problem is None and inner and isinstance(inner[0].data, dict) and "kind" in inner[0].data:
                yield inner[0].data, doc.line_of(["data", key]), str(key)
