"""kubeconform's fixtures through k8sdoctest: our verdict against kubeconform's (issue 15).

kubeconform (yannh/kubeconform) validates manifests against JSON schemas made from the
Kubernetes OpenAPI; `-strict` adds `additionalProperties: false` and refuses duplicate keys.
Its `acceptance.bats` (commit 17b2fd07) states the verdict for each fixture. This test runs
every fixture that is a built-in Kubernetes manifest through k8sdoctest, claimed for 1.34, and
compares: kubeconform valid -> we say `verified`; kubeconform invalid -> we say `failed`, for the
reason given in the table (so a fixture never agrees by accident).

Every file of upstream `fixtures/` is in exactly one table below:

- KUBECONFORM: compared. The verdict is the `-strict` one where acceptance.bats runs the fixture
  with `-strict`. Where it runs it without: an invalid verdict stays invalid under `-strict`
  (`-strict` only adds checks); a valid one is taken as the strict verdict too, because `-strict`
  adds only the unknown-field and duplicate-key rejections and those fixtures have neither
  (every field is in the 1.34 schema, no key repeats).
- STRICTER_APISERVER: kubeconform says valid and we fail, only because of a rule the API server
  applies and a JSON schema cannot express. Such a fixture counts as agreeing on validity only
  under these conditions: kubeconform's verdict is valid, every error we report comes from the
  `apiserver` check, and one of them contains the reason in the table. (No fixture held today is
  one: the table is empty, and a new case must be added to it, never passed silently.)
- DISAGREE: kubeconform and we differ and no API-server rule explains it. Known, explained,
  marked xfail(strict): the day k8sdoctest agrees, the test fails until the entry is removed.
- OUT_OF_SCOPE: kubeconform judges the file for reasons outside our model (custom resources,
  schema-location flags, caches, old versions, output formats) or states no verdict for it.
- NOT_HELD: acceptance.bats names them, but the stored copy of upstream holds no text for them.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from k8sdoctest.model import BlockResult, Finding

from .helpers import verify, yaml_page

DATA = Path(__file__).resolve().parent / "kubeconform_fixtures"
K8S = ("1.34",)


# fixture -> (kubeconform valid?, whether acceptance.bats ran it with -strict, its @test name, text our rejecting finding contains)
KUBECONFORM: dict[str, tuple[bool, bool, str, str | None]] = {
    "annotation_key_invalid.yaml": (False, False, "Fail when annotation key is invalid",
                                    'cluster-issuer\\"": name part must consist of alphanumeric characters'),
    "annotation_missing_value.yaml": (False, False, "Fail when annotation value is missing", None),
    "annotation_null_value.yaml": (False, False, "Fail when annotation value is null", None),
    "duplicate_property.yaml": (False, True, "Fail when parsing a config with duplicate properties and strict set",
                                'duplicate field "spec.template.spec.containers"'),
    "extra_property.yaml": (False, True, "Fail when parsing a config with additional properties and strict set", "'replicas' was unexpected"),
    "generate_name.yaml": (True, False, "Pass when parsing a valid Kubernetes config YAML file with generate name", None),
    "label_name_length.yaml": (False, False, "Fail when label name is too long", "name part must be no more than 63 characters"),
    "label_namespace.yaml": (False, False, "Fail when label namespace is invalid domain", "prefix part a lowercase RFC 1123 subdomain"),
    "label_value_length.yaml": (False, False, "Fail when label value is too long",
                                '"123456789_123456789_123456789_123456789_123456789_123456789_1234": must be no more than 63 characters'),
    "list_empty_valid.yaml": (True, False, "Pass on valid, empty list", None),
    "metadata_extra.yaml": (False, True, "Fail extra metadata fields when strict", "'annotation' was unexpected"),
    "metadata_name_missing.yaml": (False, False, "Fail when metadata name is missing", "name or generateName is required"),
    "missing_apiversion.yaml": (False, False, "Fail when parsing a config that is missing an apiVersion", "no apiVersion"),
    "multi_with_list.yaml": (True, False, "Pass on multi-yaml containing one resource, one list", None),
    "valid.json": (True, False, "Pass when parsing a valid Kubernetes config JSON file", None),
}

# fixture -> the API-server rule that makes us fail a manifest kubeconform's schema accepts (text of our apiserver finding)
STRICTER_APISERVER: dict[str, str] = {}

# fixture -> why k8sdoctest's verdict differs from kubeconform's
DISAGREE: dict[str, str] = {
    "annotation_missing_value.yaml": (
        "kubeconform refuses an annotation whose value is null (`some.domain/some-key:` with nothing after it); we accept it: the 1.34 "
        "strict schema (kubernetes-validate) lets an annotation value be null and apiserver/metadata.py validate_annotations reads null "
        "as \"\", as the API server's JSON decoder does (a null map value decodes to the empty string). Not a one-line fix: it means "
        "choosing kubeconform's rule over the decoder's, in the schema check or in validate_annotations."
    ),
    "annotation_null_value.yaml": "the same as annotation_missing_value.yaml, with an explicit `null`.",
}

# upstream fixtures/ file -> why it is not compared
OUT_OF_SCOPE: dict[str, str] = {
    **{f"cache/{name}": "a cached JSON schema for the -cache tests (acceptance-nonetwork.bats), not a manifest" for name in (
        "603105c17f981119fec20ae25cfb97ff6dd99114a875ae841ef965d9345667e3",
        "6dc6142c64b944d783a3e783526114da8e747a14a11d8b32dd1f12e2d89a8330",
        "6dd0c06492c957fe2118a16dae1c5b9e76be072b527a9a45fd1044bd54237334",
        "77d0b166bfea92a805efc479e183f115",
        "c83be334b785044137611770c677d106",
        "f07bea3f9d3a1cb6c76a58db9823ac1a603074e8997c5dc20a483b60f8c1b14b",
    )},
    "registry/sagemaker.aws.amazon.com_trainingjobs.yaml": "a CRD serving as a local schema registry for -schema-location tests, not a manifest under test",
    "registry/trainingjob-sagemaker-v1.json": "a JSON schema for -schema-location tests, not a manifest",
    "grafanaalertrulegroup_v1beta1.json": "a JSON schema for a custom resource, not a manifest",
    "grafana-alert-rule-group-sample.yaml": ("a custom resource (grafana.integreatly.org) judged against its own JSON schema file; "
                                             "no verdict in acceptance.bats"),
    "test_crd.yaml": ("a custom resource (sagemaker.aws.amazon.com/v1 TrainingJob) with no schema: kubeconform fails it for the missing schema, "
                      "passes it with -ignore-missing-schemas or a local registry"),
    "httpproxy.yaml": "a custom resource (projectcontour.io/v1 HTTPProxy) judged with -schema-location pointing at the datreeio CRDs catalog",
    "expected_unkown_field.yaml": "a custom resource (getambassador.io/v2 Mapping) judged with -schema-location fixtures/registry/mapping_v2.json",
    "crd_schema.yaml": ("named only by the --ignore-filename-pattern test, which never reads it; an apiextensions.k8s.io/v1beta1 CRD "
                        "(a specific old Kubernetes version: not served since 1.22)"),
    "krm.yaml": "a config.kubernetes.io/v1 ResourceList (KRM function input, not an API object); no verdict in acceptance.bats",
    "metadata_missing.yaml": "no verdict: acceptance.bats never names this fixture",
    "null_array.yaml": "no verdict: acceptance.bats never names this fixture (its test is kubeval's, which kubeconform did not keep)",
    "object_name-max_length.yaml": "no verdict: acceptance.bats never names this fixture",
    "valid_1.yaml": "no verdict: acceptance.bats never names this fixture",
}

# named by acceptance.bats, no text in the stored copy of yannh/kubeconform (so neither compared nor guessed)
NOT_HELD: dict[str, str] = {
    name: "named by acceptance.bats; the stored upstream copy holds no text for it" for name in (
        "valid.yaml", "invalid.yaml", "multi_valid.yaml", "multi_invalid.yaml", "int_or_string.yaml", "quantity.yaml", "null_string.yaml",
        "list_valid.yaml", "list_invalid.yaml", "missing_kind.yaml", "missing_kind_value.yaml", "valid_large.yaml", "folder/",
    )
} | {
    "blank.yaml": "an empty file (0 resources); not held",
    "comment.yaml": "a file with only a comment (0 resources); not held",
    "junit.xsd": "the JUnit output schema, not a manifest; not held",
}

# The files of upstream fixtures/ held by the stored copy (find_files yannh/kubeconform under fixtures/).
UPSTREAM_FIXTURES = frozenset({
    *KUBECONFORM, "metadata_missing.yaml", "null_array.yaml", "object_name-max_length.yaml", "valid_1.yaml", "krm.yaml", "test_crd.yaml",
    "httpproxy.yaml", "expected_unkown_field.yaml", "crd_schema.yaml", "grafana-alert-rule-group-sample.yaml", "grafanaalertrulegroup_v1beta1.json",
    "registry/sagemaker.aws.amazon.com_trainingjobs.yaml", "registry/trainingjob-sagemaker-v1.json",
    "cache/603105c17f981119fec20ae25cfb97ff6dd99114a875ae841ef965d9345667e3", "cache/6dc6142c64b944d783a3e783526114da8e747a14a11d8b32dd1f12e2d89a8330",
    "cache/6dd0c06492c957fe2118a16dae1c5b9e76be072b527a9a45fd1044bd54237334", "cache/77d0b166bfea92a805efc479e183f115",
    "cache/c83be334b785044137611770c677d106", "cache/f07bea3f9d3a1cb6c76a58db9823ac1a603074e8997c5dc20a483b60f8c1b14b",
})


@functools.cache
def result(name: str) -> BlockResult:
    path = DATA / name
    page = yaml_page(path.read_text(encoding="utf-8"), K8S, "json" if path.suffix == ".json" else "yaml", f"kubeconform/{name}")
    assert len(page.blocks) == 1
    return verify(page.blocks[0], page)


def errors(r: BlockResult) -> list[Finding]:
    return [f for f in r.findings if f.level == "error"]


def outcome(name: str) -> str:
    """`agree`, `stricter` (apiserver-only failure of a manifest kubeconform accepts) or `disagree`."""
    valid, _, _, because = KUBECONFORM[name]
    r = result(name)
    ours = r.status == "verified"
    if ours == valid:
        if not valid and because is not None and not any(because in f.message for f in errors(r)):
            return "disagree"  # both refuse it, but we for another reason
        return "agree"
    found = errors(r)
    if valid and found and all(f.check == "apiserver" for f in found) and name in STRICTER_APISERVER \
            and any(STRICTER_APISERVER[name] in f.message for f in found):
        return "stricter"
    return "disagree"


def describe(name: str) -> str:
    r = result(name)
    return f"{name}: kubeconform {'valid' if KUBECONFORM[name][0] else 'invalid'}, k8sdoctest {r.status}: " + \
        "; ".join(f"{f.check}: {f.message}" for f in errors(r))


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=DISAGREE[n])) if n in DISAGREE else n for n in sorted(KUBECONFORM)
])
def test_fixture_agrees_with_kubeconform(name: str) -> None:
    valid, _, _, because = KUBECONFORM[name]
    assert (because is None) == valid or name in DISAGREE, f"{name}: an invalid verdict needs the text of our rejecting finding"
    assert outcome(name) in ("agree", "stricter"), describe(name)
    assert (outcome(name) == "stricter") == (name in STRICTER_APISERVER), describe(name)


def test_every_upstream_fixture_is_accounted_for() -> None:
    """No fixture is dropped silently: each file is compared or listed with its reason, and only once."""
    tables = [set(KUBECONFORM), set(OUT_OF_SCOPE)]
    assert set.union(*tables) == UPSTREAM_FIXTURES
    assert not set(KUBECONFORM) & set(OUT_OF_SCOPE)
    assert not set(NOT_HELD) & UPSTREAM_FIXTURES
    assert set(DISAGREE) <= set(KUBECONFORM) and set(STRICTER_APISERVER) <= set(KUBECONFORM)
    assert not set(DISAGREE) & set(STRICTER_APISERVER)
    held = {p.name for p in DATA.iterdir() if p.name != "README.md"}
    assert held == set(KUBECONFORM), "tests/kubeconform_fixtures/ holds exactly the compared fixtures"
    assert all(reason.strip() for reason in (*OUT_OF_SCOPE.values(), *NOT_HELD.values(), *DISAGREE.values()))


def test_summary(capsys: pytest.CaptureFixture[str]) -> None:
    counts = {"agree": 0, "stricter": 0, "disagree": 0}
    for name in KUBECONFORM:
        counts[outcome(name)] += 1
    disagree = sorted(n for n in KUBECONFORM if outcome(n) == "disagree")
    with capsys.disabled():
        print(f"\nkubeconform fixtures: {counts['agree']} agree, {counts['stricter']} stricter (apiserver), {len(OUT_OF_SCOPE)} out of scope")
        print(f"kubeconform fixtures: {counts['disagree']} disagree ({', '.join(disagree)}), {len(NOT_HELD)} named by acceptance.bats but not held")
    assert disagree == sorted(DISAGREE), "the known disagreements are exactly the DISAGREE table"
