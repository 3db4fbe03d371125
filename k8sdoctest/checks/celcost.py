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
The static estimate uses the schema's maxItems/maxProperties where the runtime bound uses the value,
and, where the schema sets no maximum, as many elements of the smallest serialised size as fit in a
3 MiB request (apiextensions' estimateMinSizeJSON / estimateMaxArrayItemsFromMinSize); a rule's
cardinality is the product of those sizes over the lists and maps above it. On the pinned upstream
CRDs, which the API server accepts, no rule comes out above the limits.
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


PUNCTUATION = set("().,[]{}:?")


@functools.cache
def shape(rule: str) -> tuple[int, int]:
    """(terms, deepest nesting of comprehension macros) of a rule's text; a term is what cel-go charges about 1 for."""
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
    return sum(1 for t in tokens if t not in PUNCTUATION), deepest


_ITERATED = re.compile(r"\bself((?:\.[A-Za-z_][A-Za-z0-9_]*)*)\.(?:" + "|".join(sorted(MACROS)) + r")\(")


def iterated_paths(rule: str) -> list[list[str]]:
    """The `self…` paths a rule runs a macro over: `self.types.exists(t, …)` → [["types"]]."""
    return [[p for p in found.group(1).split(".") if p] for found in _ITERATED.finditer(rule)]


def largest(value: Any, limit: int = UNBOUNDED) -> int:
    """The size of the largest list or map in the value (stops counting at `limit`)."""
    best = 0
    todo = [value]
    while todo and best < limit:
        item = todo.pop()
        if isinstance(item, (list, dict)):
            best = max(best, len(item))
            todo.extend(item.values() if isinstance(item, dict) else item)
    return best


def _value_at(value: Any, path: list[str]) -> Any:
    for step in path:
        if not isinstance(value, dict) or step not in value:
            return None
        value = value[step]
    return value


def runtime_cost(rule: str, value: Any) -> int:
    """A bound on one call of the rule on this value: terms × (size of what its macros walk) ^ nesting."""
    terms, nesting = shape(rule)
    if not nesting:
        return terms
    walked = [_value_at(value, path) for path in iterated_paths(rule)]
    sizes = [len(v) for v in walked if isinstance(v, (list, dict))]
    size: int = max(1, max(sizes) if sizes else largest(value))
    return int(terms * size**nesting)  # int ** int is typed Any: nesting is never negative


def min_size(schema: dict[str, Any] | None) -> int:
    """The smallest JSON a value of the schema serialises to (apiextensions' estimateMinSizeJSON)."""
    if not schema:
        return 1
    kind = schema.get("type")
    if kind == "boolean":
        return 4
    if kind in ("number", "integer"):
        return 1
    if kind in ("string", "array"):
        return 2
    if kind == "object":
        props = schema.get("properties") or {}
        required = [k for k in schema.get("required") or [] if k in props and "default" not in props[k]]
        return 2 + sum(len(k) + 4 + min_size(props[k]) for k in required)
    return 1


def max_elements(schema: dict[str, Any]) -> int:
    """The most items (list) or entries (map) a request can hold: the schema's maximum, else what fits in 3 MiB."""
    if schema.get("type") == "array":
        return int(schema.get("maxItems", (MAX_REQUEST_BYTES - 2) // (min_size(schema.get("items")) + 1)))
    extra = schema.get("additionalProperties")
    if schema.get("type") == "object" and isinstance(extra, dict):
        return int(schema.get("maxProperties", (MAX_REQUEST_BYTES - 2) // (min_size(extra) + 6)))
    return 1


def _at(schema: dict[str, Any], path: list[str]) -> dict[str, Any] | None:
    for step in path:
        schema = (schema.get("properties") or {}).get(step)  # type: ignore[assignment]
        if schema is None:
            return None
    return schema


def _iterated_size(rule: str, schema: dict[str, Any]) -> int:
    """The most elements a macro of the rule walks: the collections it names, else the node or its largest child."""
    named = [_at(schema, path) for path in iterated_paths(rule)]
    sizes = [max_elements(n) for n in named if n is not None]
    if sizes:
        return max(sizes)
    own = max_elements(schema)
    if own > 1 or schema.get("type") == "array":
        return own
    return max([max_elements(p) for p in (schema.get("properties") or {}).values()] or [1])


def static_cost(rule: str, schema: dict[str, Any]) -> int:
    """Estimated cost of one call of a rule on this schema node (no cardinality)."""
    terms, nesting = shape(rule)
    return terms * max(1, _iterated_size(rule, schema)) ** nesting if nesting else terms


def static_costs(schema: dict[str, Any], path: str = "", cardinality: int = 1) -> list[tuple[str, str, int]]:
    """(path, rule, estimated cost × how often the node can occur) for every rule in a CRD version's schema."""
    out = [(path or "(root)", r["rule"], cardinality * static_cost(r["rule"], schema))
           for r in schema.get("x-kubernetes-validations") or [] if "oldSelf" not in r["rule"]]
    for key, sub in (schema.get("properties") or {}).items():
        out += static_costs(sub, f"{path}.{key}" if path else key, cardinality)
    for key, mark in (("items", "[*]"), ("additionalProperties", "[*]")):
        sub = schema.get(key)
        if isinstance(sub, dict):
            out += static_costs(sub, path + mark, cardinality * max_elements(schema))
    return out


def static_findings(schema: dict[str, Any]) -> list[str]:
    """What the API server's CRD cost check would refuse (per rule, then per CRD), by our estimate."""
    costs = static_costs(schema)
    notes = [f"{where}: estimated rule cost {cost:,} exceeds the limit {STATIC_PER_EXPRESSION:,}: {rule}"
             for where, rule, cost in costs if cost > STATIC_PER_EXPRESSION]
    total = sum(cost for _, _, cost in costs)
    if total > STATIC_PER_CRD:
        notes.append(f"estimated total CEL cost {total:,} exceeds the per-CRD limit {STATIC_PER_CRD:,}")
    return notes
