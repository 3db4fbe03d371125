import pytest

from k8sdoctest.checks import crd

from .helpers import SHARED_CRDS, config, crd_dir, verify, yaml_block, yaml_page

pytestmark = pytest.mark.skipif(crd_dir() is None, reason="no CRD directory: run `make crds` or set K8SDOCTEST_CRDS")

ROUTE = """apiVersion: gateway.networking.k8s.io/{v}
kind: HTTPRoute
metadata:
  name: r
spec:
  parentRefs:
    - name: gw
  rules:
    - backendRefs:
        - name: svc
          port: 80
"""


@pytest.mark.parametrize("version", ["v1", "v1beta1"])
def test_served_versions_validate(version):
    assert verify(yaml_block(ROUTE.format(v=version))).status == "verified"


def test_unknown_field_is_rejected_at_its_line():
    block = yaml_block(ROUTE.format(v="v1") + "  colour: red\n")
    result = verify(block)
    (finding,) = result.findings
    assert finding.check == "crd" and "'colour' was unexpected" in finding.message
    assert block.where(finding.line) == "x.yaml:12"


def test_int_or_string_and_wrong_type():
    head = "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: p\nspec:\n  endpointSelector: {}\n"
    port = '  ingress:\n    - toPorts:\n        - ports:\n            - port: {}\n'
    assert verify(yaml_block(head + port.format('"8080"'))).status == "verified"
    assert verify(yaml_block(head + "  ingress: 5\n")).status == "failed"
    # a CNP needs at least one rule list: the upstream schema says so, and so do we
    assert verify(yaml_block(head)).status == "failed"


def test_unknown_crd_is_a_finding_not_a_pass():
    result = verify(yaml_block("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n"))
    assert result.status == "failed"
    assert "no CRD serves example.com/v1 Widget" in result.findings[0].message


def test_unserved_version_names_the_served_ones():
    result = verify(yaml_block(ROUTE.format(v="v1alpha9")))
    assert "served versions: v1, v1beta1" in result.findings[0].message


def test_no_crd_directory_is_a_finding():
    from k8sdoctest.checks import Target

    page = yaml_page(ROUTE.format(v="v1"))
    result = crd.run(Target(page.blocks[0], page, config().__class__(root=config().root, crd_dirs=())))
    assert result is not None and result.status == "failed"


def test_strict_closes_objects_but_keeps_preserved_ones_open():
    out = crd.strict({"type": "object", "properties": {"a": {"type": "object", "x-kubernetes-preserve-unknown-fields": True, "properties": {}}}})
    assert out["additionalProperties"] is False
    assert "additionalProperties" not in out["properties"]["a"]


def test_shared_crds_match_the_pinned_checksums():
    from k8sdoctest import crdfetch

    if not SHARED_CRDS.is_dir():
        pytest.skip("../shared/crds is not beside this checkout")
    for item in crdfetch.pinned():
        assert crdfetch.digest((SHARED_CRDS / item.path).read_bytes()) == item.sha256, item.path
