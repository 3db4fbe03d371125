"""YAML parse, multi-document, keeping each node's line for later findings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from ..model import Block, CheckResult, Finding

NAME = "yaml"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Doc:
    """One YAML document of a block: its data and its node tree (for lines)."""

    data: Any
    node: yaml.Node

    @property
    def line(self) -> int:
        return self.node.start_mark.line

    def line_of(self, path: list[Any] | tuple[Any, ...]) -> int:
        """0-based block line of the node at `path` (the deepest that exists)."""
        node = self.node
        for step in path:
            child = _child(node, step)
            if child is None:
                break
            node = child
        return node.start_mark.line

    def key_line(self, path: list[Any] | tuple[Any, ...], key: str) -> int:
        """Line of `key` inside the mapping at `path`."""
        node = self.node
        for step in path:
            child = _child(node, step)
            if child is None:
                return node.start_mark.line
            node = child
        if isinstance(node, yaml.MappingNode):
            for k, _ in node.value:
                if k.value == key:
                    return k.start_mark.line
        return node.start_mark.line


def _child(node: yaml.Node, step: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(step):
                return value
    elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        return node.value[step]
    return None


def load(text: str) -> tuple[list[Doc], Finding | None]:
    """All non-empty documents, or the first parse error with its line."""
    docs: list[Doc] = []
    loader = _Loader(text)
    try:
        while loader.check_node():
            node = loader.get_node()
            data = loader.construct_document(node) if node is not None else None
            if data is not None:  # an empty document (`---` then comments) holds nothing
                docs.append(Doc(data, node))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line if mark else 0
        return docs, Finding("error", NAME, _explain(exc, text, line), line)
    except yaml.YAMLError as exc:  # errors without a position (e.g. bad characters)
        return docs, Finding("error", NAME, f"YAML error: {exc}", 0)
    finally:
        loader.dispose()
    return docs, None


def _explain(exc: yaml.MarkedYAMLError, text: str, line: int) -> str:
    problem = f"{exc.context + ', ' if exc.context else ''}{exc.problem or exc}"
    lines = text.split("\n")
    if 0 <= line < len(lines) and lines[line][: len(lines[line]) - len(lines[line].lstrip())].count("\t"):
        return f"invalid YAML: {problem} (a tab is used for indentation: YAML allows only spaces)"
    return f"invalid YAML: {problem}"


def check(block: Block) -> tuple[CheckResult, list[Doc]]:
    docs, error = load(block.text)
    if error:
        return CheckResult.from_findings(NAME, [error], ""), []
    if not docs:
        finding = Finding("error", NAME, "block has nothing verifiable: no YAML document, only comments or blank lines", -1)
        return CheckResult.from_findings(NAME, [finding], ""), []
    findings = [f for d in docs if (f := shape(d)) is not None]
    ok = f"{len(docs)} document{'s' if len(docs) > 1 else ''} parsed"
    return CheckResult.from_findings(NAME, findings, ok), docs


def shape(doc: Doc) -> Finding | None:
    """A document must be an object with apiVersion and kind to be checked further."""
    data = doc.data
    if isinstance(data, list):
        return Finding("error", NAME, "document is a list, not a Kubernetes object (split it with ---, or use kind: List)", doc.line)
    if not isinstance(data, dict):
        snippet = str(data).strip().split("\n")[0][:60]
        hint = " — this looks like shell: use a ```bash fence" if _looks_like_shell(str(data)) else ""
        return Finding("error", NAME, f"document is a scalar ({snippet!r}), not a Kubernetes object{hint}", doc.line)
    missing = [k for k in ("apiVersion", "kind") if not isinstance(data.get(k), str)]
    if missing:
        return Finding("error", NAME, f"document has no {' and no '.join(missing)}: not a Kubernetes object", doc.line)
    return None


def _looks_like_shell(text: str) -> bool:
    first = text.strip().split()[:1]
    return bool(first) and first[0] in {"helm", "kubectl", "curl", "cd", "export", "echo", "sudo", "apt", "cilium", "kind"}
