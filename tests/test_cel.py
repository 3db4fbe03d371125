import time

import pytest

from k8sdoctest.checks import cel, celcost, crd, crdsets
from k8sdoctest.manifests import load

from .helpers import crd_dir, verify, yaml_block

pytestmark = pytest.mark.skipif(crd_dir() is None, reason="no CRD directory: run `make crds` or set K8SDOCTEST_CRDS")

ROUTE = """apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: r
spec:
  parentRefs:
    - name: gw
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: {value}
      backendRefs:
        - name: svc
          port: 80
"""

GATEWAY = """apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: g
spec:
  gatewayClassName: c
  listeners:
    - name: web
      protocol: HTTP
      port: 80
    - name: web
      protocol: HTTP
      port: 8080
"""


def cel_result(text):
    return next(c for c in verify(yaml_block(text)).checks if c.name == "cel")


def test_rules_hold_for_a_valid_route():
    result = cel_result(ROUTE.format(value="/api"))
    assert result.status == "passed" and "CEL validation rule(s) hold" in result.message


def test_relative_path_breaks_a_gateway_api_rule_at_its_line():
    block = yaml_block(ROUTE.format(value="api"))
    result = verify(block)
    (finding,) = [f for f in result.findings if f.check == "cel"]
    assert "must be an absolute path" in finding.message
    assert block.where(finding.line) == "x.yaml:11"  # the `path` object the rule is on


def test_duplicate_listener_names_are_rejected():
    assert any("Listener name must be unique" in f.message for f in cel_result(GATEWAY).findings)


def test_defaults_are_applied_before_rules():
    schema = {"type": "object", "properties": {"a": {"type": "string", "default": "x"}},
              "x-kubernetes-validations": [{"rule": "self.a == 'x'", "message": "a must be x"}]}
    docs, _ = load("b: 1\n")
    findings, evaluated, _ = cel.evaluate(schema, docs[0])
    assert findings == [] and evaluated == 1


def test_unknown_functions_and_transition_rules_are_not_evaluated():
    schema = {"type": "object", "x-kubernetes-validations": [{"rule": "isURL(self.u)"}, {"rule": "self == oldSelf"}]}
    docs, _ = load("u: http://x\n")
    findings, evaluated, skipped = cel.evaluate(schema, docs[0])
    assert findings == [] and evaluated == 0 and skipped == ["isURL(self.u)"]


# --- as the API server: CEL after the schema, within a cost budget ---------------------------------------------------


def listeners(n: int, port: str = "80") -> str:
    head = "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: g\nspec:\n  gatewayClassName: c\n  listeners:\n"
    return head + "".join(f"    - name: l{i % 2}\n      protocol: HTTP\n      port: {port}\n" for i in range(n))


def test_cel_is_not_run_after_a_blocking_schema_error():
    assert any("Listener name must be unique" in f.message for f in cel_result(listeners(4)).findings)
    result = cel_result(listeners(4, port='"eighty"'))  # a wrong type: the API server skips the rules
    assert result.status == "not-run" and "CEL rules not evaluated" in result.message
    assert not [f for f in verify(yaml_block(listeners(4, port='"eighty"'))).findings if f.check == "cel"]


def test_cel_still_runs_after_a_non_blocking_schema_error():
    text = listeners(2).replace("name: l1", "name: bad>")  # a pattern violation is not blocking
    result = verify(yaml_block(text))
    assert any(f.check == "crd" and "does not match the pattern" in f.message for f in result.findings)
    assert next(c for c in result.checks if c.name == "cel").status != "not-run"


def test_two_thousand_listeners_are_rejected_quickly():
    start = time.perf_counter()
    result = verify(yaml_block(listeners(2000)))
    elapsed = time.perf_counter() - start
    assert any(f.check == "crd" and "spec.listeners" in f.message and "64" in f.message for f in result.findings)
    assert next(c for c in result.checks if c.name == "cel").status == "not-run"  # maxItems 64 is blocking
    assert elapsed < 5, elapsed


UNBOUNDED = {"type": "object", "properties": {"items": {
    "type": "array", "items": {"type": "string"},
    "x-kubernetes-validations": [{"rule": "self.all(a, self.exists_one(b, a == b))", "message": "items must be unique"}],
}}}


def test_a_quadratic_rule_over_a_huge_list_hits_the_per_call_limit_in_bounded_time():
    docs, _ = load("items:\n" + "".join(f"  - i{i}\n" for i in range(2000)))
    start = time.perf_counter()
    findings, evaluated, _ = cel.evaluate(UNBOUNDED, docs[0])
    assert time.perf_counter() - start < 1
    (finding,) = findings
    assert evaluated == 0 and "exceeds the per-call limit 1,000,000" in finding.message
    small, _ = load("items: [a, b, c]\n")
    assert cel.evaluate(UNBOUNDED, small[0])[:2] == ([], 1)  # the same rule runs on a small list


def test_the_runtime_budget_stops_evaluation_with_a_finding():
    rule = "self.l.all(x, self.l.all(y, y >= 0))"  # quadratic: under the per-call limit, not by much
    item = {"type": "object", "properties": {"l": {"type": "array", "items": {"type": "integer"}}},
            "x-kubernetes-validations": [{"rule": rule}]}
    schema = {"type": "object", "properties": {"items": {"type": "array", "items": item}}}
    per_call = celcost.runtime_cost(rule, {"l": [0] * 250})
    assert per_call <= celcost.PER_CALL_LIMIT
    calls = celcost.RUNTIME_BUDGET // per_call + 1
    docs, _ = load("items:\n" + "".join("  - l: [0]\n" for _ in range(calls)))
    for entry in docs[0].data["items"]:
        entry["l"] = [0] * 250
    findings, evaluated, _ = cel.evaluate(schema, docs[0])
    assert evaluated == calls - 1
    assert findings[-1].message.endswith(f"{cel.BUDGET_MESSAGE} (budget 10,000,000)")


def test_rule_shape_counts_macro_nesting_outside_strings():
    assert celcost.shape("self.all(a, a.exists(b, b == 'x.all(y'))")[1] == 2
    assert celcost.shape("has(self.x) && self.y > 0")[1] == 0
    assert celcost.iterated_paths("self.spec.types.exists(t, t == 'E')") == [["spec", "types"]]


def test_static_estimate_flags_a_rule_the_api_server_would_refuse():
    per_rule, per_crd = celcost.static_findings(UNBOUNDED)
    assert per_rule.startswith("items: estimated rule cost ") and "exceeds the limit 10,000,000" in per_rule
    assert "exceeds the per-CRD limit 100,000,000" in per_crd
    bounded = {"type": "object", "properties": {"items": dict(UNBOUNDED["properties"]["items"], maxItems=64)}}
    assert celcost.static_findings(bounded) == []


def test_pinned_crds_pass_the_static_estimate():
    roots = crd_dir()
    for group, kind in crdsets.kinds(roots):
        for key, sets in crdsets.served_kind(roots, group, kind).items():
            for served in sets.values():
                assert celcost.static_findings(served.schema) == [], (served.source, key)


def test_message_expression_and_field_path_are_reported_as_the_server_does():
    schema = {"type": "object", "properties": {"spec": {"type": "object", "properties": {"size": {"type": "integer"}},
              "x-kubernetes-validations": [{"rule": "self.size < 3", "fieldPath": ".size",
                                            "messageExpression": "'size is ' + string(self.size) + ', at most 2'"}]}}}
    # not `n`: read as kubectl reads YAML (1.1), the key `n` is the boolean false
    docs, _ = load("spec:\n  size: 5\n")
    (finding,) = cel.evaluate(schema, docs[0])[0]
    assert finding.message == "spec.size: size is 5, at most 2" and finding.line == 1


def test_an_int_or_string_of_another_type_is_a_blocking_type_error():
    schema = {"type": "object", "properties": {"port": {"x-kubernetes-int-or-string": True}}}
    served = crdsets.Served("test", "test/x.yaml", schema, None, "Namespaced")
    assert crd.validate(served, {"metadata": {"name": "x"}, "port": "http"}, (37,))[0] == []
    assert crd.validate(served, {"metadata": {"name": "x"}, "port": 80}, (37,))[0] == []
    (issue,) = crd.validate(served, {"metadata": {"name": "x"}, "port": True}, (37,))[0]
    assert issue.kind == "TypeInvalid" and issue.blocking


def test_gateway_rules_on_two_thousand_listeners_stop_at_the_cost_limit_not_after_seconds():
    """Even past the schema (maxItems 64), the quadratic uniqueness rules are bounded before they run."""
    docs, _ = load(listeners(2000))
    served, _, _ = crd.resolve_doc(docs[0], crd_dir(), ())
    start = time.perf_counter()
    findings, _, _ = cel.evaluate(served.schema, docs[0])
    assert time.perf_counter() - start < 3
    limited = [f for f in findings if "exceeds the per-call limit" in f.message]
    assert limited and all(f.message.startswith("spec.listeners: rule cost bound ") for f in limited)


def test_the_crd_check_and_cel_validate_each_document_once(monkeypatch):
    calls = []
    real = crd.validate

    def counting(served, data, minors):
        calls.append(data.get("kind"))
        return real(served, data, minors)

    monkeypatch.setattr(crd, "validate", counting)
    result = verify(yaml_block(ROUTE.format(value="/api")))
    assert {c.name: c.status for c in result.checks}.keys() >= {"crd", "cel"}
    assert calls == ["HTTPRoute"]  # the cel check reads the crd check's validation of the block
