"""A bound on the cost of CRD CEL rules, in the API server's units and with its limits.

The evaluator we use has no cost tracking and cannot be interrupted, so the cost of a rule is
bounded *before* it runs, from its text and the size of the value: every comprehension macro
(`all`, `exists`, `exists_one`, `map`, `filter`) multiplies the cost of what it contains by the
size of the collection it walks. With the largest collection in `self` as that size, the bound
is `terms × size ^ nesting`, an upper bound of the same order as cel-go's (one unit per
evaluated term; comprehensions pay per element).

Limits (`k8s.io/apiserver/pkg/apis/cel/config.go`, apiextensions validation):
- runtime, per call of one rule: 1,000,000; per object, all rules: 10,000,000;
- estimated at CRD creation, per rule: 10,000,000 (times the rule's cardinality); per CRD: 100,000,000.
The static estimate uses the schema's maxItems/maxProperties/maxLength where a runtime bound uses
the value, and the largest list a 3 MiB request can hold where the schema sets no maximum.
"""

from __future__ import annotations

import functools
import re
from typing import Any

PER_CALL_LIMIT = 1_000_000
RUNTIME_BUDGET = 10_000_000
STATIC_PER_EXPRESSION = 10_000_000
STATIC_PER_CRD = 100_000_000
MAX_REQUEST_BYTES = 3 * 1024 * 1024
UNBOUNDED = MAX_REQUEST_BYTES // 2  # the most items a request can hold (an item serialises to at least "0,")

MACROS = {"all", "exists", "exists_one", "map", "filter"}
_TOKEN = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|&&|\|\||[=!<>]=|\S""")


@functools.cache
def shape(rule: str) -> tuple[int, int]:
    """(terms, deepest nesting of comprehension macros) of a rule's text."""
    tokens = _TOKEN.findall(rule)
    depth = deepest = 0
    stack: list[bool] = []  # for each open paren: does it open a macro call?
    for i, tok in enumerate(tokens):
        if tok == "(":
            is_macro = i >= 2 and tokens[i - 1] in MACROS and tokens[i - 2] == "."
            stack.append(is_macro)
            if is_macro:
                depth += 1
                deepest = max(deepest, depth)
        elif tok == ")" and stack:
            if stack.pop():
                depth -= 1
    return len(tokens), deepest


def largest(value: Any, limit: int = UNBOUNDED) -> int:
    """The size of the largest list, map or string in the value (stops counting at `limit`)."""
    best = 0
    todo = [value]
    while todo and best < limit:
        item = todo.pop()
        if isinstance(item, (list, dict)):
            best = max(best, len(item))
            todo.extend(item.values() if isinstance(item, dict) else item)
        elif isinstance(item, str):
            best = max(best, len(item))
    return best


def runtime_cost(rule: str, value: Any) -> int:
    terms, nesting = shape(rule)
    return terms * max(1, largest(value)) ** nesting


def schema_bound(schema: dict[str, Any]) -> int:
    """The largest collection or string the schema allows under this node (the API server's estimate)."""
    best = 0
    todo = [schema]
    while todo:
        node = todo.pop()
        kind = node.get("type")
        if kind == "array":
            best = max(best, node.get("maxItems", UNBOUNDED))
        elif kind == "object" and ("additionalProperties" in node or node.get("x-kubernetes-preserve-unknown-fields")):
            best = max(best, node.get("maxProperties", UNBOUNDED))
        elif kind == "string":
            best = max(best, node.get("maxLength", UNBOUNDED))
        todo.extend((node.get("properties") or {}).values())
        for sub in ("items", "additionalProperties"):
            if isinstance(node.get(sub), dict):
                todo.append(node[sub])
    return best


def static_cost(rule: str, schema: dict[str, Any], cardinality: int) -> int:
    terms, nesting = shape(rule)
    return cardinality * terms * max(1, schema_bound(schema)) ** nesting
