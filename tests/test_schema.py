from k8sdoctest import versions
from k8sdoctest.checks import schema

from .helpers import verify, yaml_block

SERVICE = """apiVersion: v1
kind: Service
metadata:
  name: s
spec:
  selector:
    app: a
  ports:
    - port: 80
"""


def test_valid_service_passes_on_every_version():
    result = verify(yaml_block(SERVICE))
    check = next(c for c in result.checks if c.name == "schema")
    assert result.status == "verified"
    assert check.accepted == versions.ALL


def test_removed_field_fails_on_every_version_with_its_line():
    block = yaml_block(SERVICE + "  topologyKeys:\n    - '*'\n")
    result = verify(block)
    (finding,) = [f for f in result.findings if f.check == "schema"]
    assert "'topologyKeys' was unexpected" in finding.message and "1.25–1.37" in finding.message
    assert block.where(finding.line) == "x.yaml:10"


def test_field_added_later_is_reported_per_version():
    block = yaml_block(SERVICE + "  trafficDistribution: PreferClose\n", versions.parse_range("1.28-1.31"))
    result = verify(block)
    check = next(c for c in result.checks if c.name == "schema")
    assert check.accepted == ("1.30", "1.31")
    assert "[Kubernetes 1.28–1.29]" in check.findings[0].message


def test_kind_not_served_and_missing_metadata():
    result = verify(yaml_block("apiVersion: extensions/v1beta1\nkind: Ingress\nspec: {}\n"))
    messages = " ".join(f.message for f in result.findings)
    assert "is not served by Kubernetes" in messages and "no metadata.name" in messages


def test_validators_are_compiled_once():
    assert schema.validator("1.33", "v1", "Service") is schema.validator("1.33", "v1", "Service")
    assert schema.validator("1.33", "v1", "NoSuchKind") is None


def test_deep_nesting_is_a_finding_not_a_traceback():
    from .helpers import verify, yaml_block

    deep = "a:\n" + "".join("  " * (i + 1) + "b:\n" for i in range(300)) + "  " * 301 + "c: 1\n"
    result = verify(yaml_block("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  x: y\nbinaryData:\n  " + deep.replace("\n", "\n  ")))
    assert result.status == "failed" and any("nested" in f.message or "Additional" in f.message or "type" in f.message for f in result.findings)


def test_versions_sharing_a_schema_share_one_compiled_validator():
    from k8sdoctest import versions

    compiled = {id(schema.validator(v, "v1", "Service")) for v in versions.ALL}
    assert 1 < len(compiled) < len(versions.ALL)


def test_only_the_reachable_definitions_give_the_same_verdicts_as_all_of_them():
    import json

    bad = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "labelz": {}},
           "spec": {"ports": [{"port": "x"}], "topologyKeys": ["a"], "selector": {"app": 1}}}
    for version in ("1.25", "1.31", "1.37"):
        body = schema.schema_file(version, "v1", "Service").read_text().replace('"/api/_definitions.json#', '"#')
        full = schema._compile(body, (), version)
        ours = schema.validator(version, "v1", "Service")
        assert ours is not None
        assert sorted(e.message for e in ours.iter_errors(bad)) == sorted(e.message for e in full.iter_errors(bad))
        assert len(json.loads(body)) and len(list(ours.iter_errors(bad))) >= 3


def test_a_list_is_expanded_and_each_item_checked_against_its_own_schema():
    """kubectl sends each item of a v1 List on its own (cli-runtime FlattenListVisitor): a List is not an unserved kind."""
    from .helpers import verify, yaml_block

    good = "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: a\n"
    assert verify(yaml_block(good, ("1.34",))).status == "verified"
    bad = good + "  - apiVersion: v1\n    kind: Service\n    metadata:\n      name: s\n    spec:\n      ports:\n        - port: 80\n          nope: 1\n"
    block = yaml_block(bad, ("1.34",))
    (finding,) = [f for f in verify(block).findings if f.check == "schema"]
    assert finding.message.startswith("items.1.spec.ports.0: Additional properties") and block.where(finding.line) == "x.yaml:15"
