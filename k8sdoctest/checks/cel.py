"""CRD `x-kubernetes-validations` (CEL) evaluated offline, as the API server does on create.

As in apiextensions' customResourceStrategy.Validate: the rules see the object after schema
defaulting, and they are not run at all when the schema already rejected the object with a
blocking error (wrong type, required, enum, too long / too many, or an unknown field, which
strict field validation refuses before validation). Transition rules (those reading `oldSelf`)
do not apply to a create and are skipped; a rule that uses a Kubernetes-only CEL library function
the evaluator lacks is counted as not evaluated. Every call is bounded first (`celcost`): a rule
over the per-call limit, or an object over the runtime budget, is a finding and is not run.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..celengine import engine
from ..manifests import Doc
from ..model import YAML, CheckResult, Finding
from . import Check, Target, celcost, crd, structural

NAME = "cel"
BUDGET_MESSAGE = "validation failed due to running out of cost budget, no further validation rules will be run"

apply_defaults = structural.apply_defaults  # kept: the same structural defaulting the crd check applies


@functools.cache
def program(rule: str) -> Any:
    return engine().compile(rule)  # loaded on the first rule: most runs evaluate none


def rules_at(schema: dict[str, Any], value: Any, path: list[Any]) -> Iterator[tuple[dict[str, Any], Any, list[Any]]]:
    """(rule, self, path) for every rule whose schema node has a value in the instance."""
    for rule in schema.get("x-kubernetes-validations") or []:
        yield rule, value, path
    if isinstance(value, dict):
        props = schema.get("properties") or {}
        for key, sub in props.items():
            if key in value:
                yield from rules_at(sub, value[key], [*path, key])
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            for key, item in value.items():
                if key not in props:
                    yield from rules_at(extra, item, [*path, key])
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            yield from rules_at(schema["items"], item, [*path, i])


@dataclass
class Outcome:
    findings: list[Finding] = field(default_factory=list)
    evaluated: int = 0
    skipped: list[str] = field(default_factory=list)  # rules with functions the evaluator lacks
    spent: int = 0  # bounded runtime cost, in the API server's units


def _run(rule: dict[str, Any], value: Any) -> tuple[bool | None, str]:
    """(holds, rule text for the message); None when the evaluator lacks a function the rule uses."""
    text = rule["rule"]
    try:
        return program(text).execute({"self": value}) is True, text
    except (RuntimeError, ValueError, TypeError) as exc:
        if "Undefined variable or function" in str(exc):
            return None, text
        return False, f"{text} (evaluation error: {exc})"
    except KeyError as exc:
        return False, f"{text} (no such key: {exc})"


def evaluate_instance(schema: dict[str, Any], instance: Any, doc: Doc, budget: int = celcost.RUNTIME_BUDGET) -> Outcome:
    """Evaluate every rule on an already defaulted instance, within the cost limits."""
    out = Outcome()
    for rule, value, path in rules_at(schema, instance, []):
        text = rule["rule"]
        if "oldSelf" in text:
            continue  # a transition rule: only on update
        where = ".".join(str(p) for p in path) or "(root)"
        cost = celcost.runtime_cost(text, value)
        if cost > celcost.PER_CALL_LIMIT:
            message = f"{where}: rule cost bound {cost:,} exceeds the per-call limit {celcost.PER_CALL_LIMIT:,}, not evaluated: {text}"
            out.findings.append(Finding("error", NAME, message, doc.line_of(path)))
            continue
        if out.spent + cost > budget:
            out.findings.append(Finding("error", NAME, f"{where}: {BUDGET_MESSAGE} (budget {budget:,})", doc.line_of(path)))
            break
        out.spent += cost
        ok, shown = _run(rule, value)
        if ok is None:
            out.skipped.append(text)
            continue
        out.evaluated += 1
        if not ok:
            at = [*path, *_field_path(rule)]
            where = ".".join(str(p) for p in at) or "(root)"
            out.findings.append(Finding("error", NAME, f"{where}: {_message(rule, value, shown)}", doc.line_of(at)))
    return out


def _field_path(rule: dict[str, Any]) -> list[str]:
    """The rule's `fieldPath` (`.spec.x` relative to self), where the API server reports the failure."""
    return [p for p in str(rule.get("fieldPath") or "").split(".") if p and "[" not in p]


def _message(rule: dict[str, Any], value: Any, shown: str) -> str:
    """`messageExpression` evaluated when it can be, else `message`, else the server's "failed rule: …"."""
    expression = rule.get("messageExpression")
    if expression:
        try:
            text = program(expression).execute({"self": value})
            if isinstance(text, str) and text.strip():
                return text
        except (RuntimeError, ValueError, TypeError, KeyError):
            pass  # as on the server: a failing messageExpression falls back to message
    return rule.get("message") or f"failed rule: {shown}"


def evaluate(schema: dict[str, Any], doc: Doc) -> tuple[list[Finding], int, list[str]]:
    """Findings, the number of rules evaluated, and the rules that could not be (defaults applied first)."""
    out = evaluate_instance(schema, apply_defaults(schema, copy.deepcopy(doc.data)), doc)
    return out.findings, out.evaluated, out.skipped


def run(target: Target) -> CheckResult | None:
    roots = target.settings.crd_dirs
    if not roots:
        return None  # the crd check reports the missing directory
    total = Outcome()
    blocked: list[str] = []
    for doc in crd.custom_docs(target.docs):
        served, _, _ = crd.resolve_doc(doc, roots, target.block.claims.crds)
        if served is None:
            continue  # the crd check reports it
        issues, defaulted, _ = crd.validated(target, doc, served)
        if any(i.blocking for i in issues):
            blocked.append(str(doc.data.get("kind")))
            continue
        out = evaluate_instance(served.schema, defaulted, doc, celcost.RUNTIME_BUDGET)
        total.findings += out.findings
        total.evaluated += out.evaluated
        total.skipped += out.skipped
        total.spent += out.spent
    if blocked and not total.evaluated and not total.findings:
        return CheckResult.not_run(NAME, f"the schema rejected {', '.join(blocked)}: CEL rules not evaluated, as the API server does")
    if not total.evaluated and not total.findings and not total.skipped:
        return None
    skipped = set(total.skipped)
    note = f"; {len(skipped)} rule(s) use functions the evaluator lacks, not evaluated" if skipped else ""
    return CheckResult.from_findings(NAME, total.findings, f"{total.evaluated} CEL validation rule(s) hold{note}")


CHECK = Check(NAME, "CEL 规则", YAML, run, after=("yaml",), needs=("docs", "crds", "k8s"))
