from pathlib import Path

import pytest

from k8sdoctest.checks import crd, crdsets, structural
from k8sdoctest.checks.crdsets import Served
from k8sdoctest.manifests import load

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
    shared = [SHARED_CRDS, SHARED_CRDS.parent / "crds-next"]
    for item in crdfetch.pinned():
        copies = [d / item.path for d in shared if (d / item.path).is_file()]
        assert len(copies) == 1, item.path  # in crds/ or in crds-next/, never both
        assert crdfetch.digest(copies[0].read_bytes()) == item.sha256, item.path


# --- apiextensions behaviour: defaults, list types, formats, patterns, metadata ---------------------------------------

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
"""


def served(schema: dict) -> Served:
    return Served("test", "test/x.yaml", schema, None, "Namespaced")


def issues_of(schema: dict, data: dict, minors=(37,)):
    found, _, notes = crd.validate(served(schema), data, minors)
    return [(".".join(map(str, i.path)), i.message, i.kind) for i in found], notes


def crd_findings(text: str, crds: str | None = None):
    block = yaml_block(text, crds=tuple(crds.split(",")) if crds else ())
    return [f for f in verify(block).findings if f.check == "crd"]


def test_duplicate_list_map_entries_are_rejected_with_their_path():
    text = GATEWAY + "    - name: web\n      protocol: HTTP\n      port: 8080\n"
    block = yaml_block(text)
    (dup,) = [f for f in verify(block).findings if f.check == "crd"]
    assert dup.message == 'spec.listeners.1: Duplicate value: {"name": "web"}'
    assert block.where(dup.line) == "x.yaml:11"


def test_duplicate_list_set_entries_are_rejected():
    schema = {"type": "object", "properties": {"s": {"type": "array", "x-kubernetes-list-type": "set", "items": {"type": "string"}}}}
    found, _ = issues_of(schema, {"metadata": {"name": "x"}, "s": ["a", "b", "a", "a"]})
    assert found == [("s.2", 'Duplicate value: "a"', "Duplicate"), ("s.3", 'Duplicate value: "a"', "Duplicate")]


def test_list_map_keys_compare_after_defaults():
    item = {"type": "object", "properties": {"k": {"type": "string", "default": "x"}, "v": {"type": "integer"}}}
    schema = {"type": "object", "properties": {"l": {"type": "array", "items": item, "x-kubernetes-list-type": "map",
                                                     "x-kubernetes-list-map-keys": ["k"]}}}
    found, _ = issues_of(schema, {"metadata": {"name": "x"}, "l": [{"v": 1}, {"k": "x", "v": 2}]})
    assert found == [("l.1", 'Duplicate value: {"k": "x"}', "Duplicate")]


def test_defaults_follow_the_structural_algorithm():
    schema = {"type": "object", "properties": {
        "a": {"type": "object", "properties": {"b": {"type": "string", "default": "B"}}},
        "absent": {"type": "object", "properties": {"c": {"type": "string", "default": "C"}}},
        "n": {"type": "string", "default": "N"},
        "l": {"type": "array", "items": {"type": "object", "properties": {"d": {"type": "integer", "default": 1}}}},
        "m": {"type": "object", "additionalProperties": {"type": "object", "properties": {"e": {"type": "boolean", "default": True}}}},
    }}
    value = structural.apply_defaults(schema, {"a": {}, "n": None, "l": [{}, {"d": 5}], "m": {"k": {}}})
    # the parent must exist: `absent` stays absent; a non-nullable null takes the default
    assert value == {"a": {"b": "B"}, "n": "N", "l": [{"d": 1}, {"d": 5}], "m": {"k": {"e": True}}}


def test_gateway_addresses_need_the_defaulted_type():
    # upstream examples/standard/gateway-addresses.yaml: addresses without `type` are IPAddress by default
    text = (Path(__file__).parent / "gateway_api_examples/valid/gateway-addresses.yaml").read_text()
    assert verify(yaml_block(text)).status == "verified"
    docs, _ = load(text)
    schema = crdsets.resolve(crd_dir(), crd.key_of(docs[0]), ()).served.schema
    defaulted = structural.apply_defaults(schema, docs[0].data)
    assert {a.get("type") for a in defaulted["spec"]["addresses"]} == {"IPAddress", "Hostname"}


def test_unsupported_formats_are_ignored_and_supported_ones_enforced():
    schema = {"type": "object", "properties": {"i": {"type": "string", "format": "idn-hostname"},
                                               "h": {"type": "string", "format": "hostname"},
                                               "q": {"type": "string", "format": "quantity"}}}
    ok, _ = issues_of(schema, {"metadata": {"name": "x"}, "i": "not a host!", "h": "a.example", "q": "10Gi"})
    assert ok == []
    bad, _ = issues_of(schema, {"metadata": {"name": "x"}, "h": "-bad-", "q": "ten"})
    assert [p for p, _, _ in bad] == ["h", "q"]


def test_k8s_name_formats_only_from_1_34():
    schema = {"type": "object", "properties": {"n": {"type": "string", "format": "k8s-short-name"}}}
    data = {"metadata": {"name": "x"}, "n": "Not_A_Label"}
    assert issues_of(schema, data, (33,))[0] == []
    assert [p for p, _, _ in issues_of(schema, data, (33, 34))[0]] == ["n"]


def test_go_patterns_are_enforced_as_re2():
    schema = {"type": "object", "properties": {"p": {"type": "string", "pattern": r"^\PC*$"},
                                               "i": {"type": "string", "pattern": "(?i)^abc$"}}}
    assert issues_of(schema, {"metadata": {"name": "x"}, "p": "héllo wörld", "i": "ABC"})[0] == []
    bad, _ = issues_of(schema, {"metadata": {"name": "x"}, "p": "bell\x07", "i": "abd"})
    assert sorted(p for p, _, _ in bad) == ["i", "p"]


def test_a_pattern_re2_cannot_compile_is_a_notice_not_a_silent_drop():
    schema = {"type": "object", "properties": {"p": {"type": "string", "pattern": "^(?=x)"}}}
    found, notes = issues_of(schema, {"metadata": {"name": "x"}, "p": "y"})
    assert found == [] and notes == [".p: pattern '^(?=x)' is not valid RE2, not enforced"]


def test_cilium_1_19_log_value_pattern_is_enforced():
    if "cilium-v1.19.4" not in crdsets.files_by_set(crd_dir()):
        pytest.skip("cilium-v1.19.4 (crds-next) is not among the CRD directories")
    head = "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: p\nspec:\n  endpointSelector: {}\n  ingress:\n    - {}\n"
    assert crd_findings(head + '  log:\n    value: "web ingress"\n', "cilium-v1.19.4") == []
    (finding,) = crd_findings(head + '  log:\n    value: "bell\\a"\n', "cilium-v1.19.4")
    assert "spec.log.value" in finding.message and "PC" in finding.message


def test_metadata_is_validated_like_any_object():
    (unknown,) = crd_findings(GATEWAY.replace("  name: g\n", "  name: g\n  colour: red\n"))
    assert unknown.message.startswith("metadata: ") and "'colour' was unexpected" in unknown.message
    (missing,) = crd_findings(GATEWAY.replace("  name: g\n", "  labels: {a: b}\n"))
    assert missing.message == "metadata.name: Required value: name or generateName is required"
    assert crd_findings(GATEWAY.replace("  name: g\n", "  generateName: g-\n")) == []
    (bad,) = crd_findings(GATEWAY.replace("  name: g\n", "  name: My_Gateway\n"))
    # the words kube-apiserver prints (the apiserver check's ported rules, k8sdoctest.apiserver.metadata)
    assert bad.message.startswith('metadata.name: Invalid value: "My_Gateway": a lowercase RFC 1123 subdomain must consist of')
    (label,) = crd_findings(GATEWAY.replace("  name: g\n", "  name: g\n  labels:\n    app: -web-\n"))
    assert label.message.startswith('metadata.labels.app: Invalid value: "-web-": a valid label must be')


# --- CRD sets and claims -------------------------------------------------------------------------------------------


def test_claims_pick_a_channel_and_the_default_is_standard():
    if "gateway-api-v1.6.1-experimental" not in crdsets.files_by_set(crd_dir()):
        pytest.skip("the experimental channel (crds-next) is not among the CRD directories")
    text = GATEWAY.replace("  gatewayClassName: c\n", "  gatewayClassName: c\n  defaultScope: All\n")
    (finding,) = crd_findings(text)  # standard channel: no such field
    assert "'defaultScope' was unexpected" in finding.message
    assert crd_findings(text, "gateway-api-experimental") == []
    assert crd_findings(text, "gateway-api-v1.6.1-experimental") == []
    result = next(c for c in verify(yaml_block(GATEWAY)).checks if c.name == "crd")
    assert "gateway-api-v1.6.1/gateway.networking.k8s.io_gateways.yaml; default of 2 sets" in result.message


def test_a_claim_that_matches_no_set_is_a_finding():
    unknown, unserved = crd_findings(GATEWAY, "gateway-api-v9.9.9")
    assert "crds=gateway-api-v9.9.9: no CRD set matches" in unknown.message
    assert "does not serve gateway.networking.k8s.io/v1 Gateway" in unserved.message  # never a silent fallback


def test_a_claim_for_a_set_that_does_not_serve_the_kind_is_a_finding(tmp_path):
    roots = _two_sets(tmp_path)
    found = crdsets.resolve(roots, ("a.example.com", "v1", "Thing"), ("thing-api-v1.0.0-experimental",))
    assert found.served is None and "does not serve a.example.com/v1 Thing" in found.error


CRD_FILE = """apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: {plural}.{group}
spec:
  group: {group}
  names:
    kind: {kind}
    plural: {plural}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema: {{type: object, properties: {{spec: {{type: object, properties: {{{field}: {{type: string}}}}}}}}}}
"""


def _two_sets(tmp_path: Path) -> tuple[Path, ...]:
    """Two roots: `thing-api-v1.0.0` split across both, plus v2.0.0, an experimental channel and another group."""
    def write(root: str, crdset: str, group: str, kind: str, field: str) -> None:
        path = tmp_path / root / crdset / f"{kind.lower()}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(CRD_FILE.format(group=group, kind=kind, plural=kind.lower() + "s", field=field))
    write("crds", "thing-api-v1.0.0", "a.example.com", "Thing", "one")
    write("next", "thing-api-v1.0.0", "a.example.com", "Other", "one")
    write("next", "thing-api-v2.0.0", "a.example.com", "Thing", "two")
    write("next", "thing-api-v2.0.0-experimental", "a.example.com", "Thing", "three")
    write("next", "else-v1.0.0", "b.example.com", "Else", "x")
    return (tmp_path / "crds", tmp_path / "next")


def test_sets_span_directories_and_the_newest_standard_wins(tmp_path):
    roots = _two_sets(tmp_path)
    assert crdsets.files_by_set(roots)["thing-api-v1.0.0"] == (
        tmp_path / "crds/thing-api-v1.0.0/thing.yaml", tmp_path / "next/thing-api-v1.0.0/other.yaml")
    default = crdsets.resolve(roots, ("a.example.com", "v1", "Thing"), ())
    assert default.served.crdset == "thing-api-v2.0.0" and "default of 3 sets" in default.note
    claimed = crdsets.resolve(roots, ("a.example.com", "v1", "Thing"), ("thing-api-v1.0.0",))
    assert claimed.served.crdset == "thing-api-v1.0.0"
    experimental = crdsets.resolve(roots, ("a.example.com", "v1", "Thing"), ("thing-api-experimental", "else"))
    assert experimental.served.crdset == "thing-api-v2.0.0-experimental"


def test_only_the_files_of_the_used_kind_are_parsed(tmp_path, monkeypatch):
    roots = _two_sets(tmp_path)
    parsed: list[str] = []
    real = crdsets._parse.__wrapped__

    def recording(path):
        parsed.append(path.parent.name)
        return real(path)

    monkeypatch.setattr(crdsets, "_parse", recording)
    crdsets.resolve(roots, ("a.example.com", "v1", "Thing"), ())
    assert parsed == ["thing-api-v2.0.0"]  # the set used: the others that define Thing are not read
    crdsets.resolve(roots, ("a.example.com", "v1", "Thing"), ("thing-api-experimental",))
    assert parsed == ["thing-api-v2.0.0", "thing-api-v2.0.0-experimental"]


def test_directive_and_front_matter_claim_crd_sets():
    from .helpers import md_blocks

    page = "---\ncrds: [gateway-api-experimental]\n---\n\n```yaml\na: 1\n```\n\n<!-- k8sdoctest: crds=cilium-v1.17.3 -->\n```yaml\nb: 2\n```\n"
    first, second = md_blocks(page)
    assert first.claims.crds == ("gateway-api-experimental",) and second.claims.crds == ("cilium-v1.17.3",)
    (bad,) = md_blocks("<!-- k8sdoctest: crds=Bad_Name -->\n```yaml\na: 1\n```\n")
    assert any("crds: 'Bad_Name'" in p.message and p.check == "directive" for p in bad.problems)


def test_a_deprecated_served_version_is_a_warning_as_the_api_server_sends_it():
    policy = """apiVersion: gateway.networking.k8s.io/{v}
kind: BackendTLSPolicy
metadata:
  name: p
spec:
  targetRefs:
    - group: ""
      kind: Service
      name: svc
  validation:
    hostname: svc.example.com
    wellKnownCACertificates: System
"""
    old = verify(yaml_block(policy.format(v="v1alpha3")))
    (warning,) = [f for f in old.findings if f.level == "warning"]
    assert old.status == "verified" and warning.check == "crd" and "v1alpha3 version of BackendTLSPolicy has been deprecated" in warning.message
    assert not [f for f in verify(yaml_block(policy.format(v="v1"))).findings if f.level == "warning"]
