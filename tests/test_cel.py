import pytest

from k8sdoctest.checks import cel

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
    from k8sdoctest.manifests import load

    docs, _ = load("b: 1\n")
    findings, evaluated, _ = cel.evaluate(schema, docs[0])
    assert findings == [] and evaluated == 1


def test_unknown_functions_and_transition_rules_are_not_evaluated():
    schema = {"type": "object", "x-kubernetes-validations": [{"rule": "isURL(self.u)"}, {"rule": "self == oldSelf"}]}
    from k8sdoctest.manifests import load

    docs, _ = load("u: http://x\n")
    findings, evaluated, skipped = cel.evaluate(schema, docs[0])
    assert findings == [] and evaluated == 0 and skipped == ["isURL(self.u)"]
